"""The regions of the five seed documents, and sentence attribution in the conference text."""
from __future__ import annotations

import pytest

from qscore.documents import read_document

from .conftest import ROOT, attribution_of, sentence_owners

SEEDS = ROOT / "seeds"


def regions_of(name: str):
    return attribution_of(read_document(str(SEEDS / name)).text, name)


@pytest.mark.parametrize("name, region, level, parents", [
    ("000_256561f21098d2da.txt", "朝天区", "district", ("四川省", "广元市")),
    ("001_bc5bb885abade284.txt", "小汉镇", "town", ("四川省", "德阳市", "广汉市")),
    ("002_75c0aedde7100288.txt", "钦州市", "city", ("广西壮族自治区",)),
    ("003_b46d6f474a11a0cb.txt", "石柱县", "county", ("重庆市",)),
])
def test_single_subject_seeds(name, region, level, parents):
    _, _, attribution = regions_of(name)
    subjects = {attribution.regions[i] for indices in attribution.sentence_regions for i in indices}
    assert [(r.name, r.level, r.parents) for r in subjects] == [(region, level, parents)]


def test_conference_seed_has_four_regions_each_with_its_part():
    attributed = regions_of("004_60eba7a7e0f0c574.txt")
    names = [r.name for r in attributed[2].regions]
    assert sorted(names) == sorted(["四川省", "成都市", "攀枝花市", "巴中市"])

    def owner(snippet: str) -> list[str]:
        return sentence_owners(attributed, snippet)

    assert owner("全省推进质量强省工作会在蓉召开") == ["四川省"]
    assert owner("首次设立规模为每年3000万元的标准化专项资金") == ["成都市"]
    assert owner("全年立案查处制售假冒伪劣") == ["攀枝花市"]
    assert owner("6人取得评茶师资格证书") == ["巴中市"]
    assert owner("我委始终聚焦制造强省建设") == ["四川省"]  # a provincial department speaks for its province
    assert owner("推荐攀枝花钒钛高新技术产业开发区获批") == ["四川省"]  # a mention inside the province's part
