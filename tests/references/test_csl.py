"""Tests of the segments -> CSL-JSON conversion (on hand-labelled segments, no tagger)."""

from __future__ import annotations

from typing import Any

import pytest

from bri_kg.references.csl import clean_title, segments_to_csl, split_translation, split_volume_issue
from bri_kg.references.labels import Segment


def _segments(raw: str, spans: list[tuple[str, str]]) -> list[Segment]:
    out, pos = [], 0
    for label, text in spans:
        start = raw.index(text, pos)
        out.append(Segment(label, text, start, start + len(text)))
        pos = start + len(text)
    return out


def _csl(raw: str, spans: list[tuple[str, str]]) -> dict[str, Any]:
    return segments_to_csl(raw, _segments(raw, spans), id="x")


def test_journal_article() -> None:
    raw = "Koch, N., & Li, X. (2013). Changing geopolitics: the resource economy. Eurasian Geography and Economics, 54(1), 110–133. doi:10.1080/15387216.2013.778542"
    spans = [
        ("author", "Koch, N., & Li, X."),
        ("date", "(2013)."),
        ("title", "Changing geopolitics: the resource economy."),
        ("container-title", "Eurasian Geography and Economics,"),
        ("volume", "54"),
        ("issue", "(1),"),
        ("pages", "110–133."),
        ("doi", "doi:10.1080/15387216.2013.778542"),
    ]
    assert _csl(raw, spans) == {
        "id": "x",
        "type": "article-journal",
        "author": [{"family": "Koch", "given": "N."}, {"family": "Li", "given": "X."}],
        "issued": {"date-parts": [[2013]]},
        "title": "Changing geopolitics: the resource economy",
        "container-title": "Eurasian Geography and Economics",
        "volume": "54",
        "issue": "1",
        "page": "110-133",
        "DOI": "10.1080/15387216.2013.778542",
    }


def test_chapter_with_editors_and_year_suffix() -> None:
    raw = "Lee, Y. (2013a). Patterns of “Chinese” migration. In F. B. Chang & S. T. Rucker-Chang (Eds.), Migrants in Asia (pp. 117–144). Routledge."
    spans = [
        ("author", "Lee, Y."),
        ("date", "(2013a)."),
        ("title", "Patterns of “Chinese” migration."),
        ("editor", "In F. B. Chang & S. T. Rucker-Chang (Eds.),"),
        ("container-title", "Migrants in Asia"),
        ("pages", "(pp. 117–144)."),
        ("publisher", "Routledge."),
    ]
    csl = _csl(raw, spans)
    assert csl["type"] == "chapter"
    assert csl["year-suffix"] == "a"
    assert csl["title"] == "Patterns of “Chinese” migration"
    assert csl["editor"] == [
        {"family": "Chang", "given": "F. B."},
        {"family": "Rucker-Chang", "given": "S. T."},
    ]
    assert csl["page"] == "117-144"
    assert csl["publisher"] == "Routledge"


def test_edited_book_authors_become_editors() -> None:
    raw = "Cheng, Y., & Song, L. (Eds.). (2018). The initiative in the global arena. Springer Singapore."
    csl = _csl(
        raw,
        [
            ("author", "Cheng, Y., & Song, L. (Eds.)."),
            ("date", "(2018)."),
            ("title", "The initiative in the global arena."),
            ("publisher", "Springer Singapore."),
        ],
    )
    assert "author" not in csl
    assert csl["editor"] == [{"family": "Cheng", "given": "Y."}, {"family": "Song", "given": "L."}]
    assert csl["type"] == "book"


def test_lone_role_marker_segment_turns_authors_into_editors() -> None:
    raw = "Cheng, Y. (Eds.). (2018). Title. Springer."
    csl = _csl(raw, [("author", "Cheng, Y."), ("editor", "(Eds.)."), ("title", "Title.")])
    assert csl["editor"] == [{"family": "Cheng", "given": "Y."}]
    assert "author" not in csl


