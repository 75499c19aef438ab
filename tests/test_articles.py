"""Whole articles: one event however many times the article tells it, two acts in one sentence stay
two, references join the act they name, the main event first, and no death counted in two events.
Every article here is invented."""

from datetime import date

from conflictlens import extract_text
from conflictlens.gold import double_counted

PUB = date(2015, 7, 8)  # a Wednesday


def _events(text: str, published=PUB):
    return extract_text(text, published=published).events


def test_articles_headline_lead_and_body_of_one_act_are_one_event():
    text = ("Air strikes kill 12 in northern Syria\n"
            "Government aircraft struck the town of Saraqib on Tuesday, killing at least 12 people, a monitor said.\n"
            "The raids on Saraqib also wounded dozens, the monitor added.")
    evs = _events(text)
    assert len(evs) == 1
    ev = evs[0]
    assert ev.sub_event_type == "Air/drone strike" and ev.location == "Saraqib" and ev.event_date == date(2015, 7, 7)
    assert ev.fatalities == 12 and len(ev.evidence) >= 2 and ev.main


def test_articles_two_acts_in_one_sentence_stay_two():
    evs = _events("On Monday, government jets bombed Saraqib while rebel artillery shelled Hama city.")
    assert sorted((e.location, e.sub_event_type) for e in evs) == [
        ("Hamah", "Shelling/artillery/missile attack"), ("Saraqib", "Air/drone strike")]
    actors = {e.location: e.actor1 for e in evs}
    assert actors["Saraqib"].startswith("Military Forces of Syria") and actors["Hamah"].startswith("Opposition Rebels")


def test_articles_a_reference_joins_the_act_it_names():
    text = ("A car bomb exploded in a market in Homs on Tuesday, killing eight people.\n"
            "The United Nations condemned the bombing, and the foreign minister discussed the attack with his "
            "counterpart.")
    evs = _events(text)
    assert len(evs) == 1 and len(evs[0].evidence) >= 2 and evs[0].fatalities == 8


def test_articles_a_reference_to_an_act_told_nowhere_is_no_event():
    assert _events("The foreign minister discussed the gas attack near Ostra with his counterpart on Sunday.") == []


def test_articles_figures_belong_to_the_act_they_are_told_for():
    text = ("Rebels shelled the army's positions in Hama on Monday, killing three soldiers.\n"
            "On Tuesday, government aircraft struck Saraqib, killing 26 fighters.\n"
            "The shelling followed the killing of 26 fighters in the air raids, the monitor said.")
    evs = _events(text)
    by_place = {e.location: e.fatalities for e in evs}
    assert by_place.get("Saraqib") == 26 and by_place.get("Hamah") == 3
    assert double_counted(evs) == 0


def test_articles_the_main_event_is_listed_first():
    text = ("Car bomb kills 8 in Homs\n"
            "A car bomb exploded in a market in Homs on Tuesday, killing eight people.\n"
            "Separately, rebels shelled army positions near Hama on Monday.")
    evs = _events(text)
    assert evs[0].main and evs[0].location == "Homs" and not any(e.main for e in evs[1:])


def test_articles_background_and_statements_are_no_events():
    text = ("Syria has been locked in a civil war since 2011 that has killed more than 230,000 people.\n"
            "President Tessel expressed his hope for a peaceful resolution to the fighting in Homs and Aleppo.\n"
            "Peace talks between the government and the opposition hit deadlock in Geneva.")
    assert _events(text) == []
