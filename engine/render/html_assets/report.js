/* qscore HTML report: sortable tables and the way back from a sentence. No request, no library. */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-Hans-CN", {numeric: true});
  var LABELS = {ascending: "升序", descending: "降序"};

  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim() : value;
  }

  function compare(a, b, column, numeric) {
    var x = key(a, column), y = key(b, column);
    if (numeric) {
      var p = parseFloat(x), q = parseFloat(y);
      if (isNaN(p) || isNaN(q)) { return isNaN(p) - isNaN(q); }
      return p - q;
    }
    return collator.compare(x, y);
  }

  function sortable(table) {
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var status = document.querySelector("[data-sort-status]");
    Array.prototype.forEach.call(body.rows, function (row, index) { row.setAttribute("data-index", index); });
    headers.forEach(function (th, column) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-type") === "number";
        headers.forEach(function (other) {
          if (other.hasAttribute("aria-sort")) { other.setAttribute("aria-sort", "none"); }
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = compare(a, b, column, numeric);
          if (!ascending) { order = -order; }
          // Equal keys keep the page's original order, whichever the direction (a stable sort).
          return order || (a.getAttribute("data-index") - b.getAttribute("data-index"));
        });
        rows.forEach(function (row) { body.appendChild(row); });
        if (status && table.id === "summary-table") {
          status.textContent = "已按" + th.textContent.trim() + LABELS[th.getAttribute("aria-sort")] + "排列";
        }
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), sortable);

  // After following a score to its sentence, a button leads back to where the reader was.
  var back = document.querySelector("[data-back]");
  var jumped = false;
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#doc-']") : null;
    if (link) { jumped = true; }
  });
  window.addEventListener("hashchange", function () {
    if (back) { back.hidden = !(jumped && location.hash.indexOf("#doc-") === 0); }
  });
  if (back) {
    back.addEventListener("click", function (event) {
      event.preventDefault();
      back.hidden = true;
      history.back();
    });
  }

  // Printing shows every piece of evidence, including those folded away on screen.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
})();
