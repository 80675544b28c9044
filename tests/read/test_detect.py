"""Tests of format detection by content, the registry, and streaming of large exports."""

from __future__ import annotations

import importlib
import json
import shutil
import tracemalloc
from pathlib import Path

import pytest

from bri_kg.read import ALIASES, FORMATS, bundled_inputs, detect_format, iter_works
from bri_kg.read.detect import sniff_text
from bri_kg.resources import data_dir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = FIXTURES / "samples"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (SAMPLES / "scientometrics_text.wos_plaintext.txt", "wos-plaintext"),
        (SAMPLES / "wos_tab_delimited_win_utf16.txt", "wos-tab"),
        (SAMPLES / "scopus.csv", "scopus-csv"),
        (SAMPLES / "example.ris", "ris"),
        (SAMPLES / "biblio.wos_bibtex.bib", "bibtex"),
        (FIXTURES / "gold" / "seed_article.txt", "landing-page"),
        (FIXTURES / "bad" / "hostile_title.json", "crossref-json"),
    ],
)
def test_content_decides_not_the_extension(tmp_path, path, expected):
    disguised = tmp_path / "export.dat"
    shutil.copyfile(path, disguised)
    assert detect_format(disguised) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('{"status":"ok","message-type":"work","message":{"title":["T"]}}', "crossref-json"),
        ('[{"id": "a", "type": "book", "title": "T"}]', "csl-json"),
        ('{"results": [{"id": "https://openalex.org/W1", "title": "T"}]}', "openalex-json"),
        ("PT J\nAU Doe, J\nER\n", "wos-plaintext"),
        (
            "Title\n\n• Doe, J. (2020). A. B.\n\n• Roe, K. (2019). C. D.\n\n• Poe, E. (2018). E. F.\n",
            "landing-page",
        ),
        ("  @Article{key,\n title={T}}\n", "bibtex"),
        ("Just text", None),
        ("", None),
    ],
)
def test_sniff_text(head, expected):
    assert sniff_text(head) == expected


def test_registry_entries_resolve_to_functions():
    for name, target in FORMATS.items():
        module, _, function = target.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), name
    assert set(ALIASES.values()) <= set(FORMATS)


def test_bundled_inputs_exist_and_are_read():
    paths = bundled_inputs()
    assert paths == [
        data_dir() / "seed" / "seed_article.txt",
        data_dir() / "corpus" / "bri_articles.crossref.json",
    ]
    assert [detect_format(p) for p in paths] == ["landing-page", "crossref-json"]


def _wos_record(i: int) -> str:
    return (
        f"PT J\nAU Doe, J\nAF Doe, Jane\nTI Record number {i} on migration and the\n   Belt and Road\n"
        f"SO JOURNAL\nPY 2020\nCR Roe K, 2019, J MIGR, V{i}, P1\n   Poe E, 2018, J ROAD, V2, P3\nER\n\n"
    )


def test_large_wos_export_is_streamed(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("FN Clarivate Analytics Web of Science\nVR 1.0\n")
        for i in range(5000):
            fh.write(_wos_record(i))
    assert path.stat().st_size > 850_000
    importlib.import_module("bri_kg.read.wos")  # the import's own allocations are not the reader's
    tracemalloc.start()
    count = sum(1 for work in iter_works(path) if len(work.references) == 2)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 5000
    assert peak < 300_000  # a fraction of the file: records are read one at a time


def test_json_sniffing_reads_only_the_head(tmp_path):
    # A huge Crossref file is recognised from its first bytes.
    path = tmp_path / "works.json"
    items = [{"title": [f"Work {i}"], "DOI": f"10.1/{i}"} for i in range(5000)]
    path.write_text(json.dumps(items), encoding="utf-8")
    assert detect_format(path) == "crossref-json"
