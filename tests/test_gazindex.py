"""The packed gazetteer index: fresh, and answering exactly as the plain loader does."""

from __future__ import annotations

import csv
import random

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import FAKES_DEV, SAMPLES, TINY_GAZETTEER

HEADER = "id\tkind\tname\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\tsource\tnames\n"
# Places a user adds on top of the tiny gazetteer: a new name, a second place under an existing
# name, a town larger than its province's largest, a province with its own spellings, a country.
USER_PLACES = HEADER + (
    "u:1\tvillage\tKhirbet Zzz\tSY\tIdlib\t\t35.9\t36.5\t0\tuser\tKhirbat Zzz\n"
    "u:2\tvillage\tSalma\tSY\tIdlib\t\t35.8\t36.4\t10\tuser\tSelma\n"
    "u:3\tcity\tBig Idlib\tSY\tIdlib\t\t35.92\t36.62\t900000\tuser\tIdlib\n"
    "adm1:SY.99\tadmin1\tNew Province\tSY\tNew Province\t\t35.0\t37.0\t5\tuser\tNew Governorate\n"
    "u:5\tcountry\tFreedonia\tFD\t\t\t1.0\t1.0\t7\tuser\tRepublic of Freedonia\n"
)
# invented sentences that exercise skeletons, qualifiers, relations and countries
INVENTED = [
    "Regime aircraft raided Douma on Thursday, killing at least six.",
    "Clashes erupted near Jisr al-Shughour in Idleb province on Monday.",
    "Shelling hit Maarat al-Numan and villages east of the port city of Latakia, killing two.",
    "Protesters gathered in Mehrabpur (Naushahro Firoz, Sindh) against power cuts.",
    "Gunmen attacked a checkpoint near a military airport north of Aleppo, wounding five soldiers.",
    "Separatists shelled positions near Avdiivka, Donetsk, Ukraine, the OSCE SMM said.",
    "An air strike hit Tal Rifaat and Kafr Nabl overnight, a monitor said.",
]


def test_gazindex_shipped_index_is_fresh():
    from conflictlens.knowledge.gazetteer import COUNTRIES_FILE, GAZETTEER_FILE
    from conflictlens.knowledge.gazindex import INDEX_FILE, shipped_meta, sources_fingerprint

    meta = shipped_meta(INDEX_FILE)
    assert meta is not None, f"{INDEX_FILE} is missing: run scripts/build_index.py"
    assert meta["fingerprint"] == sources_fingerprint(GAZETTEER_FILE, COUNTRIES_FILE), (
        "the shipped gazetteer index was built from other sources: run scripts/build_index.py")


@pytest.fixture(scope="module")
def plain():
    from conflictlens.knowledge.gazetteer import Gazetteer

    return Gazetteer(index=False)


@pytest.fixture(scope="module")
def packed():
    from conflictlens.knowledge.gazetteer import Gazetteer

    g = Gazetteer()
    assert g._base is not None
    return g