def test_report_with_translation_and_url() -> None:
    raw = "Ministry of Labour. (2016). Spravka po trudovoy migratsii [Help on labor migration]. Astana, Kazakhstan: Ministry of Labour. Retrieved from https://www.enbek.gov.kz/ru/node/338785"
    csl = _csl(
        raw,
        [
            ("author", "Ministry of Labour."),
            ("date", "(2016)."),
            ("title", "Spravka po trudovoy migratsii [Help on labor migration]."),
            ("location", "Astana, Kazakhstan:"),
            ("publisher", "Ministry of Labour."),
            ("url", "Retrieved from https://www.enbek.gov.kz/ru/node/338785"),
        ],
    )
    assert csl["author"] == [{"literal": "Ministry of Labour"}]
    assert csl["title"] == "Spravka po trudovoy migratsii"
    assert csl["translated-title"] == "Help on labor migration"
    assert csl["publisher-place"] == "Astana, Kazakhstan"
    assert csl["URL"] == "https://www.enbek.gov.kz/ru/node/338785"
    assert csl["type"] == "report"


def test_report_number_after_title_goes_to_note() -> None:
    raw = "United Nations. (2014). World prospects: The 2014 revision (ST/ESA/SER.A/366). Retrieved from https://un.org/x.html"
    csl = _csl(
        raw,
        [
            ("author", "United Nations."),
            ("date", "(2014)."),
            ("title", "World prospects: The 2014 revision (ST/ESA/SER.A/366)."),
            ("url", "Retrieved from https://un.org/x.html"),
        ],
    )
    assert csl["title"] == "World prospects: The 2014 revision"
    assert csl["note"] == "ST/ESA/SER.A/366"
    assert csl["type"] == "report"


def test_url_swallowed_by_title_is_split_off() -> None:
    raw = "Smith, J. (2018). A blog post. Retrieved from https://blog.example.com/2018/post/"
    csl = _csl(
        raw,
        [
            ("author", "Smith, J."),
            ("date", "(2018)."),
            ("title", "A blog post. Retrieved from https://blog.example.com/2018/post/"),
        ],
    )
    assert csl["title"] == "A blog post"
    assert csl["URL"] == "https://blog.example.com/2018/post/"
    assert csl["type"] == "webpage"


def test_container_with_editors_is_repaired() -> None:
    raw = "Lee, Y. (2013). Title. In A. Chang (Eds.), Book of chapters (pp. 1–2). Routledge."
    csl = _csl(
        raw,
        [
            ("author", "Lee, Y."),
            ("title", "Title."),
            ("container-title", "In A. Chang (Eds.), Book of chapters"),
            ("pages", "(pp. 1–2)."),
        ],
    )
    assert csl["editor"] == [{"family": "Chang", "given": "A."}]
    assert csl["container-title"] == "Book of chapters"


@pytest.mark.parametrize(
    ("container", "expected"),
    [
        ("inAdvanced Accelerator Concepts", "Advanced Accelerator Concepts"),
        ("In: Journal of Physics", "Journal of Physics"),
        ("Indian Journal of History", "Indian Journal of History"),
        ("InTech Open Science", "InTech Open Science"),
    ],
)
def test_container_lead_in_is_removed_even_when_glued(container: str, expected: str) -> None:
    raw = f"Kim, J. 2006, Wake fields, {container}, 877, 888."
    csl = _csl(
        raw,
        [("author", "Kim, J."), ("date", "2006,"), ("title", "Wake fields,"), ("container-title", container)],
    )
    assert csl["container-title"] == expected


def test_doi_and_year_found_in_raw_when_not_tagged() -> None:
    raw = "Zenz, A. (2019a). Beyond the camps. SocArXiv. doi:10.31235/osf.io/8tsk2"
    csl = _csl(raw, [("author", "Zenz, A."), ("title", "Beyond the camps."), ("publisher", "SocArXiv.")])
    assert csl["DOI"] == "10.31235/osf.io/8tsk2"
    assert csl["issued"] == {"date-parts": [[2019]]}
    assert csl["year-suffix"] == "a"


