"""Actors the base does not know: named groups keep their own names, typed by the codebook's cues;
an abbreviation the text defines names its actor; no group becomes the state it fights; the corpus's
unknown groups are listed for an analyst to add."""

from datetime import date

from conflictlens import extract_text, make_article


def _events(text: str, published=date(2024, 12, 10)):
    return extract_text(text, published=published).events


def test_actors_unknown_group_keeps_its_name_and_is_not_the_state_it_fights():
    ev = _events("On 2 December 2024, the Military Operations Command captured Hama from the Syrian army.")[0]
    assert ev.actor1 == "Military Operations Command" and not ev.actor1.startswith("Military Forces")
    assert ev.inter1 == 2
    assert ev.actor2.startswith("Military Forces of Syria")
    assert ev.sub_event_type == "Non-state actor overtakes territory"


def test_actors_group_type_from_its_own_name():
    from conflictlens.pipeline.events.roles import group_inter

    assert group_inter("Lorvian Liberation Front") == 2  # seeks national power: a rebel group
    assert group_inter("Valley Brigade") == 2  # a named armed group: rebels unless it says otherwise
    assert group_inter("Belo Guards Militia") == 3  # a political militia
    assert group_inter("Belo Self-Defence Committee") == 4  # speaks for a community


def test_actors_abbreviation_defined_by_the_text_names_its_actor_not_a_place():
    text = ("On 4 December 2024, the Northern Valley Brigade (NVB) attacked army positions near Aleppo. "
            "Hours later NVB fighters shelled the airport of the city.")
    evs = _events(text)
    assert len(evs) >= 1 and all("Northern Valley Brigade" in (e.actor1, e.actor2) for e in evs)
    a = extract_text(text, published=date(2024, 12, 10))
    assert not any(m.kind == "place" and m.text == "NVB" for m in a.mentions)


def test_actors_identity_militias_in_acled_patterns():
    assert _events("On 4 March 2021, Ardan community militiamen raided a village near Narok, killing two herders.",
                   date(2021, 3, 6))[0].actor1 == "Ardan Ethnic Militia (Kenya)"
    ev = _events("On 4 March 2021, the Tessin clan militia clashed with the Belo clan militia in Mogadishu.",
                 date(2021, 3, 6))[0]
    assert {ev.actor1, ev.actor2} == {"Tessin Clan Militia (Somalia)", "Belo Clan Militia (Somalia)"}


def test_actors_a_month_is_no_march():
    ev = _events("On 4 March 2021, gunmen killed two farmers near Kismayo.", date(2021, 3, 6))[0]
    assert not ev.actor1.startswith("Protesters") and not ev.actor2.startswith("Protesters")


def test_actors_unknown_listed_with_counts_and_samples(tmp_path):
    from conflictlens import extract_article
    from conflictlens.knowledge.actors import default_actor_base
    from conflictlens.linking import Linker
    from conflictlens.store import Store
    from conflictlens.store.unknown import unknown_actors

    texts = ["On 3 March 2021, the Lions of the Ridge Brigade ambushed an army convoy near Aleppo, killing three soldiers.",
             "On 4 March 2021, the Lions of the Ridge Brigade shelled army positions in Idlib."]
    with Store(tmp_path / "u.db") as store:
        for i, t in enumerate(texts):
            Linker(store).save(extract_article(make_article(text=t, where="t", id=f"u{i}", published=date(2021, 3, 6))))
        rows = unknown_actors(store, default_actor_base())
    assert rows and rows[0]["name"] == "Lions of the Ridge Brigade" and rows[0]["reports"] == 2
    assert rows[0]["countries"] == ["Syria"] and len(rows[0]["samples"]) == 2
    assert all(not r["name"].startswith(("Military Forces", "Civilians")) for r in rows)


def test_actors_a_group_named_with_a_lower_case_kind_is_an_actor_not_a_place():
    """CODEBOOK 3: a named armed group is an actor in its own name ("the Horasan militant group" is the
    Horasan Group), and its name is no place ("Horasan" is also a town in Turkey).  Invented."""
    from datetime import date

    from conflictlens import extract_text

    ev = extract_text("Jets struck the bases of the Horasan militant group near Aleppo on Tuesday.",
                      published=date(2014, 9, 24)).events
    assert ev and ev[0].admin1 == "Aleppo" and "Horasan Group" in (ev[0].actor1, ev[0].actor2)


def test_actors_a_country_abbreviation_says_whose_forces_as_written():
    """CODEBOOK 3: "US jets" are the United States' forces, as "American jets" are; "us" the pronoun
    says nothing.  Invented sentences."""
    from datetime import date

    from conflictlens import extract_text

    ev = extract_text("US jets struck Islamic State positions near Raqqa on Tuesday.", published=date(2015, 7, 30)).events
    assert ev and ev[0].actor1.startswith("Military Forces of the United States")
    ev = extract_text("Witnesses told us that Syrian jets struck Saraqib on Tuesday.", published=date(2015, 7, 30)).events
    assert ev and ev[0].actor1.startswith("Military Forces of Syria")


def test_actors_planes_are_a_state_force_only_when_someone_owns_them():
    """CODEBOOK 3: "Israeli planes", "regime planes" are state forces; "a plane" alone is nobody's.  Invented."""
    from datetime import date

    from conflictlens import extract_text

    ev = extract_text("Israeli planes struck a convoy near Quneitra on Wednesday.", published=date(2015, 7, 30)).events
    assert ev and ev[0].actor1.startswith("Military Forces of Israel")
    ev = extract_text("Regime planes bombed Saraqib on Wednesday, killing two men.", published=date(2015, 7, 30)).events
    assert ev and ev[0].actor1.startswith("Military Forces of Syria")
