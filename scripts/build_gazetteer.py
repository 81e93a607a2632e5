#!/usr/bin/env python3
"""Build ``engine/regions/data/divisions.tsv.gz`` from the data of the PyPI package jionlp.

This is a one-off, offline build step.  The project never depends on jionlp: the
derived file is committed and shipped inside the ``qscore.regions`` package.

Usage (jionlp lives in a scratch venv, never in the project's venv)::

    python3 -m venv /tmp/jio-venv && /tmp/jio-venv/bin/pip install --no-deps jionlp
    python3 scripts/build_gazetteer.py --jionlp /tmp/jio-venv/lib/python3.11/site-packages/jionlp

Without ``--jionlp`` the script looks for an importable ``jionlp`` *distribution* (it
only locates the files, it never imports jionlp itself, whose import is heavy).

Source: ``jionlp/dictionary/china_location.zip`` (member ``china_location.txt``), a
tab-indented tree::

    省<TAB>code<TAB>alias
    <TAB>市<TAB>code<TAB>alias[/alias...]
    <TAB><TAB>县区<TAB>code<TAB>alias
    <TAB><TAB><TAB>乡镇街道            (no code)
    <TAB><TAB><TAB><TAB>村社区          (ignored)

Output, one division a line (UTF-8, gzip), after a ``#`` header line::

    code<TAB>name<TAB>level<TAB>parent_code<TAB>aliases(|-separated)

What the script does to the source:

* NBS pseudo levels are skipped and their children re-attached to the real parent:
  the municipalities' pseudo city (北京市 under 北京市), 省直辖行政区划 /
  自治区直辖县级行政区划, 市直辖行政区划 (东莞, 中山, 儋州, 嘉峪关 towns hang
  directly under the city), 区/县直辖行政区划.
* Economic/development zones and other non-administrative county-level units
  (经济技术开发区, 高新区, 管理区, 示范区, NBS codes xxxx7x, ...) are dropped; their
  towns are re-attached to the city.
* Town-level entries are kept only when they are administrative divisions (镇, 乡,
  民族乡, 街道, 苏木, and Beijing's 地区 offices); farms, forest farms, prisons,
  industrial parks etc. are dropped.
* jionlp carries no codes for towns: their codes are synthesised as
  ``<parent code>-<ordinal>`` (e.g. ``510681-007``), stable for one jionlp version only
  and never an NBS 9-digit code.  Hong Kong and Macau districts carry no distinct code
  in jionlp either and get the same kind of synthetic code.  Taiwan's districts carry
  no code and their list in jionlp is partly wrong, so they are left out.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import importlib.metadata
import io
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "engine" / "regions" / "data" / "divisions.tsv.gz"

# The 56 ethnic groups, without 族.  Used to strip autonomy words from names.
ETHNIC = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺 各"  # 各族 as in 龙胜各族自治县
).split()
# Longest first so 土家族 is preferred over 土族 ... (matching is on the end of the stem).
_WITH_ZU = "|".join(sorted((re.escape(e) + "族" for e in ETHNIC), key=len, reverse=True))
# In autonomous names, multi-character group names also occur without 族
# (巴音郭楞蒙古自治州, 新疆维吾尔自治区, 鄂伦春自治旗).
_BARE = "|".join(sorted((re.escape(e) for e in ETHNIC if len(e) > 1), key=len, reverse=True))
_ETHNIC_RE = re.compile(f"(?:{_WITH_ZU})$")
_ETHNIC_AUTONOMOUS_RE = re.compile(f"(?:{_WITH_ZU}|{_BARE})$")

PROVINCE_EXTRA_ALIASES = {
    "内蒙古自治区": ["内蒙"],
}

# Known slips in jionlp's data, fixed here (full names).
NAME_FIXES = {
    "奎青区": "葵青区",  # Hong Kong, Kwai Tsing
    "苗粟县": "苗栗县",  # Taiwan, Miaoli
}
# jionlp aliases that are wrong or misleading: name -> (drop, add)
ALIAS_FIXES = {
    "六枝特区": (["六枝特"], ["六枝"]),
    "九龙城区": (["九龙"], ["九龙城"]),  # 九龙 is the whole peninsula
}

# County-level entries that are not administrative divisions although their names look so.
# Most zones carry NBS codes xxxx7x; these do not.
NON_ADMIN_COUNTY = {
    "天府新区",  # a national-level new area managed by Chengdu, not a district
    "保定白沟新城",
}
# Words that mark a zone rather than a division (绿园区, 新城区, 梁园区 are districts:
# so no bare 园区 or 新城 here).
ZONE_WORDS = (
    "开发区", "工业园", "产业园", "管理区", "示范区", "实验区", "试验区", "保税区",
    "聚集区", "管委会", "委员会", "风景名胜区", "岛礁",
)
PSEUDO = ("直辖行政区划", "直辖县级行政区划")

LEVEL_ORDER = {"province": 0, "city": 1, "county": 2, "district": 2, "town": 3}


@dataclass
class Div:
    code: str
    name: str
    level: str
    parent: str  # code, "" for provinces
    jio_aliases: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def strip_ethnic(stem: str, autonomous: bool) -> str:
    """Strip trailing ethnic-group words (苗族土家族, 蒙古, ...) while >= 2 chars remain.

    When the whole stem is an ethnic name (东乡族 in 东乡族自治县, 鄂温克族), the group
    name without 族 is returned.  Outside autonomous names (自治县/州/旗/区, 民族乡) only
    words ending in 族 are stripped: a town 高山镇 or 东乡镇 is no ethnic name.
    """
    regex = _ETHNIC_AUTONOMOUS_RE if autonomous else _ETHNIC_RE
    while True:
        m = regex.search(stem)
        if not m:
            return stem
        rest = stem[: m.start()]
        if rest == "":
            return stem[:-1] if stem.endswith("族") else stem
        if len(rest) < 2:  # 内蒙古 must not lose 蒙古
            return stem
        stem = rest


def derive(name: str, level: str) -> tuple[list[str], list[str]]:
    """Return (suffixed short forms, bare stems) for a full name.

    Suffixed short forms keep an administrative suffix (石柱县, 海南州, 顺河区, 长坡乡);
    bare stems have none (石柱, 钦州).
    """
    suffixed: list[str] = []
    if level == "province":
        suffixes = ["特别行政区", "自治区", "省", "市"]
    elif level == "city":
        suffixes = ["自治州", "地区", "市", "盟"]
    elif level == "county":
        suffixes = ["自治县", "自治旗", "特区", "县", "市", "旗"]
        if name == "神农架林区":
            suffixes = ["林区"]
    elif level == "district":
        suffixes = ["新区", "矿区", "区"]
    else:
        suffixes = ["民族苏木", "民族乡", "苏木", "街道", "地区", "镇", "乡"]
    stem = None
    suf = ""
    for s in suffixes:
        if name.endswith(s) and len(name) - len(s) >= 1:
            cand = name[: -len(s)]
            if len(cand) < 2 and s in ("新区", "矿区"):
                continue  # 清新区 -> 清新, not 清
            stem, suf = cand, s
            break
    if stem is None:
        return [], []
    base = strip_ethnic(stem, suf.startswith(("自治", "民族")))
    if base != stem or suf.startswith("自治") or suf.startswith("民族"):
        # autonomous unit or ethnic township/district: add stem + plain suffix
        plain = {
            "自治县": "县", "自治旗": "旗", "自治州": "州", "自治区": "",
            "民族乡": "乡", "民族苏木": "苏木", "乡": "乡", "苏木": "苏木", "区": "区",
            "县": "县", "镇": "镇",
        }.get(suf, "")
        if plain and len(base) >= 2:
            suffixed.append(base + plain)
    return suffixed, [base]


def classify_county(name: str, code: str) -> str | None:
    if name in NON_ADMIN_COUNTY or any(w in name for w in ZONE_WORDS):
        return None
    if len(code) == 6 and code[4] == "7":  # NBS codes xxxx7x are statistical zones
        return None
    if name == "神农架林区" or name.endswith(("县", "旗", "特区")):
        return "county"
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county"  # county-level city
    return None


# Bare town stems ending so are not used as aliases: administrative words (嘉定镇街道,
# 花胡硕苏木乡) and street or road names (西宁路街道, 福华街街道), which recur in many
# cities and would point a street address at one arbitrary sub-district.
TOWN_STEM_REJECT = ("镇", "乡", "区", "县", "市", "街道", "苏木", "路", "街", "道", "巷")

TOWN_RE = re.compile(r"(镇|乡|街道|苏木)$")


def normalise_town(name: str) -> str:
    if name.endswith("街道办事处"):
        return name[: -len("办事处")]
    return name


def find_source(jionlp_dir: str | None) -> tuple[Path, str]:
    if jionlp_dir:
        root = Path(jionlp_dir)
    else:
        dist = importlib.metadata.distribution("jionlp")
        root = Path(dist.locate_file("jionlp"))
    version = "unknown"
    for meta in root.parent.glob("jionlp-*.dist-info/METADATA"):
        for line in meta.read_text(encoding="utf-8").splitlines():
            if line.startswith("Version:"):
                version = line.split(":", 1)[1].strip()
    return root / "dictionary" / "china_location.zip", version


def read_tree(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as zf:
        with zf.open("china_location.txt") as fh:
            return io.TextIOWrapper(fh, encoding="utf-8").read().splitlines()


def build(lines: list[str]) -> tuple[list[Div], collections.Counter, list[str]]:
    divs: list[Div] = []
    by_code: dict[str, Div] = {}
    dropped: collections.Counter = collections.Counter()
    town_seq: collections.Counter = collections.Counter()
    seen_town: set[tuple[str, str]] = set()
    zones: list[str] = []

    def add(d: Div) -> None:
        if d.code in by_code:
            raise SystemExit(f"duplicate code {d.code}: {by_code[d.code].name} / {d.name}")
        by_code[d.code] = d
        divs.append(d)

    def synth_code(parent: str) -> str:
        town_seq[parent] += 1
        return f"{parent}-{town_seq[parent]:03d}"

    prov: Div | None = None
    city_parent = ""  # code of the record that a county hangs under
    county_parent = ""  # code of the record that a town hangs under
    in_taiwan = False
    for raw in lines:
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip("\t"))
        fields = raw.strip().split("\t")
        name = NAME_FIXES.get(fields[0], fields[0])
        if name != fields[0] and len(fields) == 3:
            fields[2] = ""  # jionlp's alias carries the same slip; derive it anew
        if depth == 0:
            pname, pcode, palias = fields
            prov = Div(pcode, pname, "province", "", palias.split("/"))
            prov.jio_aliases += PROVINCE_EXTRA_ALIASES.get(pname, [])
            add(prov)
            in_taiwan = pname == "台湾省"
            city_parent = county_parent = prov.code
        elif depth == 1:
            assert prov is not None
            code, alias = fields[1], fields[2]
            if code == prov.code or any(p in name for p in PSEUDO):
                city_parent = county_parent = prov.code  # pseudo level
                continue
            add(Div(code, name, "city", prov.code, alias.split("/")))
            city_parent = county_parent = code
        elif depth == 2:
            assert prov is not None
            if len(fields) != 3:  # Taiwan's districts: no code
                dropped["county-level without code (Taiwan)"] += 1
                county_parent = ""
                continue
            code, alias = fields[1], fields[2]
            if any(p in name for p in PSEUDO):
                county_parent = city_parent  # 市直辖行政区划: towns hang under the city
                continue
            if prov.code in ("810000", "820000"):  # HK / Macau: districts share one code
                if not name.endswith("区"):
                    dropped[f"non-district under {prov.name}: {name}"] += 1
                    county_parent = ""
                    continue
                code = synth_code(prov.code)
                level = "district"
            elif in_taiwan and city_parent == prov.code:
                level = "city" if name.endswith("市") else "county"
            else:
                level = classify_county(name, code)
            if level is None:
                dropped["county-level zone/non-administrative"] += 1
                zones.append(f"{name}({code})")
                county_parent = city_parent  # re-attach the zone's towns to the city
                continue
            add(Div(code, name, level, city_parent, alias.split("/")))
            county_parent = code
        elif depth == 3:
            if not county_parent:
                continue
            name = normalise_town(name)
            is_town = bool(TOWN_RE.search(name)) or (
                prov is not None and prov.name == "北京市" and name.endswith("地区")
            )
            if not is_town:
                dropped["town-level non-administrative (farm, zone, ...)"] += 1
                continue
            if TOWN_RE.sub("", name) == "":
                dropped["town-level without a name (bare 街道)"] += 1
                continue
            key = (county_parent, name)
            if key in seen_town:
                dropped["town-level duplicate"] += 1
                continue
            seen_town.add(key)
            add(Div(synth_code(county_parent), name, "town", county_parent))
        # depth 4: villages, ignored
    return divs, dropped, zones


def finish_aliases(divs: list[Div]) -> list[tuple[str, str, str]]:
    """Combine jionlp's aliases with derived forms and filter them.

    An alias never shadows a division of a higher level: a surface that is the name or
    an alias of a province is no alias of a city, county or town, and so on down
    (海南藏族自治州 gets 海南州 but not 海南, 长沙县 not 长沙, 伊金霍洛镇 not 伊金霍洛).
    jionlp applies this rule itself in most places (吉林市 has no alias 吉林) but not in
    all (长沙县 -> 长沙, 西安区 -> 西安).  Returns the aliases removed so, as
    (name, alias, why).
    """
    removed: list[tuple[str, str, str]] = []
    for d in divs:
        drop, extra = ALIAS_FIXES.get(d.name, ([], []))
        d.jio_aliases = [a for a in d.jio_aliases if a and a not in drop] + extra

    # surface -> highest level (lowest rank) that owns it as a name or kept alias
    owner_rank: dict[str, int] = {}
    for d in divs:
        rank = LEVEL_ORDER[d.level]
        owner_rank[d.name] = min(owner_rank.get(d.name, 9), rank)

    for rank in sorted(set(LEVEL_ORDER.values())):
        batch = [d for d in divs if LEVEL_ORDER[d.level] == rank]
        for d in batch:
            suffixed, bare = derive(d.name, d.level)
            # jionlp gives the full name as "alias" when it deliberately declines a
            # short one (吉林市, 资源县, 南海区, 阿里地区): no bare stem then.
            declined = d.level != "town" and (not d.jio_aliases or d.name in d.jio_aliases)
            candidates = [(a, "jionlp") for a in d.jio_aliases]
            candidates += [(a, "derived") for a in suffixed]
            if not declined:
                for a in bare:
                    if d.level == "town" and (len(a) < 3 or a.endswith(TOWN_STEM_REJECT)):
                        continue
                    candidates.append((a, "derived"))
            final: list[str] = []
            for a, origin in candidates:
                if len(a) < 2 or a == d.name or a in final or "|" in a or "\t" in a:
                    continue
                if owner_rank.get(a, 9) < rank:
                    if origin == "jionlp":
                        removed.append((d.name, a, "shadows a higher-level division"))
                    continue
                final.append(a)
            d.aliases = final
        for d in batch:
            for a in d.aliases:
                owner_rank[a] = min(owner_rank.get(a, 9), rank)
    return removed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jionlp", help="path of the installed jionlp package directory")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)

    src, version = find_source(args.jionlp)
    lines = read_tree(src)
    divs, dropped, zones = build(lines)
    removed = finish_aliases(divs)

    header = (
        f"# qscore gazetteer of China's administrative divisions. Derived from the PyPI "
        f"package jionlp {version} (Apache-2.0, https://github.com/dongrixinyu/JioNLP), "
        f"file jionlp/dictionary/china_location.zip, by scripts/build_gazetteer.py. "
        f"Columns: code, name, level, parent_code, aliases (|-separated). Codes with a '-' "
        f"are synthetic (jionlp has no code for them), not NBS codes."
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write(header + "\n")
    for d in divs:
        buf.write("\t".join([d.code, d.name, d.level, d.parent, "|".join(d.aliases)]) + "\n")
    tmp = out.with_suffix(".tmp")
    # mtime=0 keeps the gzip output byte-identical across rebuilds
    with open(tmp, "wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0
    ) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    os.replace(tmp, out)

    counts = collections.Counter(d.level for d in divs)
    print(f"source: {src} (jionlp {version})")
    for level in ("province", "city", "county", "district", "town"):
        print(f"{level:9s} {counts[level]:6d}")
    print(f"{'total':9s} {len(divs):6d}")
    print(f"aliases   {sum(len(d.aliases) for d in divs):6d}")
    for why, n in sorted(dropped.items()):
        print(f"dropped: {why}: {n}")
    print("dropped county-level units:", " ".join(zones))
    for name, alias, why in removed:
        print(f"jionlp alias not kept: {name} -> {alias} ({why})")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
