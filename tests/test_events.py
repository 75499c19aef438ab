from datetime import date

import pytest

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
    assert e.admin1 == "Idleb" and e.fatalities == 2  # (ACLED's name of the province)
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


def test_events_refinements_follow_acled_codebook():
    # small arms alongside artillery: an armed clash, not shelling
    assert classify("Troops opened fire on militia positions with mortars and small arms.")[1] == "Armed clash"
    assert classify("Forces fired mortars at the town.")[1] == "Shelling/artillery/missile attack"
    # violence at a protest makes it a violent demonstration; the police breaking it up, an intervention
    assert classify("Residents protested and blocked the road with burning tyres.")[1] == "Violent demonstration"
    assert classify("Workers staged a protest.", "Police dispersed them with tear gas.")[1] == "Protest with intervention"
    # rioters attacking people, with no demonstration: mob violence
    assert classify("Rioters threw stones at two soldiers.")[1] == "Mob violence"
    # killing a soldier is a clash, killing a shopkeeper an attack
    assert classify("Gunmen shot and killed a soldier.")[1] == "Armed clash"
    assert classify("Gunmen shot and killed a shopkeeper.")[1] == "Attack"


def test_events_weak_triggers_decided_by_actors(tiny_pipeline):
    def sub(text):
        a = tiny_pipeline(make_article(text=text, where="t", published=date(2020, 5, 4)))
        return [e.sub_event_type for e in a.events]

    assert sub("On 3 May 2020, gunmen killed two civilians in Idlib.") == ["Attack"]
    assert sub("On 3 May 2020, regime forces and rebels exchanged fire in Idlib.") == ["Armed clash"]
    assert sub("On 3 May 2020, villagers clashed with police in Idlib.") == ["Mob violence"]
    assert sub("On 3 May 2020, four men beat up a shopkeeper in Idlib.") == ["Mob violence"]


def test_events_undated_news_takes_the_report_day(tiny_pipeline):
    a = tiny_pipeline(make_article(text="Air strikes hit Idlib, killing four civilians.", where="t",
                                   published=date(2024, 11, 28)))
    e = a.events[0]
    assert e.event_date == date(2024, 11, 28) and e.date_min == date(2024, 11, 21) and e.time_precision == 2


def test_events_demands_after_the_trigger_are_not_hypothetical(tiny_pipeline):
    a = tiny_pipeline(make_article(text="On 2 May 2020, residents protested in Idlib to demand that the council resign.",
                                   where="t"))
    assert [e.sub_event_type for e in a.events] == ["Peaceful protest"]
    a = tiny_pipeline(make_article(text="On 2 May 2020, residents in Idlib feared an attack by the army.", where="t"))
    assert a.events == []


def test_events_unplaced_sentence_takes_the_previous_event_place(tiny_pipeline):
    text = ("On 2 May 2020, rebels attacked army positions in Jisr al-Shughour.\n"
            "Clashes continued in the area on 3 May 2020.")
    a = tiny_pipeline(make_article(text=text, where="t"))
    assert {e.location for e in a.events} == {"Jisr ash Shughur"}


def test_events_agent_after_by_is_actor1():
    from conflictlens import extract_article

    a = extract_article(make_article(text="On 2 May 2020, two soldiers were killed by a Taliban gunman in Sayedabad "
                                          "district, Wardak.", where="t"))
    assert a.events[0].actor1 == "Taliban"
    assert a.events[0].actor2.startswith("Military Forces of Afghanistan")


def test_events_monitor_report_coded_between_the_monitored_sides():
    from conflictlens import extract_article

    a = extract_article(make_article(text="On 6 May 2020, OSCE SMM monitors observed 5 explosions near "
                                          "Trudovskiye.", where="t"))
    ev = a.events[0]
    assert (ev.actor1, ev.actor2, ev.country) == ("Military Forces of Ukraine (2019-)", "", "Ukraine")
    a = extract_article(make_article(text="On 6 May 2020, OSCE SMM monitors recorded an exchange of fire near "
                                          "Trudovskiye.", where="t"))
    assert a.events[0].actor2 == "NAF: United Armed Forces of Novorossiya"


