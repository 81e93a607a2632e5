"""Tests of the packaged gazetteer of China's administrative divisions."""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import pytest

from qscore.regions import gazetteer as gazetteer_module
from qscore.regions.gazetteer import Division, Gazetteer, PlaceHit, load_gazetteer

DATA = Path(gazetteer_module.__file__).resolve().parent / "data" / "divisions.tsv.gz"


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return load_gazetteer()


def names(divisions: list[Division]) -> list[str]:
    return [d.name for d in divisions]


def only(gz: Gazetteer, name: str, level: str | None = None) -> Division:
    found = [d for d in gz.lookup(name) if level is None or d.level == level]
    assert len(found) == 1, (name, found)
    return found[0]


def test_data_file_is_small_and_has_a_header() -> None:
    assert DATA.stat().st_size < 2_000_000
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        header = fh.readline()
    assert header.startswith("#")
    assert "jionlp" in header and "Apache-2.0" in header


def test_load_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()


def test_counts_per_level(gz: Gazetteer) -> None:
    levels: dict[str, int] = {}
    for d in gz:
        levels[d.level] = levels.get(d.level, 0) + 1
    assert levels["province"] == 34
    assert 330 <= levels["city"] <= 350
    assert 2_700 <= levels["county"] + levels["district"] <= 3_000
    assert levels["town"] > 38_000
    assert set(levels) == {"province", "city", "county", "district", "town"}


@pytest.mark.parametrize("surface", ["石柱", "石柱县", "石柱土家族自治县"])
def test_shizhu_resolves_to_one_county_under_chongqing(gz: Gazetteer, surface: str) -> None:
    found = gz.lookup(surface)
    assert len(found) == 1
    shizhu = found[0]
    assert shizhu.name == "石柱土家族自治县"
    assert shizhu.level == "county"
    assert gz.get(shizhu.parent).name == "重庆市"  # no 县 pseudo level in between
    assert names(gz.parents(shizhu)) == ["重庆市"]
    assert {"石柱", "石柱县"} <= set(shizhu.aliases)


def test_qinzhou_parent_is_guangxi(gz: Gazetteer) -> None:
    qinzhou = only(gz, "钦州市")
    assert qinzhou.level == "city"
    assert gz.get(qinzhou.parent).name == "广西壮族自治区"
    assert "钦州" in qinzhou.aliases
    assert gz.lookup("广西") == [gz.get(qinzhou.parent)]


def test_chaotian_district_chain(gz: Gazetteer) -> None:
    chaotian = only(gz, "朝天区")
    assert chaotian.level == "district"
    assert names(gz.parents(chaotian)) == ["四川省", "广元市"]


def test_xiaohan_town(gz: Gazetteer) -> None:
    xiaohan = only(gz, "小汉镇")
    assert xiaohan.level == "town"
    parents = gz.parents(xiaohan)
    assert names(parents) == ["四川省", "德阳市", "广汉市"]
    assert [d.level for d in parents] == ["province", "city", "county"]
    for ancestor in parents:
        assert gz.is_within(xiaohan, ancestor)
    assert not gz.is_within(xiaohan, only(gz, "重庆市"))
    assert not gz.is_within(parents[0], xiaohan)


def test_chaoyang_district_is_ambiguous(gz: Gazetteer) -> None:
    found = gz.lookup("朝阳区")
    assert {gz.parents(d)[-1].name for d in found} == {"北京市", "长春市"} and len(found) == 2


def test_gulou_district_is_ambiguous(gz: Gazetteer) -> None:
    found = gz.lookup("鼓楼区")
    assert {gz.parents(d)[-1].name for d in found} == {"南京市", "徐州市", "福州市", "开封市"} and len(found) == 4
    assert all(d.level == "district" for d in found)


def test_hangtou_town_under_pudong(gz: Gazetteer) -> None:
    found = [d for d in gz.lookup("航头镇") if gz.parents(d)[0].name == "上海市"]
    assert len(found) == 1
    assert names(gz.parents(found[0])) == ["上海市", "浦东新区"]


def test_jizhou_district_under_tianjin(gz: Gazetteer) -> None:
    jizhou = only(gz, "蓟州区")
    assert jizhou.level == "district"
    assert names(gz.parents(jizhou)) == ["天津市"]


def test_pseudo_levels_are_skipped(gz: Gazetteer) -> None:
    assert gz.lookup("市辖区") == []
    assert gz.lookup("省直辖县级行政区划") == []
    assert gz.lookup("省直辖行政区划") == []
    xiantao = only(gz, "仙桃市")
    assert names(gz.parents(xiantao)) == ["湖北省"]
    for d in gz:
        assert d.parent != d.code