def test_doi_url_gives_doi_and_url() -> None:
    raw = "A, B. (2020). T. J, 1, 2. https://doi.org/10.1000/ABC"
    csl = _csl(raw, [("url", "https://doi.org/10.1000/ABC")])
    assert csl["DOI"] == "10.1000/abc"
    assert csl["URL"] == "https://doi.org/10.1000/ABC"


def test_gost_place_and_publisher_in_one_span() -> None:
    raw = "Иванов И.И. Экономика. — М.: Наука, 2001. — 264 с."
    csl = _csl(
        raw,
        [
            ("author", "Иванов И.И."),
            ("title", "Экономика."),
            ("publisher", "— М.: Наука,"),
            ("date", "2001."),
        ],
    )
    assert (csl["publisher-place"], csl["publisher"]) == ("М.", "Наука")


def test_numbered_reference() -> None:
    raw = "[12] J. Smith, “A title,” IEEE Trans. Power Syst., vol. 23, no. 3, pp. 159–165, 2008."
    csl = _csl(
        raw,
        [
            ("citation-number", "[12]"),
            ("author", "J. Smith,"),
            ("title", "“A title,”"),
            ("container-title", "IEEE Trans. Power Syst.,"),
            ("volume", "vol. 23,"),
            ("issue", "no. 3,"),
            ("pages", "pp. 159–165,"),
            ("date", "2008."),
        ],
    )
    assert csl["citation-number"] == "12"
    assert csl["title"] == "A title"
    assert (csl["volume"], csl["issue"], csl["page"]) == ("23", "3", "159-165")
    assert csl["container-title"] == "IEEE Trans. Power Syst"


def test_no_segments_still_gives_a_typed_item() -> None:
    csl = segments_to_csl("", [], id="ref-1")
    assert csl["id"] == "ref-1"
    assert isinstance(csl["type"], str)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5(2),", ("5", "2")),
        ("67(2–3),", ("67", "2-3")),
        ("7881(May),", ("7881", "May")),
        ("Vol. 12, no. 3", ("12", "3")),
        ("v. 19,", ("19", "")),
        ("2014;112", ("112", "")),
        ("no. 4", ("", "4")),
        ("제26권 2호,", ("26", "2")),
    ],
)
def test_split_volume_issue(text: str, expected: tuple[str, str]) -> None:
    assert split_volume_issue(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title [Translated title here]", ("Title", "Translated title here")),
        ("A Treatise of Human Nature [selections]", ("A Treatise of Human Nature [selections]", None)),
        ("[Whole title in brackets]", ("[Whole title in brackets]", None)),
    ],
)
def test_split_translation(text: str, expected: tuple[str, str | None]) -> None:
    assert split_translation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Why now?” A question.", "“Why now?” A question"),
        ("<italic>Parus major</italic>.", "Parus major"),
        ("Is it?", "Is it?"),
    ],
)
def test_clean_title(text: str, expected: str) -> None:
    assert clean_title(text) == expected


def test_gost_separators_split_title_from_journal_and_place() -> None:
    raw = "Иванов И.И. Трудовая миграция // Вопросы экономики. 2015. № 3. С. 45–60."
    csl = _csl(
        raw,
        [
            ("author", "Иванов И.И."),
            ("title", "Трудовая миграция // Вопросы экономики."),
            ("date", "2015."),
            ("genre", "№ 3."),
            ("pages", "С. 45–60."),
        ],
    )
    assert (csl["title"], csl["container-title"], csl["issue"], csl["page"]) == (
        "Трудовая миграция",
        "Вопросы экономики",
        "3",
        "45-60",
    )
    raw = "Петров П.П. Миграция. — Алматы: Дайк-Пресс, 2008. — 248 с."
    csl = _csl(
        raw,
        [
            ("author", "Петров П.П."),
            ("title", "Миграция. — Алматы"),
            ("publisher", "Дайк-Пресс,"),
            ("date", "2008."),
        ],
    )
    assert (csl["title"], csl["publisher-place"], csl["publisher"]) == ("Миграция", "Алматы", "Дайк-Пресс")


