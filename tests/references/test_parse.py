"""Tests of the parser facade and of filling the references of works in place."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from bri_kg.models import Reference, Source, Work
from bri_kg.references import ParsedReference, ReferenceParser, parse_reference, parse_work_references
from bri_kg.references.labels import Segment
from bri_kg.references.tagger import TaggedReference

RAW = "Koch, N. (2013). Changing geopolitics. Eurasian Geography and Economics, 54(1), 110–133."


class FakeTagger:
    """Labels a fixed APA article by its printed pieces; counts calls."""

    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail

    def tag(self, raw: str) -> TaggedReference:
        self.calls += 1
        if self.fail:
            raise RuntimeError("boom")
        spans = [
            ("author", "Koch, N."),
            ("date", "(2013)."),
            ("title", "Changing geopolitics."),
            ("container-title", "Eurasian Geography and Economics,"),
            ("volume", "54(1),"),
            ("pages", "110–133."),
        ]
        segments, pos = [], 0
        for label, text in spans:
            start = raw.find(text, pos)
            if start >= 0:
                segments.append(Segment(label, text, start, start + len(text)))
                pos = start + len(text)
        return TaggedReference(raw, segments, 0.9)

    def tag_many(self, raws: Iterable[str]) -> list[TaggedReference]:
        return [self.tag(raw) for raw in raws]


def _work(*refs: Reference) -> Work:
    return Work(csl={"title": "W"}, source=Source("x.json", "crossref-json", "0"), references=list(refs))


def test_parse_gives_csl_confidence_and_segments() -> None:
    parsed = ReferenceParser(FakeTagger()).parse(RAW, id="r1")
    assert isinstance(parsed, ParsedReference)
    assert parsed.confidence == pytest.approx(0.9)
    assert [s.label for s in parsed.segments][:2] == ["author", "date"]
    assert parsed.csl == {
        "id": "r1",
        "type": "article-journal",
        "author": [{"family": "Koch", "given": "N."}],
        "issued": {"date-parts": [[2013]]},
        "title": "Changing geopolitics",
        "container-title": "Eurasian Geography and Economics",
        "volume": "54",
        "issue": "1",
        "page": "110-133",
    }


def test_default_id_is_stable_and_distinct() -> None:
    parser = ReferenceParser(FakeTagger())
    first, again, other = parser.parse(RAW), parser.parse(RAW), parser.parse(RAW + " ")
    assert first.csl["id"] == again.csl["id"] != other.csl["id"]
    assert first.csl["id"].startswith("ref-")


def test_tagger_failure_does_not_raise() -> None:
    parsed = ReferenceParser(FakeTagger(fail=True)).parse(RAW)
    assert parsed.confidence == 0.0
    assert parsed.csl["type"] and parsed.csl["id"]


def test_parse_many_keeps_order() -> None:
    parsed = ReferenceParser(FakeTagger()).parse_many([RAW, "", RAW])
    assert [p.csl.get("title") for p in parsed] == ["Changing geopolitics", None, "Changing geopolitics"]


def test_parse_work_references_fills_only_empty_csl() -> None:
    given = {"title": "From Crossref", "DOI": "10.1/x"}
    refs = [
        Reference(raw=RAW, position=1, csl={}),
        Reference(raw="Structured", position=2, csl=dict(given)),
        Reference(raw=RAW, position=3, csl={}, doi="10.1080/ABC."),
    ]
    tagger = FakeTagger()
    parse_work_references([_work(*refs)], ReferenceParser(tagger))
    assert tagger.calls == 1  # the same string in two references is parsed once
    assert refs[0].csl["id"] == "ref-1" and refs[0].confidence == pytest.approx(0.9)
    assert refs[1].csl == {**given, "id": "ref-2"}
    assert refs[2].csl["id"] == "ref-3" and refs[2].confidence == pytest.approx(0.9)
    assert refs[2].csl["DOI"] == "10.1080/abc"
    assert "DOI" not in refs[0].csl
    # Each reference owns its item: editing one leaves the other as parsed.
    refs[2].csl["author"][0]["family"] = "Edited"
    assert refs[0].csl["author"] == [{"family": "Koch", "given": "N."}]
    assert next(iter(refs[0].csl)) == "id"


def test_parsed_doi_wins_over_source_doi() -> None:
    ref = Reference(raw=RAW + " doi:10.5555/printed", position=7, csl={}, doi="10.9999/source")
    parse_work_references([_work(ref)], ReferenceParser(FakeTagger()))
    assert ref.csl["DOI"] == "10.5555/printed"


def test_default_parser_uses_the_shipped_model() -> None:
    csl = parse_reference(
        "Aoyama, R. (2016). Title of a paper. Journal of East Asia Studies, 5(2), 3–22. doi:10.1080/123.456"
    )
    assert csl["DOI"] == "10.1080/123.456"
    assert csl["issued"] == {"date-parts": [[2016]]}
    assert csl["author"] == [{"family": "Aoyama", "given": "R."}]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "[1] 王小明. 中国移民问题研究[J]. 人口研究, 2018, 42(3): 5-15.",
            {"type": "article-journal", "title": "中国移民问题研究", "container-title": "人口研究",
             "volume": "42", "issue": "3", "page": "5-15", "author": [{"family": "王小明"}]},
        ),
        (
            "张三. 哈萨克斯坦劳动力迁移研究[D]. 上海: 华东师范大学, 2019.",
            {"type": "thesis", "title": "哈萨克斯坦劳动力迁移研究", "publisher-place": "上海",
             "publisher": "华东师范大学", "issued": {"date-parts": [[2019]]}},
        ),
        (
            "李四. 丝绸之路经济带建设中的人口流动[C]//王五. 中亚研究论文集. 乌鲁木齐: 新疆人民出版社, 2016: 45-60.",
            {"type": "paper-conference", "title": "丝绸之路经济带建设中的人口流动", "editor": [{"family": "王五"}],
             "container-title": "中亚研究论文集", "publisher": "新疆人民出版社", "page": "45-60"},
        ),
        (
            "习近平. 携手推进一带一路建设[N]. 人民日报, 2017-05-15(3).",
            {"type": "article-newspaper", "container-title": "人民日报", "issued": {"date-parts": [[2017, 5, 15]]}},
        ),
        (
            "ZHANG L, WANG H. Labor migration along the Belt and Road[J]. Eurasian Geography and Economics, 2019, "
            "60(4): 1-22. DOI: 10.1080/15387216.2019.1234567.",
            {"type": "article-journal", "title": "Labor migration along the Belt and Road",
             "container-title": "Eurasian Geography and Economics", "volume": "60", "issue": "4",
             "DOI": "10.1080/15387216.2019.1234567"},
        ),
        (
            "国家统计局. 2018年国民经济和社会发展统计公报[EB/OL]. (2019-02-28)[2020-01-10]. http://www.stats.gov.cn/x.html",
            {"type": "webpage", "title": "2018年国民经济和社会发展统计公报", "URL": "http://www.stats.gov.cn/x.html"},
        ),
    ],
)  # fmt: skip
def test_gbt_7714_references(raw: str, expected: dict[str, object]) -> None:
    csl = parse_reference(raw)
    assert {key: csl.get(key) for key in expected} == expected


def test_a_bracketed_letter_inside_a_title_is_no_gbt_code() -> None:
    csl = parse_reference(
        "Smith, J. (2019). Matrix [M] notation in migration models. Journal of X, 3(2), 1-5."
    )
    assert csl["title"] == "Matrix [M] notation in migration models" and csl["type"] == "article-journal"


def test_the_site_named_between_the_title_and_the_link_is_the_container() -> None:
    raw = (
        "Putz, C. (2019, September 4). Kazakhstan's anti-China protests. The Diplomat. "
        "https://thediplomat.com/2019/09/kazakhstans-anti-china-protests/"
    )
    csl = parse_reference(raw)
    assert csl["title"] == "Kazakhstan's anti-China protests" and csl["container-title"] == "The Diplomat"
