"""Tests of robust input handling: every bad input gives a clear error naming the file, never a traceback."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bri_kg.errors import EncodingError, FormatError, InputError
from bri_kg.identifiers import normalize_doi
from bri_kg.read import detect_format, iter_works, read_path
from bri_kg.read._io import clean, iter_lines, normalize_page

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("empty.txt", FormatError, r"empty\.txt: empty file"),
        (
            "cp1251.txt",
            EncodingError,
            r"cp1251\.txt:3: not UTF-8 text \(byte 0xcc at line 3\) \(looks like cp1251",
        ),
        (
            "truncated.json",
            FormatError,
            r"truncated\.json:5: invalid or truncated JSON at line 5, column 43: Unterminated string",
        ),
        ("garbage.bin", EncodingError, r"garbage\.bin: binary data"),
        ("no_references.txt", FormatError, r"no_references\.txt: no reference list found"),
    ],
)
def test_bad_inputs_raise_clear_errors(name, error, message):
    with pytest.raises(error, match=message) as info:
        read_path(BAD / name)
    assert info.value.path == str(BAD / name)


def test_cp1251_error_carries_line():
    with pytest.raises(EncodingError) as info:
        read_path(BAD / "cp1251.txt", format="landing-page")
    assert info.value.line == 3


def test_invalid_utf8_that_is_not_cyrillic_gets_no_cp1251_hint(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\nKarl Müller\n".encode("latin-1"))
    with pytest.raises(EncodingError, match=r"byte 0xfc at line 2\); re-save as UTF-8") as info:
        read_path(path, format="landing-page")
    assert "cp1251" not in str(info.value)


@pytest.mark.parametrize("target", ["directory", "missing"])
def test_directory_or_missing_file_is_input_error(tmp_path, target):
    path = tmp_path if target == "directory" else tmp_path / "nope.json"
    with pytest.raises(InputError, match=r"is a directory|no such file"):
        read_path(path)


def test_unknown_content_lists_known_formats(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes.\nNothing bibliographic here.\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"unknown format; known formats: landing-page, crossref-json"):
        read_path(path)


def test_unknown_format_name_lists_known_formats():
    with pytest.raises(FormatError, match=r"unknown format 'endnote'; known formats: .*crossref-json"):
        read_path(BAD / "hostile_title.json", format="endnote")


def test_json_of_unknown_shape(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"foo": 1}', encoding="utf-8")
    with pytest.raises(FormatError, match="JSON, but not Crossref"):
        detect_format(path)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_utf8_and_utf16_are_read_with_windows_line_ends(tmp_path, encoding, bom):
    path = tmp_path / "x.txt"
    path.write_bytes(bom + "Título\r\nzweite Zeile\r\n".encode(encoding))
    assert list(iter_lines(path)) == [(1, "Título"), (2, "zweite Zeile")]


def test_iter_works_is_lazy(tmp_path):
    # Nothing is read before the first work is asked for.
    works = iter_works(BAD / "hostile_title.json")
    assert next(works).csl["DOI"] == "10.1234/hostile.1"


def test_format_given_by_alias_skips_sniffing():
    [work] = read_path(BAD / "hostile_title.json", format="crossref")
    assert work.source.format == "crossref-json"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b\x07c\x1bd\x7fe\x85f", "abcdef"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ],
)
def test_clean(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("https://doi.org/10.1080/ABC.1", "10.1080/abc.1"),
        ("doi:10.3390/su10114234.", "10.3390/su10114234"),
        ("http://dx.doi.org/10.1/x", "10.1/x"),
        ("10.1234/with space", None),
        ("not a doi", None),
        (None, None),
    ],
)
def test_normalize_doi(doi, expected):
    assert normalize_doi(doi) == expected


@pytest.mark.parametrize(("page", "expected"), [("156–174", "156-174"), ("3 — 22", "3-22"), ("e123", "e123")])
def test_normalize_page(page, expected):
    assert normalize_page(page) == expected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", "Authors,Title,Source title,EID\n", "no Scopus record found"),
        ("x.ris", "TY  - JOUR\n", None),
        ("x.bib", "@comment{nothing}\n", "no BibTeX entry found"),
        ("x.json", '{"results": []}', "JSON, but not"),
    ],
)
def test_exports_without_records(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    if message is None:
        [work] = read_path(path)  # an entry cut before ER is still read
        assert work.csl["type"] == "article-journal"
        return
    with pytest.raises(FormatError, match=message):
        read_path(path)


def test_raw_control_characters_in_json_strings_are_cleaned(tmp_path):
    path = tmp_path / "ctrl.json"
    path.write_bytes(b'{"title": ["A\x01B\x00C"], "DOI": "10.1/x"}')
    [work] = read_path(path)
    assert work.csl["title"] == "ABC"