def test_citation_number_overflow_goes_back_to_the_author() -> None:
    raw = '[3] J. Smith and K. Lee, "Networks," Int. Migr. Rev., vol. 52, 2019.'
    csl = _csl(
        raw, [("citation-number", "[3] J."), ("author", 'Smith and K. Lee, "'), ("title", 'Networks,"')]
    )
    assert csl["citation-number"] == "3"
    assert csl["author"] == [{"family": "Smith", "given": "J."}, {"family": "Lee", "given": "K."}]
    assert csl["title"] == "Networks"


def test_apa_descriptor_in_brackets_is_a_genre_not_a_translation() -> None:
    raw = "Nazarbayev University. (2019, March 12). Centre launched [Press release]. https://nu.edu.kz/news/x"
    csl = _csl(raw, [("author", "Nazarbayev University."), ("title", "Centre launched [Press release].")])
    assert csl["genre"] == "Press release"
    assert csl["title"] == "Centre launched"
    assert "translated-title" not in csl
    assert csl["issued"] == {"date-parts": [[2019, 3, 12]]}
    assert csl["URL"] == "https://nu.edu.kz/news/x"


def test_report_series_in_container_position_becomes_note() -> None:
    raw = 'Marat, E. 2009. "Labor Migration in Central Asia." Silk Road Paper. Washington, DC: CACI.'
    csl = _csl(
        raw,
        [
            ("author", "Marat, E."),
            ("date", "2009."),
            ("title", '"Labor Migration in Central Asia."'),
            ("container-title", "Silk Road Paper."),
            ("location", "Washington, DC:"),
            ("publisher", "CACI."),
        ],
    )
    assert csl["note"] == "Silk Road Paper"
    assert "container-title" not in csl
    assert csl["type"] == "report"


def test_apa_title_boundary_overrides_a_run_on_container() -> None:
    raw = (
        "Fallon, T. (2015). The new silk road: A strategy. American Foreign Policy Interests, 37(3), 140–147."
    )
    csl = _csl(
        raw,
        [
            ("author", "Fallon, T."),
            ("date", "(2015)."),
            ("container-title", "The new silk road: A strategy. American Foreign Policy Interests,"),
            ("volume", "37"),
            ("issue", "(3),"),
            ("pages", "140–147."),
        ],
    )
    assert csl["title"] == "The new silk road: A strategy"
    assert csl["container-title"] == "American Foreign Policy Interests"


def test_apa_creator_recovered_from_a_title_label() -> None:
    raw = "Global Migration Data Analysis Centre (2018). Migration indicators report. Retrieved from https://iom.int/x"
    csl = _csl(
        raw,
        [
            ("title", "Global Migration Data Analysis Centre"),
            ("date", "(2018)."),
            ("title", "Migration indicators report."),
            ("url", "Retrieved from https://iom.int/x"),
        ],
    )
    assert csl["author"] == [{"literal": "Global Migration Data Analysis Centre"}]
    assert csl["title"] == "Migration indicators report"
    assert csl["type"] == "report"


def test_journal_first_string_is_not_read_as_apa() -> None:
    raw = "Leukemia (2009) 23, 1587–1597."
    csl = _csl(
        raw, [("container-title", "Leukemia"), ("date", "(2009)"), ("volume", "23,"), ("pages", "1587–1597.")]
    )
    assert "author" not in csl
    assert csl["container-title"] == "Leukemia"


def test_chicago_author_date_skeleton() -> None:
    raw = "Searle, G. R. 1976. *Eugenics and Politics in Britain.* Leyden: Noordhoff."
    csl = _csl(
        raw,
        [
            ("author", "Searle, G. R."),
            ("date", "1976."),
            ("title", "*Eugenics and Politics in Britain.* Leyden:"),
            ("publisher", "Noordhoff."),
        ],
    )
    assert csl["title"] == "Eugenics and Politics in Britain"
    assert csl["issued"] == {"date-parts": [[1976]]}
    assert csl["publisher"] == "Noordhoff"