def _corpus():
    from conflictlens import read_inputs
    from conflictlens.readers import record_to_article

    arts = [a for a in read_inputs([SAMPLES])]
    arts += [record_to_article({"id": f"inv{n}", "text": t, "published": "2015-03-08"}, "test")
             for n, t in enumerate(INVENTED)]
    if FAKES_DEV.exists():
        with open(FAKES_DEV, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for r in rows[:FAKES_ARTICLES]:
            arts.append(record_to_article({"id": f"fakes-{r['unit_id']}", "title": r["article_title"],
                                           "text": r["article_content"]}, "test"))
    return arts


FAKES_ARTICLES = 300  # FA-KES articles in the comparison corpus (with the seeds and the invented ones)


def _output(pipe, arts) -> list:
    out = []
    for a in arts:
        art = pipe(a)
        out.append(([e.to_dict() for e in art.events], [repr(s) for s in art.statistics]))
    return out


def test_gazindex_extraction_equals_the_plain_loader(plain, packed):
    """The speed work changes no output: the events of a fixed corpus through the index and
    through the plain loader of the same sources are the same."""
    from conflictlens import Pipeline
    from conflictlens.pipeline.context import Context

    arts = _corpus()
    a = _output(Pipeline(context=Context(gazetteer=packed)), arts)
    b = _output(Pipeline(context=Context(gazetteer=plain)), _corpus())  # (the stages fill the articles in)
    assert sum(len(ev) for ev, _s in a) > len(arts) // 2  # the corpus has events to compare
    for art, x, y in zip(arts, a, b):
        assert x == y, art.article_id


def test_gazindex_lookups_equal_the_plain_loader(plain, packed):
    assert len(packed.rows) == len(plain.rows)
    rng = random.Random(27)
    sample = rng.sample(range(len(plain.rows)), 5000)
    assert [packed.rows[i] for i in sample] == [plain.rows[i] for i in sample]
    keys = list(plain.index)
    some = rng.sample(keys, 20000)
    assert [packed.index.get(k) for k in some] == [plain.index[k] for k in some]
    assert [packed.may_extend(k) for k in some] == [plain.may_extend(k) for k in some]
    words = [w for k in some for w in k.split()]
    assert [packed.may_extend(w) for w in words] == [plain.may_extend(w) for w in words]
    assert packed.country_heads() == plain.country_heads()
    names = [plain.rows[i][2] for i in sample[:1500]]
    for cc in ("SY", "IQ", "UA", "NG", "PK", "MX"):
        assert [packed.lookup_skeleton(n, cc) for n in names] == [plain.lookup_skeleton(n, cc) for n in names]
        heads = [n.split()[0] for n in names]
        assert [packed.lookup_skeleton_head(n, cc) for n in heads] == [plain.lookup_skeleton_head(n, cc) for n in heads]
    areas = [i for i, r in enumerate(plain.rows) if r[1] == "admin1"]
    assert [packed.seat(i) for i in areas] == [plain.seat(i) for i in areas]
    spellings = [(plain.rows[i][3], plain.rows[i][4]) for i in sample[:3000]] + [
        (plain.rows[i][3], plain.rows[i][2] + " Province") for i in areas]
    assert [packed.admin1_canonical(c, n) for c, n in spellings] == [plain.admin1_canonical(c, n) for c, n in spellings]
    near = [(plain.rows[i][6], plain.rows[i][7]) for i in sample[:1000]]
    assert [list(packed.places_near(la, lo, 20)) for la, lo in near] == [list(plain.places_near(la, lo, 20)) for la, lo in near]
    for kinds in (["airbase"], ["dam", "camp"], ["city", "village"]):
        assert packed.rows_of_kinds(kinds) == plain.rows_of_kinds(kinds)
    assert [packed.country_row(c) for c in plain.countries] == [plain.country_row(c) for c in plain.countries]


def _tiny_pair(tmp_path, monkeypatch):
    """The tiny gazetteer loaded plainly and through an index built from it (in a fresh cache)."""
    from conflictlens.knowledge.gazetteer import Gazetteer

    monkeypatch.setenv("CONFLICTLENS_CACHE", str(tmp_path / "cache"))
    base = tmp_path / "tiny.tsv"
    base.write_text(TINY_GAZETTEER, encoding="utf-8")
    return Gazetteer(base, index=False), Gazetteer(base, index=True)


def _same_answers(a, b, names) -> None:
    assert list(a.rows) == list(b.rows)
    assert dict(a.index.items()) == dict(b.index.items())
    assert list(a.index) == list(b.index)
    assert a.country_heads() == b.country_heads()
    for n in names:
        assert a.lookup(n) == b.lookup(n), n
        for cc in ("SY", "PK", "UA", "FD"):
            assert a.lookup_skeleton(n, cc) == b.lookup_skeleton(n, cc), (n, cc)
            assert a.lookup_skeleton_head(n, cc) == b.lookup_skeleton_head(n, cc), (n, cc)
            assert a.admin1_canonical(cc, n) == b.admin1_canonical(cc, n), (n, cc)
        assert a.country_of_name(n) == b.country_of_name(n)
    assert [a.seat(i) for i in range(len(a.rows))] == [b.seat(i) for i in range(len(b.rows))]
    for r in a.rows:
        assert list(a.places_near(r[6], r[7], 30)) == list(b.places_near(r[6], r[7], 30))
    assert a.rows_of_kinds(["village", "city"]) == b.rows_of_kinds(["village", "city"])
    assert [a.may_extend(k) for k in list(a.index) + ["jisr", "khirbat", "new"]] == \
           [b.may_extend(k) for k in list(b.index) + ["jisr", "khirbat", "new"]]


def test_gazindex_added_places_answer_as_on_the_plain_loader(tmp_path, monkeypatch):
    plain, packed = _tiny_pair(tmp_path, monkeypatch)
    assert packed._base is not None and packed._base.n_rows == len(plain.rows)
    names = ["Idlib", "Idleb", "Salma", "Selma", "Khirbat Zzz", "Khirbet Zz", "Jisr Shughur", "New Governorate",
             "New", "Freedonia", "Republic of Freedonia", "Latakia", "Tell Rifat", "Mehrabpur", "Donetsk Oblast"]
    _same_answers(plain, packed, names)
    extra = tmp_path / "mine.tsv"
    extra.write_text(USER_PLACES, encoding="utf-8")
    assert plain.add_file(extra) == packed.add_file(extra) == 5
    _same_answers(plain, packed, names)
    assert packed.lookup("Khirbat Zzz")[0].source == "user"
    assert packed.rows[-1][0] == "u:5" and len(packed.rows) == len(plain.rows)
    with pytest.raises(IndexError):
        packed.rows[len(packed.rows)]


def test_gazindex_a_stale_index_is_rebuilt_not_used(tmp_path, monkeypatch):
    """A shipped index built from other sources is never read: the index is built from the
    sources into the cache instead."""
    from conflictlens.knowledge.gazetteer import Gazetteer
    from conflictlens.knowledge.gazindex import open_index

    monkeypatch.setenv("CONFLICTLENS_CACHE", str(tmp_path / "cache"))
    base = tmp_path / "tiny.tsv"
    base.write_text(TINY_GAZETTEER, encoding="utf-8")
    Gazetteer(base, index=True)  # its index is cached now
    changed = TINY_GAZETTEER.replace("Latakia\tSY\tLatakia\t\t35.53", "Latakia\tSY\tLatakia\t\t35.54")
    base.write_text(changed, encoding="utf-8")
    idx = open_index(base, None, shipped=tmp_path / "missing.idx.gz")
    assert [idx.row(i)[6] for i in range(idx.n_rows) if idx.row(i)[0] == "t:3"] == [35.54]
    assert len(list((tmp_path / "cache").glob("gazetteer-*.idx"))) == 2


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), st.lists(st.integers(0, 2**32 - 1), max_size=5),
                       max_size=60),
       st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=20))
def test_packed_postings_round_trip(table, probes):
    from conflictlens.knowledge.packed import Packed, Writer

    w = Writer()
    w.add_postings("t", table.items())
    w.add_strings("s", list(table))
    p = Packed(w.tobytes({"n": len(table)}))
    post, strings = p.postings("t"), p.strings("s")
    assert p.meta == {"n": len(table)}
    assert [post.get(k) for k in table] == list(table.values())
    assert [strings[i] for i in range(len(strings))] == list(table)
    assert [post.key_id(k) for k in table] == list(range(len(table)))
    for k in probes:
        assert post.get(k) == table.get(k)


def test_knowledge_yaml_loads_as_pyyaml_safe_load():
    from conflictlens.knowledge import DATA_DIR, load_data_yaml

    for f in sorted(DATA_DIR.glob("*.yaml")):
        assert load_data_yaml(f.name) == yaml.safe_load(f.read_text(encoding="utf-8")), f.name