@pytest.mark.parametrize("text, actors", [
    # Trudovskiye was held by the NAF: fire observed there came from government forces ...
    ("On 6 May 2020, OSCE SMM monitors observed 5 explosions near Trudovskiye.",
     ("Military Forces of Ukraine (2019-)", "")),
    # ... Svitlodarsk by the government (the gazetteer has it as Svetlodarsk), Zolote-4 too (not in the gazetteer)
    ("On 6 May 2020, OSCE SMM monitors observed 5 explosions near Svitlodarsk.",
     ("NAF: United Armed Forces of Novorossiya", "")),
    ("On 6 May 2020, OSCE SMM monitors observed 9 explosions in both directions of the contact line near Zolote-4.",
     ("NAF: United Armed Forces of Novorossiya", "Military Forces of Ukraine (2019-)")),
    # a place the lists do not hold: the parties in their listed order
    ("On 6 May 2020, OSCE SMM monitors observed 5 explosions near Mykhailivka.",
     ("Military Forces of Ukraine (2019-)", "")),
])
def test_events_monitor_report_attacker_is_the_side_that_did_not_hold_the_place(text, actors):
    from conflictlens import extract_article

    ev = extract_article(make_article(text=text, where="t")).events[0]
    assert (ev.actor1, ev.actor2) == actors
    assert ev.admin1 in ("Donetsk", "Luhansk")  # a village the gazetteer lacks: its province


def test_monitor_holder_is_none_outside_the_period_or_when_both_sides_are_named():
    from conflictlens.knowledge.actors import default_actor_base
    from conflictlens.knowledge.matcher import phrase_key, tokenize

    osce = default_actor_base().monitors.get_key(phrase_key(tokenize("OSCE SMM")))[0]
    assert osce.holder(["Svitlodarsk"], date(2020, 5, 3)) == ("state", "Donetsk")
    assert osce.holder(["Zolote-4"], date(2020, 5, 3)) == ("state", "Luhansk")
    assert osce.holder(["Svitlodarsk"], date(2023, 5, 3)) is None  # the line moved in 2022
    assert osce.holder(["Svitlodarsk", "Horlivka"], date(2020, 5, 3)) is None
    assert osce.holder(["Svitlodarsk"], None) is None


@pytest.mark.parametrize("text, actors", [
    # the forces of a named operation are named after it; the other side stays itself
    ("On 9 May 2020, Turkish troops and pro-Turkey factions, operating under OPS, fought QSD fighters west of "
     "Tell Abiad.",
     ("Operation Peace Spring", "QSD: Syrian Democratic Forces")),
    # an ally "supported by" is not the initiator
    ("On 12 May 2020, fighting erupted between regime troops supported by QSD, against Turkish forces on the "
     "outskirts of Tell Tamer.",
     ("Military Forces of Syria (2000-2024)", "Military Forces of Turkey (2016-)")),
    # a demonym says whose airstrikes they were; bare airstrikes say nothing about the country's own forces
    ("On 7 May 2020, Israeli airstrikes hit regime positions near Khan Arnabah in Quneitra.",
     ("Military Forces of Israel (2009-2021)", "Military Forces of Syria (2000-2024)")),
])
def test_events_who_acts_for_whom(text, actors):
    from conflictlens import extract_article

    ev = extract_article(make_article(text=text, where="t")).events[0]
    assert (ev.actor1, ev.actor2) == actors


def test_events_country_conventions_for_state_units_and_unidentified_perpetrators():
    from conflictlens import extract_article

    a = extract_article(make_article(text="On 8 May 2020, the Military Police exchanged fire with suspected drug "
                                          "dealers in Duque de Caxias, Rio de Janeiro.", where="t"))
    assert "Military Forces of Brazil (2019-2022) Military Police" in {a.events[0].actor1, a.events[0].actor2}
    a = extract_article(make_article(text="On 3 May 2020, in Morelia, Michoacan, armed men killed a man whose body "
                                          "bore signs of torture.", where="t"))
    assert a.events[0].actor1 == "Unidentified Gang (Mexico)"
    a = extract_article(make_article(text="On 10 May 2020, in Ensenada, Baja California, a taxi driver was found dead. "
                                          "The victim had been beheaded. 1 fatality.", where="t"))
    assert a.events[0].actor1 == "Unidentified Gang (Mexico)"
    # armed men against the police are an armed group, whatever their trade
    a = extract_article(make_article(text="On 6 May 2020, armed men in Cosoleacaque, Veracruz, opened fire on a police "
                                          "station hours after a CJNG member was detained.", where="t"))
    assert a.events[0].actor1 == "Unidentified Armed Group (Mexico)"
    a = extract_article(make_article(text="On 3 May 2020, in Herat, Herat, armed men killed a shopkeeper.", where="t"))
    assert a.events[0].actor1 == "Unidentified Armed Group (Afghanistan)"


def test_events_negated_weak_trigger_is_not_an_event(tiny_pipeline):
    a = tiny_pipeline(make_article(text="No casualties were reported in Idlib on 2 May 2020.", where="t"))
    assert a.events == []