def test_gost_numbering_area_and_loose_year() -> None:
    raw = "Иванов И.И. Трудовая миграция // Вопросы экономики. – 2010. – Т. 5, № 2. – С. 10–20."
    csl = _csl(
        raw,
        [
            ("author", "Иванов И.И."),
            ("title", "Трудовая миграция // Вопросы экономики."),
            ("volume", "– 2010. – Т. 5, № 2. – С."),
            ("pages", "10–20."),
        ],
    )
    assert (csl["volume"], csl["issue"], csl["page"]) == ("5", "2", "10-20")
    assert csl["issued"] == {"date-parts": [[2010]]}


def test_translation_split_off_by_the_tagger_rejoins_the_title() -> None:
    raw = "Sadovskaya E.Yu. Kitaiskaya migratsiya [Chinese migration in Kazakhstan]. Almaty: Daik-Press, 2008. 248 p."
    csl = _csl(
        raw,
        [
            ("author", "Sadovskaya E.Yu."),
            ("title", "Kitaiskaya migratsiya"),
            ("note", "[Chinese migration in"),
            ("title", "Kazakhstan]."),
            ("location", "Almaty:"),
            ("publisher", "Daik-Press,"),
            ("date", "2008."),
            ("note", "248 p."),
        ],
    )
    assert csl["title"] == "Kitaiskaya migratsiya"
    assert csl["translated-title"] == "Chinese migration in Kazakhstan"
    assert csl["number-of-pages"] == "248"
    assert csl["type"] == "book"


def test_apa_institution_after_the_title_is_the_publisher() -> None:
    raw = "Satybaldin, A. (2016). Ocenka [Assessment of growth]. (A. Satybaldin (Ed.)). The Institute of Economy."
    csl = _csl(
        raw,
        [
            ("author", "Satybaldin, A."),
            ("date", "(2016)."),
            ("title", "Ocenka [Assessment of growth]."),
            ("editor", "(A. Satybaldin (Ed.))."),
            ("container-title", "The Institute of Economy."),
        ],
    )
    assert csl["publisher"] == "The Institute of Economy"
    assert "container-title" not in csl
    assert csl["editor"] == [{"family": "Satybaldin", "given": "A."}]
    assert csl["type"] == "book"


def test_organisation_creator_tagged_as_container() -> None:
    raw = "United Nations, Population Division. (2017). Trends in migrant stock. Retrieved from https://un.org/x.pdf."
    csl = _csl(
        raw,
        [
            ("author", "United Nations,"),
            ("container-title", "Population Division."),
            ("date", "(2017)."),
            ("note", "Trends in migrant stock. Retrieved from"),
            ("url", "https://un.org/x.pdf."),
        ],
    )
    assert csl["author"] == [{"literal": "United Nations, Population Division"}]
    assert csl["title"] == "Trends in migrant stock"
    assert csl["URL"] == "https://un.org/x.pdf"


def test_title_cut_inside_the_container_name_gives_the_words_back() -> None:
    raw = (
        "Alff H. (2016) Flowing goods, hardening borders? China's expansion into Kazakhstan. "
        "Cross-currents: East Asian History and Culture Review 5(2): 472-500."
    )
    spans = [
        ("author", "Alff H."),
        ("date", "(2016)"),
        (
            "title",
            "Flowing goods, hardening borders? China's expansion into Kazakhstan. Cross-currents: East Asian History and",
        ),
        ("container-title", "Culture Review"),
        ("volume", "5"),
        ("issue", "(2):"),
        ("pages", "472-500."),
    ]
    item = _csl(raw, spans)
    assert item["title"] == "Flowing goods, hardening borders? China's expansion into Kazakhstan"
    assert item["container-title"] == "Cross-currents: East Asian History and Culture Review"


def test_a_title_ending_in_a_function_word_without_a_sentence_break_stays() -> None:
    raw = "Smith, J. (2010). Up and. Journal of Things, 3, 1-2."
    spans = [
        ("author", "Smith, J."),
        ("date", "(2010)."),
        ("title", "Up and."),
        ("container-title", "Journal of Things,"),
        ("volume", "3,"),
        ("pages", "1-2."),
    ]
    assert _csl(raw, spans)["title"] == "Up and"


