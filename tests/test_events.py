from datetime import date

from conflictlens import make_article
from conflictlens.pipeline.events import classify

BACKGROUND = ("220,000", "half a million", "12.2 million", "since 2011", "ceasefire established in 2020")


def test_events_classify_taxonomy():
    assert classify("Regime aircraft raided the town, killing six.")[:2] == ("Explosions/Remote violence", "Air/drone strike")
    assert classify("Residents staged a protest against the governor.")[:2] == ("Protests", "Peaceful protest")
    assert classify("Police arrested three journalists.")[:2] == ("Strategic developments", "Arrests")
    assert classify("Loyalist forces recaptured the city.")[:2] == ("Battles", "Government regains territory")
    assert classify("The weather was fine.") is None


def test_events_background_is_not_an_event(tiny_pipeline):
    text = ("Some 220,000 people have been killed since the start of the conflict, the UN said. "
            "Gunmen shot dead two civilians in Idlib on 3 May 2020.")
    a = tiny_pipeline(make_article(text=text, where="t", published=date(2020, 5, 4)))
    assert len(a.events) == 1
    e = a.events[0]
    assert e.event_type == "Violence against civilians" and e.event_date == date(2020, 5, 3)
    assert e.admin1 == "Idlib" and e.fatalities == 2
    assert [s.value for s in a.statistics] == [220000]


def test_events_evidence_offsets_valid(seed_articles):
    for a in seed_articles.values():
        for e in a.events:
            for ev in e.evidence:
                assert a.text[ev.start:ev.end] == ev.text


def test_events_seed_events_never_from_background(seed_articles):
    for a in seed_articles.values():
        for e in a.events:
            for ev in e.evidence:
                assert not any(b in ev.text for b in BACKGROUND), ev.text


def test_events_seed_statistics_listed(seed_articles):
    stats = [(s.kind, s.value) for a in seed_articles.values() for s in a.statistics]
    assert ("killed", 220000) in stats and ("in_need", 12200000) in stats and ("displaced", 7000) in stats


def test_events_ids_deterministic(seed_articles):
    from conflictlens import extract_article, read_inputs

    from .conftest import SAMPLES

    again = {a.article_id: [e.event_id for e in extract_article(a).events] for a in read_inputs([SAMPLES])}
    assert again == {k: [e.event_id for e in a.events] for k, a in seed_articles.items()}