def test_aliases(gz: Gazetteer) -> None:
    assert only(gz, "内蒙古自治区").aliases[0] == "内蒙古"
    assert "伊旗" in only(gz, "伊金霍洛旗").aliases
    assert names(gz.lookup("鄂尔多斯")) == ["鄂尔多斯市"]
    assert names(gz.lookup("四川")) == ["四川省"]
    # no one-character aliases anywhere
    for d in gz:
        assert all(len(a) >= 2 for a in d.aliases), d
        assert d.name not in d.aliases


def test_lookup_orders_full_names_first(gz: Gazetteer) -> None:
    # same-level ambiguity: by level, then by code
    found = gz.lookup("东乡")  # 东乡区 (Fuzhou, Jiangxi) and 东乡族自治县 (Linxia)
    assert sorted(names(found)) == ["东乡区", "东乡族自治县"]
    assert [d.code for d in found] == sorted(d.code for d in found)
    assert gz.lookup("no such place") == []


def test_aliases_never_shadow_a_higher_level(gz: Gazetteer) -> None:
    # an alias of a lower-level division never equals a name or alias of a higher one
    assert names(gz.lookup("朝阳")) == ["朝阳市"]  # not 朝阳区 (Beijing, Changchun)
    assert names(gz.lookup("长沙")) == ["长沙市"]  # not 长沙县
    assert names(gz.lookup("海南")) == ["海南省"]  # not 海南藏族自治州 (海南州)
    assert names(gz.lookup("海南州")) == ["海南藏族自治州"]
    assert names(gz.lookup("河南")) == ["河南省"]  # not 河南蒙古族自治县 (河南县)
    assert names(gz.lookup("吉林")) == ["吉林省"]
    rank = {"province": 0, "city": 1, "county": 2, "district": 2, "town": 3}
    for d in gz:
        for a in d.aliases:
            assert all(rank[o.level] >= rank[d.level] for o in gz.lookup(a)), (d, a)


def test_get_unknown_code_raises(gz: Gazetteer) -> None:
    with pytest.raises(KeyError):
        gz.get("999999")
    assert gz.get("500240").name == "石柱土家族自治县"


def test_scan_finds_places_with_offsets(gz: Gazetteer) -> None:
    text = "今年五月，调研组先到钦州市，又去了四川广汉的小汉镇。"
    hits = gz.scan(text)
    by_surface = {h.surface: h for h in hits}
    for h in hits:
        assert isinstance(h, PlaceHit)
        assert text[h.start : h.end] == h.surface
    qz = by_surface["钦州市"]
    assert (qz.start, qz.end) == (10, 13)
    assert qz.full and [d.name for d in qz.candidates] == ["钦州市"]
    xh = by_surface["小汉镇"]
    assert (xh.start, xh.end) == (text.index("小汉镇"), text.index("小汉镇") + 3)
    assert xh.full and names(list(xh.candidates)) == ["小汉镇"]
    # aliases are found too, flagged as such
    assert by_surface["四川"].full is False
    assert by_surface["广汉"].candidates[0].name == "广汉市"


def test_scan_is_leftmost_longest(gz: Gazetteer) -> None:
    hits = gz.scan("石柱土家族自治县")
    assert [(h.start, h.end, h.surface, h.full) for h in hits] == [
        (0, 8, "石柱土家族自治县", True)
    ]
    assert gz.scan("") == []


def test_custom_gazetteer_without_cache() -> None:
    top = Division("1", "甲省", "province", None, ("甲地",))
    child = Division("1-1", "乙市", "city", "1", ("乙地",))
    g = Gazetteer([top, child])
    assert g.get("1-1") is child
    assert g.parents(child) == [top]
    assert [h.surface for h in g.scan("甲地乙市")] == ["甲地", "乙市"]
    with pytest.raises(ValueError):
        Gazetteer([child])  # unknown parent
    with pytest.raises(ValueError):
        Gazetteer([top, top])


def test_the_index_survives_the_cache_round_trip() -> None:
    """load_gazetteer caches the whole index pickled (rows and surfaces marshalled, the automaton
    serialized): what comes back scans and resolves as the original."""
    top = Division("1", "甲省", "province", None, ("甲地",))
    child = Division("1-1", "乙市", "city", "1", ("乙地",))
    twin = Division("2-1", "乙市", "city", None, ())
    original = Gazetteer([top, child, twin])
    copy = pickle.loads(pickle.dumps(original))
    for text in ("甲地乙市", "乙地", "甲省乙市乙地"):
        assert [(h.start, h.end, h.surface, [d.code for d in h.candidates]) for h in copy.scan(text)] == \
               [(h.start, h.end, h.surface, [d.code for d in h.candidates]) for h in original.scan(text)]
    assert copy.get("1-1") == child
    assert [d.code for d in copy.lookup("乙市")] == ["1-1", "2-1"]