@pytest.mark.parametrize(
    ("raw", "spans", "title"),
    [
        (
            'Smith, J. (2018). Islam in Xinjiang: "De-extremification or violation?" Retrieved from https://a.org/x',
            [("author", "Smith, J."), ("date", "(2018)."), ("title", 'Islam in Xinjiang: "De-extremification or violation?'),
             ("url", '" Retrieved from https://a.org/x')],
            'Islam in Xinjiang: "De-extremification or violation?"',
        ),
        (
            "Ivanov, I. (2019). Migratsiya [Migration] Voprosy ekonomiki, 5, 1-9.",
            [("author", "Ivanov, I."), ("date", "(2019)."), ("title", "Migratsiya [Migration"),
             ("container-title", "] Voprosy ekonomiki,"), ("volume", "5,"), ("pages", "1-9.")],
            "Migratsiya [Migration]",
        ),
    ],
)  # fmt: skip
def test_a_closing_mark_goes_back_to_the_field_it_closes(
    raw: str, spans: list[tuple[str, str]], title: str
) -> None:
    csl = _csl(raw, spans)
    assert csl["title"] == title
    assert csl.get("URL", "https://a.org/x") == "https://a.org/x"
    assert csl.get("container-title", "Voprosy ekonomiki") == "Voprosy ekonomiki"


def test_a_closing_mark_stays_when_the_field_before_is_balanced() -> None:
    raw = 'Doe, J. (2001). "Title". ")" Notes. Paris: Seuil.'
    spans = [("author", "Doe, J."), ("date", "(2001)."), ("title", '"Title".'), ("note", '")" Notes.'),
             ("location", "Paris:"), ("publisher", "Seuil.")]  # fmt: skip
    assert _csl(raw, spans)["title"] == "Title"


@pytest.mark.parametrize(
    ("raw", "spans", "expected"),
    [
        (
            "김동형, '이미지 보간을 위한 적용,' 디지털산업정보학회논문지, 제16권, 제1호, 2020, pp.55-65.",
            [("author", "김동형,"), ("title", "'이미지 보간을 위한 적용,'"), ("container-title", "디지털산업정보학회논문지,"),
             ("date", "제16권, 제1호, 2020,"), ("pages", "pp.55-65.")],
            {"container-title": "디지털산업정보학회논문지", "volume": "16", "issue": "1", "page": "55-65"},
        ),
        (
            "임예준, '인공지능 시대의 전쟁자동화', 고려법학, 제92호, 고려대학교 법학연구원, 2019.",
            [("author", "임예준,"), ("title", "'인공지능 시대의 전쟁자동화',"),
             ("container-title", "고려법학, 제92호, 고려대학교 법학연구원,"), ("date", "2019.")],
            {"container-title": "고려법학", "issue": "92", "publisher": "고려대학교 법학연구원"},
        ),
        (
            "山田太郎 2005. 日本の移民政策. 社会学評論 第56巻 第2号: 10-25.",
            [("author", "山田太郎"), ("date", "2005."), ("title", "日本の移民政策."), ("container-title", "社会学評論"),
             ("volume", "第56巻 第2号:"), ("pages", "10-25.")],
            {"container-title": "社会学評論", "volume": "56", "issue": "2", "page": "10-25"},
        ),
        (
            "王小明. 中国移民问题研究. 人口研究, 2018, 第42卷 第3期: 5-15.",
            [("author", "王小明."), ("title", "中国移民问题研究."), ("container-title", "人口研究,"), ("date", "2018,"),
             ("pages", "第42卷 第3期: 5-15.")],
            {"container-title": "人口研究", "volume": "42", "issue": "3", "page": "5-15"},
        ),
    ],
)  # fmt: skip
def test_cjk_volume_and_issue_counters(
    raw: str, spans: list[tuple[str, str]], expected: dict[str, str]
) -> None:
    csl = _csl(raw, spans)
    assert {key: csl.get(key) for key in expected} == expected
    assert csl["type"] == "article-journal"