def test_events_groups_not_in_the_base_are_still_actors():
    from conflictlens import extract_article

    a = extract_article(make_article(text="On 2 May 2015, the Northern Storm Brigade attacked regime positions in "
                                          "Azaz.", where="t"))
    assert a.events[0].actor1 == "Northern Storm Brigade" and a.events[0].inter1 == 2
    a = extract_article(make_article(text="On 2 May 2020, fighters of the Al Humayqani tribe clashed with Houthi "
                                          "forces in Al Bayda.", where="t"))
    assert a.events[0].actor1 == "Al Humayqani Tribal Militia (Yemen)" and a.events[0].inter1 == 4
    a = extract_article(make_article(text="On 2 May 2020, the 35th Armoured Brigade shelled Houthi positions in "
                                          "Taiz.", where="t"))
    assert "Armoured Brigade" not in a.events[0].actor1  # a unit of the state, not a group of its own


@pytest.mark.parametrize("text,sub", [
    ("Military forces of Mozambique bombed insurgent camps in the bush near Macomia.", "Air/drone strike"),
    ("The OSCE SMM counted 9 projectiles from unidentified weapons near Shyrokyne.",
     "Shelling/artillery/missile attack"),
    ("The bodies of two handcuffed men with their throats cut were found beside a dirt road.", "Attack"),
    ("Unknown persons vandalised gravestones in the town.", "Looting/property destruction"),
    ("Teachers marched through the town centre to mark International Workers' Day.", "Peaceful protest"),
    ("An explosion, whose cause is not yet known, occurred near the bus station of Basira.",
     "Remote explosive/landmine/IED"),
    ("Police seized three hundred rounds of military ammunition from an abandoned warehouse.", "Disrupted weapons use"),
    ("The GNA and the LNA exchanged prisoners in a swap brokered by tribal elders.", "Agreement"),
    ("Unknown gunmen shot dead a regime army captain near the town of Nawa.", "Armed clash"),
    ("The OSCE SMM recorded 23 explosions in both directions of the contact line near Pikuzy.", "Armed clash"),
    ("Gunmen shot dead a shopkeeper in the market.", "Attack"),
    ("Residents demonstrated against the curfew; police fired tear gas after they vandalized a police station.",
     "Violent demonstration"),
    ("Police stopped a convoy of about 30 cars taking part in a protest.", "Protest with intervention"),
    # taking a position is a capture, whatever was fired first
    ("Videos showed rebels firing anti-tank missiles after taking the army position overlooking Salma.",
     "Non-state actor overtakes territory"),
])
def test_events_classify_acled_vocabulary(text, sub):
    assert classify(text)[1] == sub


def test_foreign_forces_under_a_named_operation():
    """ACLED names Saudi forces fighting in Yemen after their operation; at home they keep their name."""
    from conflictlens import extract_text

    yemen = extract_text("On 7 May 2020, Saudi artillery and rocket shelling was reported on farms in the Shada "
                         "area of north-western Yemen (Shada, Sadah).")
    assert yemen.events and yemen.events[0].actor1 == "Operation Restoring Hope" and yemen.events[0].inter1 == 8
    before = extract_text("Saudi artillery shelled villages in Sadah, Yemen on 2 March 2015.")
    assert before.events and before.events[0].actor1.startswith("Military Forces of Saudi Arabia")


def test_events_a_reference_to_an_event_is_more_evidence_for_it():
    """"The attack", "Wednesday's gas attack": a definite event noun refers back to an event the article
    told; it joins that event (with its evidence) instead of becoming a second one, and a reference
    that says who did it names the initiator."""
    from conflictlens import extract_text

    a = extract_text("On 14 March 2016, a chemical attack killed dozens of people in Douma, Syria. "
                     "The attack was on rebel-held areas east of the capital. "
                     "The government denied any role in the gas attack.")
    assert [e.sub_event_type for e in a.events] == ["Chemical weapon"]
    assert len(a.events[0].evidence) == 2  # (a denial is no evidence of the act)
    a = extract_text("On 9 June 2021, an IED exploded near the market in Marka, Lower Shabelle, Somalia. "
                     "Al Shabaab claimed responsibility for the attack.")
    assert len(a.events) == 1 and a.events[0].actor1 == "Al Shabaab"
    # the police who report on a reference are not who did it
    a = extract_text("On 9 June 2021, a bus driver and his son were shot by a gunman in Dangriga, Belize. "
                     "Police said the attack was linked to a gang feud.")
    assert len(a.events) == 1 and not a.events[0].actor1.startswith("Police")


