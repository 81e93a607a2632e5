"""Web pages: the main text, without menus, footers and share buttons (trafilatura, loaded here only).

trafilatura's precision mode is used: on government and news pages its recall mode keeps the
navigation bar. The page's <title> leads the text when the extracted body does not start with
it, because the title decides the genre and often names the region.
"""
from __future__ import annotations

import re

from ..documents import DocumentError
from .base import Extracted, decoded

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class HtmlReader:
    name = "html"
    suffixes = (".html", ".htm", ".xhtml", ".shtml")

    def read(self, data: bytes, encoding: str | None = None) -> Extracted:
        declared = _META_CHARSET.search(data[:4096])
        if encoding is None and declared:
            charset = declared.group(1).decode("ascii").lower()
            encoding = "gb18030" if charset in ("gb2312", "gbk", "gb18030") else charset
        try:
            html, used = decoded(data, encoding)
        except DocumentError:
            if declared is None:
                raise
            html, used = decoded(data, None)  # a page that lies about its charset
        import trafilatura

        body = trafilatura.extract(html, include_tables=True, favor_precision=True, include_comments=False)
        if not body or not body.strip():
            raise DocumentError("a web page with no main text")
        title = _TITLE.search(html)
        heading = re.split(r"[_|—–-]{1,2}", " ".join(title.group(1).split()))[0].strip() if title else ""
        if heading and not body.lstrip().startswith(heading[:8]):
            body = heading + "\n" + body
        return Extracted(body, used)