def test_a_law_number_in_a_title_is_not_an_issue() -> None:
    raw = "김철수, '출입국관리법 (법률 제16344호) 개정의 의미', 법학연구, 2020."
    spans = [("author", "김철수,"), ("title", "'출입국관리법 (법률 제16344호) 개정의 의미',"),
             ("container-title", "법학연구,"), ("date", "2020.")]  # fmt: skip
    csl = _csl(raw, spans)
    assert "issue" not in csl and csl["title"] == "출입국관리법 (법률 제16344호) 개정의 의미"


def test_title_words_after_the_initials_of_a_gost_author_go_to_the_title() -> None:
    raw = "Назарбаев Н.А. Стратегия «Казахстан-2050». – Астана, 2012."
    spans = [("author", "Назарбаев Н.А. Стратегия"), ("title", "«Казахстан-2050»"), ("author", ". – Астана,"),
             ("date", "2012.")]  # fmt: skip
    csl = _csl(raw, spans)
    assert csl["author"] == [{"family": "Назарбаев", "given": "Н.А."}]
    assert csl["title"] == "Стратегия «Казахстан-2050»" and csl["publisher-place"] == "Астана"


@pytest.mark.parametrize(
    "creators",
    ["Michael T. Anderson.", "Raymond A. Mentzer", "Karlsson R.A. and Gustafsson F.", "Smith J.A., Doe B.C."],
)
def test_creators_ending_in_a_family_name_keep_it(creators: str) -> None:
    raw = f"{creators} Migration and work. Journal of X, 3, 1-5."
    spans = [("author", creators), ("title", "Migration and work."), ("container-title", "Journal of X,"),
             ("volume", "3,"), ("pages", "1-5.")]  # fmt: skip
    assert _csl(raw, spans)["title"] == "Migration and work"


def test_vancouver_year_joined_to_the_volume() -> None:
    raw = "Ryazantsev S, Korneev O. Russia and Kazakhstan. Migr Lett. 2013;10(3):305-320."
    spans = [("author", "Ryazantsev S, Korneev O."), ("title", "Russia and Kazakhstan."), ("container-title", "Migr Lett."),
             ("volume", "2013;10"), ("issue", "(3):"), ("pages", "305-320.")]  # fmt: skip
    csl = _csl(raw, spans)
    assert csl["issued"] == {"date-parts": [[2013]]} and csl["volume"] == "10"


def test_a_title_keeps_its_printed_dashes() -> None:
    assert clean_title("Segregation and reform, 1840–1912.") == "Segregation and reform, 1840–1912"
    assert clean_title("“E—textbooks: the debate”") == "E—textbooks: the debate"


@pytest.mark.parametrize(
    ("raw", "spans", "expected"),
    [
        (  # a place span ending in a word took the publisher's first word
            "Cook, H. The Long Sexual Revolution, Oxford, Oxford University Press, 2004.",
            [("author", "Cook, H."), ("title", "The Long Sexual Revolution,"), ("location", "Oxford, Oxford"),
             ("publisher", "University Press,"), ("date", "2004.")],
            ("Oxford", "Oxford University Press"),
        ),
        (  # a place span ending in punctuation is whole
            "Tyack, D. (1995). Tinkering toward utopia. Cambridge, MA: Harvard University Press.",
            [("author", "Tyack, D."), ("date", "(1995)."), ("title", "Tinkering toward utopia."),
             ("location", "Cambridge, MA:"), ("publisher", "Harvard University Press.")],
            ("Cambridge, MA", "Harvard University Press"),
        ),
    ],
)  # fmt: skip
def test_place_and_publisher_are_split_at_punctuation(
    raw: str, spans: list[tuple[str, str]], expected: tuple[str, str]
) -> None:
    csl = _csl(raw, spans)
    assert (csl["publisher-place"], csl["publisher"]) == expected
