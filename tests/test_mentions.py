from datetime import date

from conflictlens import make_article
from conflictlens.knowledge.actors import ActorBase
from conflictlens.pipeline.actors import find_actor_mentions
from conflictlens.pipeline.figures import find_figures


def test_places_resolve_in_context(tiny_pipeline):
    a = tiny_pipeline(make_article(text="Fighting continued in Qusayr, in Homs province, on Sunday.", where="t",
                                   published=date(2013, 6, 3)))
    places = [m.value for m in a.mentions if m.kind == "place"]
    qusayr = next(p for p in places if "Qusayr" in p.name)
    assert qusayr.country == "SY" and qusayr.admin1 == "Homs"


def test_places_source_locations_are_not_event_locations(tiny_pipeline):
    a = tiny_pipeline(make_article(text="The London-based Syrian Observatory said clashes erupted in Idlib.", where="t"))
    roles = {m.text: m.value.role for m in a.mentions if m.kind == "place"}
    assert roles.get("London") == "source" and roles.get("Idlib") == "location"


def test_actors_named_and_generic():
    base = ActorBase()
    found = {w: r for _s, _e, w, r in find_actor_mentions("Regime forces and Russian warplanes struck the Nusra Front; gunmen killed two civilians.", 0, base)}
    assert found["Regime forces"].kind == "state"
    assert found["Russian warplanes"].candidates[0].name.startswith("Military Forces of Russia")
    assert found["Nusra Front"].kind == "named"
    assert found["gunmen"].kind == "unidentified" and found["civilians"].kind == "civilians"


def test_actors_unqualified_forces_are_not_state():
    base = ActorBase()
    kinds = [r.kind for _s, _e, _w, r in find_actor_mentions("Kurdish forces advanced.", 0, base)]
    assert "state" not in kinds


def test_figures_vague_and_conservative():
    figs = {f.kind: f for _s, _e, f in find_figures("Dozens of people were killed and 5 injured, the Observatory said.")}
    assert figs["killed"].value == 12 and figs["killed"].source == "Syrian Observatory for Human Rights"
    assert figs["injured"].value == 5
    [(_, _, f)] = [x for x in find_figures("killing at least 26 ISIS fighters") if x[2].kind == "killed"]
    assert f.value == 26 and f.qualifier == "at least"
