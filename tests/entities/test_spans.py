"""What text of a work is analysed: title, abstract (JATS stripped), keywords, reference titles."""

from __future__ import annotations

import pytest

from bri_kg.entities import strip_jats, text_spans
from bri_kg.models import Reference, Source, TextSpan, Work

SOURCE = Source(path="x.json", format="crossref-json", sha256="0" * 64)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<jats:p>Since 2013 the BRI &amp; labour</jats:p>", "Since 2013 the BRI & labour"),
        ("<jats:title>Abstract</jats:title><jats:p>One.</jats:p><jats:p>Two.</jats:p>", "One. Two."),
        ("<jats:p>A <jats:italic>new</jats:italic>\n  road</jats:p>", "A new road"),
        ("plain text", "plain text"),
    ],
)
def test_strip_jats(raw: str, expected: str) -> None:
    assert strip_jats(raw) == expected


def test_text_spans_of_a_work() -> None:
    work = Work(
        csl={
            "title": "Migration in Kazakhstan",
            "abstract": "<jats:p>China and Kazakhstan.</jats:p>",
            "keyword": ["labour migration", "China"],
            "subject": ["China", "Geography"],
            "author": [{"family": "Chinese", "given": "A."}],
            "container-title": "Central Asian Survey",
            "publisher-place": "Almaty",
            "URL": "https://example.org/kazakhstan",
        },
        source=SOURCE,
        references=[
            Reference(
                raw="r1", position=1, csl={"title": "China as a donor", "container-title": "Asia Journal"}
            ),
            Reference(
                raw="r2", position=2, csl={"title": "Spravka", "translated-title": "Help on labour migration"}
            ),
            Reference(raw="r3", position=3, csl={}),
        ],
    )
    spans = text_spans(work)
    assert spans == [
        TextSpan("title", "title", "Migration in Kazakhstan"),
        TextSpan("abstract", "abstract", "China and Kazakhstan."),
        TextSpan("keywords", "keywords", "labour migration; China; Geography"),
        TextSpan("ref:1:title", "reference-title", "China as a donor"),
        TextSpan("ref:2:title", "reference-title", "Spravka"),
        TextSpan("ref:2:translated-title", "translated-title", "Help on labour migration"),
    ]
    joined = " ".join(s.text for s in spans)
    for excluded in ("Central Asian Survey", "Almaty", "example.org", "Asia Journal"):
        assert excluded not in joined


def test_text_spans_of_an_empty_work() -> None:
    assert text_spans(Work(csl={}, source=SOURCE)) == []


def test_keyword_string_and_list_title() -> None:
    work = Work(csl={"title": ["Main title", "Other"], "keyword": "BRI, Xinjiang"}, source=SOURCE)
    assert text_spans(work) == [
        TextSpan("title", "title", "Main title"),
        TextSpan("keywords", "keywords", "BRI, Xinjiang"),
    ]