@pytest.mark.parametrize("text", [
    # an indefinite noun or a verb is no reference
    "The regime launched an attack on Douma on 14 March 2016.",
    # a cause is another, earlier event
    "It was thought to be revenge for the killing of two fighters last week.",
])
def test_events_what_is_not_a_reference(text):
    from conflictlens.pipeline.events import classify, refers_back

    cls = classify(text)
    assert cls is not None and not refers_back(text, cls[2])


def test_events_a_reference_elsewhere_is_another_event():
    """A reference whose place is far from the event told before is another event ("the shelling of
    Aleppo" after a strike in Raqqa)."""
    from conflictlens import extract_text

    a = extract_text("On 14 March 2016, an air strike hit a market in Raqqa, Syria. "
                     "The shelling of Aleppo city killed four people on the same day.")
    assert {e.location for e in a.events} >= {"Ar Raqqah", "Aleppo"}


def test_events_a_country_level_report_joins_the_precise_one():
    """A headline's attack "in Syria" is the body's shelling of a town that day: one event, with the
    body's place and type."""
    from conflictlens import extract_text

    a = extract_text("Rebels attack government positions in Syria\n\n"
                     "On 14 March 2016, rebel artillery shelled army positions in Morek, Hama, killing four soldiers.")
    assert [(e.sub_event_type, e.location, e.admin1) for e in a.events] == [
        ("Shelling/artillery/missile attack", "Morek", "Hama")]


def test_events_people_told_as_killed_are_victims_not_a_crowd_that_fought():
    """CODEBOOK 1.3: mob violence needs a crowd doing violence; people a sentence says died or were hurt
    are its victims ("fighting ... where two people died" is no riot).  Villagers who clash with the
    police or with each other still riot.  Invented sentences."""
    from datetime import date

    from conflictlens import extract_text

    pub = date(2015, 7, 30)
    evs = extract_text("Heavy fighting raged near Kell on Wednesday, where two people were killed.", published=pub).events
    assert evs and all(e.sub_event_type != "Mob violence" for e in evs)
    assert extract_text("Villagers clashed with police in Kell on Monday.", published=pub).events[0].sub_event_type == \
        "Mob violence"
    assert extract_text("Villagers fought each other in Kell on Monday.", published=pub).events[0].sub_event_type == \
        "Mob violence"


def test_events_who_gained_the_territory_decides_once_the_article_names_them():
    """CODEBOOK 1.1: state forces taking a place is Government regains territory, non-state actors
    Non-state actor overtakes territory, also when the sentence that tells the takeover only says "the
    forces" and an earlier one names them.  Invented sentences."""
    from datetime import date

    from conflictlens import extract_text

    pub = date(2025, 4, 10)
    text = "Government forces clashed with Lorvian Front fighters near Kell on Wednesday. The forces took control of the village."
    evs = extract_text(text, published=pub).events
    assert evs and evs[0].sub_event_type == "Government regains territory"
    text = "Lorvian Front fighters clashed with government forces near Kell on Wednesday. The fighters took control of the village."
    evs = extract_text(text, published=pub).events
    assert evs and evs[0].sub_event_type == "Non-state actor overtakes territory"


def test_events_one_armed_side_doing_a_weak_violent_act_to_others_is_an_attack():
    """CODEBOOK 1.1, 1.5: a clash needs two armed sides.  One named armed side that assaults people the
    sentence does not call armed is an Attack; armed people attacked by someone unnamed are in a clash.
    Invented sentences."""
    from datetime import date

    from conflictlens import extract_text

    pub = date(2020, 9, 14)
    ev = extract_text("On 13 September, police beat a crowd of farmers in Trincomalee.", published=pub).events
    assert ev and ev[0].sub_event_type == "Attack" and ev[0].actor1.startswith("Police Forces of Sri Lanka")
    ev = extract_text("On 13 September, soldiers were attacked in Trincomalee; two were wounded.", published=pub).events
    assert ev and ev[0].sub_event_type == "Armed clash"


def test_events_a_merged_events_tally_adds_up_its_figures_as_reading_them_all_would():
    """Merging keeps a running tally of a merged event's figures (so that a report joining it costs the
    report's size, not the event's): it gives what ``fatalities_of`` gives over all of them."""
    import random
    from types import SimpleNamespace

    from conflictlens.pipeline.events.merge import _Tally, fatalities_of

    rnd = random.Random(7)
    for _ in range(300):
        figs = [SimpleNamespace(kind=rnd.choice(["killed", "injured"]), value=rnd.randint(0, 50),
                                part=rnd.random() < 0.3, evidence=None) for _ in range(rnd.randint(0, 8))]
        tally = _Tally()
        cut = rnd.randint(0, len(figs))
        tally.add(figs[:cut])
        tally.add(figs[cut:])
        assert tally.fatalities() == fatalities_of(figs), figs
