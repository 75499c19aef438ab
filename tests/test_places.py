"""The place stage's plumbing: typed candidates, the settings and word lists it takes from the
Context, and the span set that keeps its blocked-span test cheap on long texts."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from conflictlens import Pipeline, make_article
from conflictlens.knowledge.gazetteer import Place
from conflictlens.knowledge.place_words import PlaceWords
from conflictlens.pipeline.context import Context
from conflictlens.pipeline.places import PlaceSettings
from conflictlens.pipeline.places.candidates import find_candidates
from conflictlens.pipeline.places.records import Candidate, PlaceJob, SpanSet
from conflictlens.pipeline.settings import Settings

UP_TO_PLACES = ("clean", "sentences", "mentions.dates", "mentions.actors", "mentions.places")

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=30)


@given(spans, st.integers(0, 70), st.integers(0, 12))
def test_places_spanset_answers_as_a_scan_would(blocked, start, length):
    s = SpanSet.of(blocked)
    end = start + length
    assert s.overlaps(start, end) == any(a < end and b > start for a, b in blocked)
    assert s.covers_start(start) == any(a <= start < b for a, b in blocked)


def _places(text: str, ctx: Context) -> list[str]:
    art = Pipeline(UP_TO_PLACES, context=ctx)(make_article(text=text, where="test"))
    return [m.value.name for m in art.mentions if m.kind == "place" and m.value.role == "location"]


def test_places_settings_come_from_the_context(tiny_gazetteer):
    text = "Rockets hit Tel and Idleb on Monday."
    default = Context(gazetteer=tiny_gazetteer)
    assert "Tal" not in _places(text, default)  # a three-letter name is too short to trust alone ...
    shorter = Context(gazetteer=tiny_gazetteer,
                      settings=Settings(places=replace(PlaceSettings(), min_single_token_chars=3)))
    assert "Tal" in _places(text, shorter)  # ... unless the settings say three letters are enough


def test_places_word_lists_come_from_the_context(tiny_gazetteer):
    text = "Rockets hit Latakia and Idleb on Monday."
    assert {"Latakia", "Idlib"} <= set(_places(text, Context(gazetteer=tiny_gazetteer)))
    words = PlaceWords.load()
    mine = Context(gazetteer=tiny_gazetteer, place_words=replace(words, not_places=words.not_places | {"latakia"}))
    assert "Latakia" not in _places(text, mine) and "Idlib" in _places(text, mine)


def test_places_candidates_are_typed_records(tiny_gazetteer):
    ctx = Context(gazetteer=tiny_gazetteer)
    art = make_article(text="Clashes in Idleb and near Jisr al-Shughour.", where="test")
    art.text = art.raw  # (as the clean stage leaves it)
    job = PlaceJob(art, ctx.gazetteer, ctx.settings.places, ctx.place_words, ctx.actors.demonyms)
    found = find_candidates(job, art.raw, 0, SpanSet.of([(0, 7)]))  # ("Clashes" blocked, as an actor would be)
    assert [c.words for c in found] == ["Idleb", "Jisr al-Shughour"]
    assert all(isinstance(c, Candidate) and c.places and all(isinstance(p, Place) for p in c.places) for c in found)
    assert {p.name for p in found[0].places} == {"Idlib"} and found[0].ids == [p.idx for p in found[0].places]
    # a blocked span hides what it overlaps
    assert [c.words for c in find_candidates(job, art.raw, 0, SpanSet.of([(11, 13)]))] == ["Jisr al-Shughour"]


def test_places_an_approach_word_reaches_past_a_describing_phrase():
    """CODEBOOK 4 (geo-precision 2: near a place): "near the town of X" and "outside the capital X" are
    near X, as "near X" is; "in the capital X" is X itself.  A capital that is its own first-level area
    is then in the area around it.  Invented sentences."""
    from datetime import date

    from conflictlens import extract_text

    def first(text):
        evs = extract_text(text, published=date(2015, 2, 10)).events
        assert evs, text
        return evs[0]

    ev = first("Jets struck an area outside the capital Damascus on Monday, killing nine people.")
    assert ev.admin1 == "Rural Damascus" and ev.geo_precision == 2
    assert first("Jets struck villages near the town of Saraqib on Monday, killing nine people.").geo_precision == 2
    ev = first("Jets struck a market in the capital Damascus on Monday, killing nine people.")
    assert ev.admin1 == "Damascus" and ev.geo_precision == 1


def test_places_an_outlet_named_after_its_kind_is_no_place():
    """CODEBOOK 4: the location is where the event happened, not where it was reported from: "TV channel
    Palmyra", "the daily Tartus" are outlets named like towns.  Invented sentences."""
    from datetime import date

    from conflictlens import extract_text

    evs = extract_text("A car bomb killed nine civilians in Homs on Wednesday, TV channel Palmyra reported.",
                       published=date(2015, 7, 30)).events
    assert [e.location for e in evs] == ["Homs"]
    evs = extract_text("A car bomb killed nine civilians in Homs on Wednesday, the daily Tartus said.",
                       published=date(2015, 7, 30)).events
    assert [e.location for e in evs] == ["Homs"]
    evs = extract_text("A car bomb killed nine civilians in Al Mayadin on Wednesday.", published=date(2015, 7, 30)).events
    assert [e.location for e in evs] == ["Al Mayadin"]


def test_places_a_foreign_capital_named_as_an_agent_is_its_government_not_a_place():
    """CODEBOOK 4: "raids ordered by Washington", "Ankara said": a foreign capital standing for its
    government says who, not where; the event stays in the article's country.  Invented."""
    from datetime import date

    from conflictlens import extract_text

    text = ("Air strikes killed 31 civilians in Saraqib in Idlib province on Tuesday, a monitor said.\n"
            "The raids ordered by Washington also hit a bakery, the monitor added.")
    evs = extract_text(text, published=date(2015, 7, 30)).events
    assert evs and all(e.country == "Syria" for e in evs)
    assert not any(e.location == "Washington" for e in evs)
