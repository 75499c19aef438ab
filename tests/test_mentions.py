from datetime import date

import pytest

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


def _places(pipe, text):
    a = pipe(make_article(text=text, where="t"))
    return {m.text: m.value for m in a.mentions if m.kind == "place"}


def test_places_qualifier_picks_the_namesake_inside_it(tiny_pipeline):
    # two Mehrabpurs: the one in Sindh, named as qualifier, wins over the bigger one in Balochistan
    p = _places(tiny_pipeline, "Police baton-charged traders in Mehrabpur city (Naushahro Firoz, Sindh).")
    assert p["Mehrabpur"].admin1 == "Sindh" and p["Mehrabpur"].role == "location"
    assert p["Sindh"].role == "qualifier"


def test_places_unknown_namesake_falls_back_to_its_qualifier(tiny_pipeline):
    # the gazetteer's only Mesquita is in Minas Gerais: the event is placed at the qualifier instead
    p = _places(tiny_pipeline, "Gunmen exchanged fire with police in Mesquita, Rio de Janeiro, on Tuesday.")
    assert p["Mesquita"].role == "unknown"
    assert p["Rio de Janeiro"].role == "location" and p["Rio de Janeiro"].precision >= 2


def test_places_piece_of_a_longer_name_is_not_a_place(tiny_pipeline):
    p = _places(tiny_pipeline, "An IED went off near a school in the Nazar Mohammad Kalay area of Qarabagh district.")
    assert "Nazar" not in p


def test_places_named_country_outvotes_its_namesake_towns(tiny_pipeline):
    p = _places(tiny_pipeline, "Protesters in Lebanon gathered in Sidon.")
    assert p["Sidon"].country == "LB" and p["Lebanon"].kind == "country"


def test_actors_forces_of_a_country():
    from conflictlens.knowledge.gazetteer import default_gazetteer

    base = ActorBase()
    found = {w: r for _s, _e, w, r in find_actor_mentions(
        "Military forces of Armenia shelled a village held by the military forces of Azerbaijan.", 0, base,
        default_gazetteer().country_of_name)}
    assert found["Military forces of Armenia"].country == "AM"
    assert found["military forces of Azerbaijan"].country == "AZ"


def test_actors_possessive_aliases_match():
    found = {w: r for _s, _e, w, r in find_actor_mentions("positions of the Luhansk People's Militia", 0, ActorBase())}
    assert found["Luhansk People's Militia"].candidates[0].name.startswith("NAF")


def test_gazetteer_admin1_aliases_and_spelling():
    from conflictlens.evaluate import admin1_agrees

    assert admin1_agrees("Distrito Federal", "Ciudad de Mexico", "MX")
    assert admin1_agrees("Mount Lebanon", "Jabal Lubnan", "LB")
    assert admin1_agrees("Ad Dali", "Dhale", "YE")
    assert not admin1_agrees("Sindh", "Punjab", "PK")


def _resolved(pipeline, text):
    a = pipeline(make_article(text=text, where="t", published=date(2020, 5, 4)))
    return a, [m.value for m in a.mentions if m.kind == "place"]


def test_places_short_names_need_a_qualifier_or_a_big_city(tiny_pipeline):
    _, places = _resolved(tiny_pipeline, "Residents protested in Nis, Serbia, on Monday.")
    nis = next(p for p in places if p.name == "Niš")
    assert nis.country == "RS" and nis.role == "location"
    assert {p.name for p in places if p.role == "qualifier"} == {"Serbia"}
    _, places = _resolved(tiny_pipeline, "Activists held a protest in Ufa on Monday.")
    assert [p.name for p in places] == ["Ufa"]  # a big city called by its own name
    _, places = _resolved(tiny_pipeline, "Fighting was reported near Tel on Monday.")
    assert places == []  # three letters, a village: too short to trust


def test_places_joined_names_and_street_names(tiny_pipeline):
    _, places = _resolved(tiny_pipeline, "Protesters cut the Tripoli-Beirut highway near the Palma roundabout.")
    assert {(p.name, p.country) for p in places} == {("Tripoli", "LB"), ("Beirut", "LB")}


def test_places_unknown_spelling_found_by_skeleton_after_a_locative_word(tiny_pipeline):
    a, places = _resolved(tiny_pipeline, "Turkish artillery hit Tall Refaat and nearby farmland in Aleppo.")
    assert "Tall Rif'at" in {p.name for p in places}
    assert a.events and a.events[0].location == "Tall Rif'at"


def test_places_monitors_place_their_reports(tiny_pipeline):
    _, places = _resolved(tiny_pipeline, "OSCE SMM monitors recorded 4 explosions near Kruta Balka.")
    kb = next(p for p in places if p.name == "Kruta Balka")
    assert kb.admin1 == "Donetsk"  # the mission's area, not the bigger namesake in Poltava


@pytest.mark.parametrize("text, lat, lon", [
    # on the Donbas contact line (by the monitor's held lists): the Vesele by Donetsk airport, not the
    # bigger one near Kramatorsk, whether the mission or a party to the line is named
    ("On 5 May 2020, OSCE SMM monitors recorded 11 explosions near Vesele.", 48.06, 37.73),
    ("On 5 May 2020, Ukrainian troops attacked Donbass People's Militia positions with mortars close to Vesele, "
     "Donetsk.", 48.06, 37.73),
    # ... and a protest there, with no front named, is in the bigger town
    ("On 2 May 2020, residents protested in Vesele, Donetsk, against the closure of the mine.", 48.71, 37.59),
])
def test_places_a_monitored_front_picks_the_namesake_on_it(text, lat, lon):
    from conflictlens import extract_article

    e = extract_article(make_article(text=text, where="t", published=date(2020, 5, 4))).events[0]
    assert (round(e.latitude, 2), round(e.longitude, 2)) == (lat, lon)


def test_places_a_description_between_the_relation_and_the_name():
    from conflictlens import extract_article

    a = extract_article(make_article(
        text="Rebels took half a dozen villages east of the port city of Latakia while pushing toward the "
             "leader's hometown of Qardaha.", where="t", published=date(2013, 8, 5)))
    places = {m.text: m.value for m in a.mentions if m.kind == "place"}
    assert places["Latakia"].precision == 2  # somewhere east of the city, as ACLED codes it
    assert places["Qardaha"].cue == "from"  # a destination, not where the villages were taken
    assert [e.location for e in a.events] == ["Latakia"]


def test_places_relational_feature_and_approximations():
    from conflictlens import extract_article

    a = extract_article(make_article(
        text="Rebels captured a military airport north of Aleppo on Sunday.", where="t", published=date(2013, 8, 5)))
    assert [e.location for e in a.events] == ["Menagh airbase"]  # the airbase north of the city, not the city
    a = extract_article(make_article(
        text="The army launched operations in the countryside of Lattakia, in which it managed to penetrate the "
             "first line of defense of the opposition's al-Akrad Mountain stronghold.",
        where="t", published=date(2015, 3, 8)))
    assert [e.location for e in a.events] == ["Jabal al-Akrad"]  # the named feature over "the countryside of"


def test_places_landmarks_in_a_describing_clause_are_not_event_places():
    from conflictlens import extract_article

    a = extract_article(make_article(
        text="Regime forces shelled the town of Zabadani, which sits between the capital of Damascus and the "
             "Lebanese border.", where="t", published=date(2015, 7, 29)))
    assert [e.admin1 for e in a.events] == ["Rural Damascus"]


def test_places_districts_place_unknown_villages_and_name_their_towns():
    from conflictlens import extract_article

    # neither village nor department is known: the province (a second-level area) places the event
    a = extract_article(make_article(text="On 11 May 2020, suspected jihadists shot dead a village chief in "
                                          "Koudiendi (Logobou, Tapoa).",
                                     where="t"))
    assert (a.events[0].location, a.events[0].admin1, a.events[0].geo_precision) == ("Tapoa", "Est", 2)
    # "Imam Sahib district": the district's own town, not the district's centroid nor the word "Imam"
    a = extract_article(make_article(text="On 14 May 2020, Taliban fighters attacked a police checkpoint in Qarluq "
                                          "Tepa village of Imam Sahib district, Kunduz.", where="t"))
    assert a.events[0].location.startswith("Im") and a.events[0].admin1 == "Kunduz"


def test_places_an_unknown_district_between_a_place_and_its_province():
    from conflictlens import extract_article

    a = extract_article(make_article(text="On 13 May 2020, Taliban fighters killed an Afghan policeman near the Loya "
                                          "Kalay area in Spin Boldak (Takhtah Pul) district, Kandahar.", where="t"))
    assert a.events[0].location.startswith("Sp") and a.events[0].admin1 == "Kandahar"
    # the ends of a road are only near the event; the area named beside it is where it happened
    a = extract_article(make_article(text="On 6 May 2020, garment workers blocked the Dhaka-Mymensingh highway in "
                                          "the Noyapara Bari area of Gazipur district (Dhaka) over unpaid wages.",
                                     where="t"))
    assert a.events[0].location == "Gazipur"


def test_actors_a_country_that_acts_is_its_forces():
    base = ActorBase()
    from conflictlens.knowledge.gazetteer import default_gazetteer

    country_of = default_gazetteer().country_of_name
    got = {w: (r.kind, r.country) for _s, _e, w, r in
           find_actor_mentions("Turkey shot down a Russian jet, and air strikes by the United States hit Raqqa.", 0,
                               base, country_of)}
    assert got["Turkey"] == ("state", "TR") and got["United States"] == ("state", "US")
    words = {w for _s, _e, w, _r in find_actor_mentions("Russia said it would send aid to Syria.", 0, base, country_of)}
    assert "Russia" not in words  # a country that only speaks or is named stays a place
    words = {w for _s, _e, w, _r in find_actor_mentions("Military forces of Armenia fired on positions.", 0, base,
                                                        country_of)}
    assert "Armenia" not in words and "Military forces of Armenia" in words


@pytest.mark.parametrize("text, where", [
    # "in the western countryside of As-Sweida" qualifies Taara: not Tara in Omsk
    ("On 9 May 2020, gunmen from two rival clans fought each other in Taara village, in the western countryside of "
     "As-Sweida.", ("Syria", "Suwayda")),
    # "Normal" (Illinois) after "Michoacan" contains nothing named before it: no vote for the US
    ("On 11 May 2020, in Morelia, Michoacan, Normal school students blocked a federal highway with hijacked buses.",
     ("Mexico",)),
    # a hyphenated name whose halves share no country is one name ("Mayo-Sava"), not Mayo, Maryland
    ("On 8 May 2020, Boko Haram fighters burned houses and stole livestock in Kolofata town (Mayo-Sava, "
     "Extreme-Nord).", ("Cameroon", "Far North")),
    # a name does not run across a bracket, and a bracketed name is the area ("Buenos Aires" province)
    ("On 12 May 2020, in San Isidro (Buenos Aires), neighbours banged pots against the lockdown.",
     ("Argentina", "Buenos Aires", "San Isidro")),
    ("On 13 May 2020, around Vicente Lopez (Buenos Aires), shopkeepers banged pots to demand that stores reopen.",
     ("Argentina", "Buenos Aires")),
    # "Ain" joined by a particle to the next name is not Al Ain in the Emirates
    ("On 6 May 2020, dozens rallied in the Baabda town of Ain er Roummaneh to demand the release of a detained "
     "activist.", ("Lebanon", "Jabal Lubnan")),
    # "Amara city" is the city, not Ethiopia's Amhara region
    ("On 7 May 2020, contract workers rallied outside the governorate building in Amara city, demanding their "
     "salaries.", ("Iraq",)),
    # a name's own province is no context for a namesake city abroad (Samarra, not Samara)
    ("On 9 May 2020, fighters of the PMF's Badr Organization killed two IS members during a raid east of Samarra.",
     ("Iraq", "Salah Al-Din")),
    # a name written twice is one vote: Tripoli beside Beirut is Lebanon's
    ("On 10 May 2020, a convoy of protesters drove from Beirut to Tripoli. They then joined a sit-in in Tripoli.",
     ("Lebanon", "Ash Shimal")),
    # "Bassa LGA" is a district, not a piece of a longer name; with it, Kwal is Nigeria's, not Coal City's
    ("On 12 May 2020, unknown attackers killed 2 farmers near Tafi in Kwal district (Bassa LGA, Plateau).",
     ("Nigeria", "Plateau", "Kwal")),
    # a qualifier naming a province is the province, not a village of that name in Baja California
    ("On 14 May 2020, a woman was wounded in a drive-by shooting in Benito Juarez, Nuevo Leon.",
     ("Mexico", "Nuevo Leon")),
    # a capital at a sentence's start is a weak vote ("Tires" in Italy); "Kayes Commune" is Kayes
    ("Around 9 May 2020, young people protested in Kayes, Kayes Commune (Kayes) over power cuts. Tires were set "
     "alight on the main road.", ("Mali", "Kayes", "Kayes")),
    # an acronym spelled out before it is not a place (Asha, Russia)
    ("On 11 May 2020, Accredited Social Health Activists (ASHA) rallied outside the civil hospital in Bathinda "
     "(Punjab) over unpaid incentives.", ("India", "Punjab")),
    # with no country standing out, "Palestinian" decides for Gaza's country (not Mozambique's province)
    ("On 8 May 2020, an Israeli navy vessel opened fire on Palestinian fishing boats off Sudaniye in northern Gaza.",
     ("Palestine", "Gaza Strip")),
    # Seno is Dori's province (GeoNames' second-level area, matched across GeoNames releases), not Ban Xeno
    ("On 17 May 2020, suspected ISGS fighters kidnapped two herders near the village of Tiadiol (Dori, Seno).",
     ("Burkina Faso", "Sahel")),
    # the Roma are a people
    ("On 10 May 2020, a group of far-right youths attacked a Roma settlement in Holosiivskyi district of Kyiv, "
     "burning tents.", ("Ukraine", "Kyiv")),
    # "residents of X" come from X; "on X road in Y" is in Y
    ("On 9 May 2020, around Huillapima (Catamarca), a group of residents of Concepcion blocked access to the town to "
     "demand drinking water.", ("Argentina", "Catamarca", "Huillapima")),
    ("On 12 May 2020, traders staged a sit-in outside a bank on Adiala road in Rawalpindi city (Rawalpindi, Punjab).",
     ("Pakistan", "Punjab", "Rawalpindi")),
    # names are checked against what their qualifiers turned out to be: "Chhewari" is a spelling of Churu,
    # which a Rajasthani Ramgarh would contain, but this Ramgarh is Bihar's; the village is unknown
    ("On 7 May 2020, a crowd pelted stones at forest officials and police at Chhewari village under the Ramgarh "
     "police station (Kaimur, Bihar).", ("India", "Bihar", "Rāmgarh")),
    # an unknown area between a name and its bracketed qualifier: Sheikhpara is not Sakhipur, Dhaka
    ("On 7 May 2020, a farmer was hacked to death by rivals in Sheikhpara area of Shailkupa upazila (Jhenaidah) over "
     "a land feud.", ("Bangladesh", "Khulna")),
    # a qualifier written as a district is no town of that name ("Haveli district" is not Haveli Lakha,
    # a town in Punjab beside another Kahuta); neither is known, so the event is in AJK
    ("On 9 May 2020, the military forces of India and Pakistan traded fire along the LoC near Kahuta sector area "
     "(Haveli district, AJK), wounding two civilians.", ("Pakistan", "Azad Jammu and Kashmir")),
    # hyphenated halves that are not neighbours are one name (a gang's, "Grand-Ravine"), not Grand and Ravine
    ("On 8 May 2020, in Port-au-Prince, Ouest department, fighting between the Grand-Ravine gang and a rival group "
     "left four people dead.", ("Haiti", "Ouest", "Port-au-Prince")),
    # a town GeoNames gives no first-level area takes that of its nearest neighbour
    ("On 12 May 2020, unemployed graduates gathered outside the National Assembly in Nouakchott to demand jobs.",
     ("Mauritania", "Nouakchott Ouest")),
    # "Maan" is a village (its key, "man", is no civilian), and a short name is trusted before "town"
    ("On 6 May 2020, an old landmine blew up under a motorbike in Maan town in Hama countryside, and the man riding "
     "it was killed.", ("Syria", "Hama", "Maan")),
    # "between X and Y towns in north-western Z": X and Y are where it happened, Z qualifies them
    ("Around 7 May 2020, the body of a young man shot by unknown gunmen was found on farmland between Harim and "
     "Sarmada towns in northwestern Idleb.", ("Syria", "Idlib", "Harim")),
    # a name the gazetteer spells otherwise: a construct-state -t (Maarah al-Naasan), a hard c (Conico); a run of
    # capitalised words whose first words are one place near the province named ("Zardana Mashehad": Zardana) ...
    ("On 9 May 2020, dozens of people protested in Maaret Al Naasan town in Idleb province against the reopening of "
     "trade crossings.", ("Syria", "Idlib", "Maarah al-Naasan")),
    ("On 10 May 2020, gunmen attacked a QSD checkpoint near the Koniko Gas Field in the countryside east of "
     "Deir-ez-Zor.", ("Syria", "Deir ez-Zor", "Conico")),
    ("On 12 May 2020, women and children rallied in Zardana Mashehad town in Idleb to denounce the shelling of their "
     "homes.", ("Syria", "Idlib", "Zardana")),
    # ... but not when the next word is a place itself ("Rajwara" is not Rajouri)
    ("On 13 May 2020, militants threw a grenade at an army patrol at Rajwara Handwara in the Handwara subdistrict "
     "(Kupwara district, J&K).", ("India", "Jammu and Kashmir", "Handwāra")),
    # a community or neighbourhood is part of the town the sentence names, not a namesake 100 km away
    ("On 11 May 2020, near Caracuaro de Morelos, Michoacan, an armed group attacked municipal police officers in the "
     "rural community of La Presa del Cirian.", ("Mexico", "Michoacan de Ocampo", "Carácuaro de Morelos")),
    ("On 8 May 2020, in Ribeirao das Neves, Minas Gerais, a shoot-out between police and suspected traffickers took "
     "place in the Sossego neighborhood.", ("Brazil", "Minas Gerais", "Ribeirão das Neves")),
    # the ends of a road written out are only near it: the municipality named is where it happened
    ("On 15 May 2020, in the Municipality of San Juan Cotzocon in Oaxaca, gunmen shot dead a motorcyclist on the "
     "road that links La Libertad and Arroyo Pena Amarilla.", ("Mexico", "Oaxaca", "San Juan Cotzocón")),
    ("On 16 May 2020, in the Municipality of Sain Alto, Zacatecas, gunmen killed a truck driver on Federal Highway "
     "45, near the exit for Jose Maria Morelos.", ("Mexico", "Zacatecas", "Sain Alto")),
    # a name whose qualifier rules out every place of that spelling is another spelling of one in the
    # qualifier's province (not Jordan's Ash Shajarah), when it is long enough to say ("Afrin" is no Farwan)
    ("On 8 May 2020, a shepherd was wounded by unknown gunmen while grazing sheep in Ash-Shajara town in Dar'a.",
     ("Syria", "Daraa", "Ash Shajarah")),
    ("On 6 May 2020, HTS executed a detainee from Afrin in Idleb, accusing him of spying.", ("Syria", "Idlib", "Idlib")),
    # a one-word name the gazetteer knows only with a second word ("Setharja Old"), one place in the province
    ("On 9 May 2020, a group of peasants rallied in Setharja town (Khairpur, Sindh) over the grabbing of their "
     "farmland.",
     ("Pakistan", "Sindh", "Setharja Old")),
    # forces heading "towards Marib" fought in Sanaa
    ("On 9 May 2020, Houthi fighters reportedly attacked government troops west of Jabal Salab, northeast of Sanaa "
     "city (Nihm, Sanaa), advancing towards Marib.", ("Yemen", "Sanaa")),
])
def test_places_resolved_as_acled_codes_them(text, where):
    """Notes whose places a namesake abroad, a word that looks like a name or a loose qualifier misled."""
    from conflictlens import extract_text

    e = extract_text(text).events[0]
    assert (e.country, e.admin1, e.location)[:len(where)] == acled_names(where)


def acled_names(where: tuple) -> tuple:
    """An expected (country, the gazetteer's admin1, its place name) as events write them: ACLED's name
    of the area (knowledge/data/acled_admin1.tsv) and the place in plain ASCII."""
    from conflictlens.knowledge.admin_names import acled_admin1, place_name
    from conflictlens.knowledge.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    iso2 = next((c.iso2 for c in gaz.countries.values() if c.name == where[0]), "")
    out = list(where)
    if len(out) > 1:
        out[1] = acled_admin1(iso2, out[1])
    if len(out) > 2:
        out[2] = place_name(out[2])
    return tuple(out)


@pytest.mark.parametrize("text, areas", [
    # a list of provinces is a list of places, none the qualifier of another: one event in each
    ("On 11 May 2020, Houthi artillery reportedly hit government positions in the Al Jawf, Ad Dali and Taizz "
     "governorates.", ["Al Jawf", "Dhale", "Taiz"]),
    # "A (B, C), D (E, F)": a closed bracket and a new name with its own bracket start the next item;
    # each area has its event, at its town (Sirwah) or, without one, its district (Nihm)
    ("On 10 May 2020, Houthi fighters launched attacks on the Nihm (Nihm, Sanaa governorate), Sirwah (Sirwah, Marib "
     "governorate), and Taizz (Salh, Taizz governorate) fronts.", ["Sanaa", "Marib", "Taiz"]),
])
def test_places_a_list_of_areas_gives_an_event_in_each(text, areas):
    from conflictlens import extract_text

    assert [e.admin1 for e in extract_text(text).events] == [acled_names(("Yemen", a))[1] for a in areas]


def test_places_a_province_named_alone_is_at_its_seat():
    from conflictlens import extract_text
    from conflictlens.knowledge.gazetteer import default_gazetteer, haversine_km

    gaz = default_gazetteer()
    # ACLED codes an event known only by its province at the province's seat (Kut, for Wasit) ...
    e = extract_text("On 13 May 2020, hundreds of teachers protested over unpaid salaries in Wassit "
                     "province.").events[0]
    kut = next(gaz.rows[i] for i in gaz.lookup_key("kut") if gaz.rows[i][3] == "IQ")
    assert (e.admin1, e.geo_precision) == ("Wasit", 3) and haversine_km(e.latitude, e.longitude, kut[6], kut[7]) < 1
    # ... but a province that places an unknown village stays at its own point (somewhere in it)
    e = extract_text("On 14 May 2020, mortar rounds launched by LNA forces landed on farms in Qasr Bin Sharaf "
                     "(Tripoli), causing damage.").events[0]
    area = next(gaz.rows[i] for i in gaz.lookup_key("tarabulus") if gaz.rows[i][1] == "admin1")
    assert (e.latitude, e.longitude) == (area[6], area[7])


def test_places_a_short_name_after_a_locative_word_may_be_a_big_city():
    from conflictlens import extract_text

    # "Tyr" is one of Tyre's names; three letters are too few to trust alone, but not after "in"
    e = extract_text("On 9 May 2020, dozens of people held a sit-in in Tyr against rising food prices in "
                     "Lebanon.").events[0]
    assert (e.country, e.admin1, e.location) == ("Lebanon", "South", "Tyre")


def test_places_words_that_are_not_places_here():
    from conflictlens import extract_text

    a = extract_text("On 12 May 2020, Israeli forces shelled a Hamas observation post east of Shujaayah, in Gaza "
                     "city, causing damage.")
    e = a.events[0]
    assert (e.country, e.actor2) == ("Palestine", "Hamas Movement")  # not Hamm, Germany
    a = extract_text("On 11 May 2020, fighters of Ahrar al Sharqiyah beat a shopkeeper in Jandairis town, in the "
                     "northern countryside of Aleppo, accusing him of selling food during Ramadan.")
    e = a.events[0]
    assert (e.country, e.admin1, e.actor1) == ("Syria", "Aleppo", "Ahrar al Sharqiyah")
    places = {m.text for m in a.mentions if m.kind == "place"}
    assert "Ramadan" not in places and "Sharqiyah" not in places
    # "media students in X" are not a media outlet in X: X stays the event's place
    a = extract_text("On 10 May 2020, Houthi forces detained 12 teachers and media students in Al Hudaydah city "
                     "without giving a reason.")
    assert a.events[0].admin1 == "Al Hudaydah"


@pytest.mark.parametrize("text, not_places", [
    # a headline's capitals, and everyday words at a sentence's start, after a colon or a dateline
    ("Mon Oct 31 2016 Over 3 Killed 40 Injured in Terrorists Rocket Attack on Western Aleppo.", {"Over"}),
    ("Wed 01 Oct 2014 at 1459 Regional NNA - Twin car bomb explosions in the Syrian city of Homs killed 18 people.",
     {"Twin", "Syrian"}),
    ("26.11.2014 Some 50 civilians in Syria have been killed in airstrikes on Raqqa.", {"Some"}),
    ("Rockets hit Douma on Friday, a nurse said: Many of the casualties are women and children.", {"Many"}),
    # the first word of a longer name
    ("A bomb planted inside the Grand Mosque in Damascus went off on Friday killing the imam.", {"Grand"}),
    # a date, not Romania's village "23 August"
    ("Friday 23 August 2013 Syria: have the Chemical Weapons gloves come off?", {"23 August"}),
    # an actor's name, a region too wide to place anything, a party
    ("The so-called Islamic State in Iraq and the Levant claimed the killing of a US aid worker in Syria.", {"Levant"}),
    ("A journalist for the ruling Baath party was killed in an attack in Idlib, Syria.", {"Baath"}),
    # a person's surname after the full name; a possessive whose apostrophe was lost
    ("UN relief chief Valerie Amos said 50 civilians were killed in Aleppo. Amos appealed to donors in Canada and "
     "the US.", {"Amos"}),
    ("Britain said on Wednesday it would raise the attack by Assads forces in Ghouta at the UN.", {"Assads"}),
    # a small town of a named country where the text does not say it is a place: "Winfield" is a man
    ("Rebels said the chemical attack on Zamalka, Ein Tarma and Douma near Damascus killed 1,400 people. The "
     "United States wants a sample of the agent, according to Winfield.", {"Winfield"}),
])
def test_places_words_in_news_text_that_are_not_places(text, not_places):
    """News text (headlines, datelines, quotes, people) that made false places abroad."""
    from conflictlens import extract_text

    a = extract_text(text)
    assert not not_places & {m.text for m in a.mentions if m.kind == "place"}
    assert all(e.country == "Syria" for e in a.events if e.country != "United States")


def test_places_a_named_countrys_town_is_a_place_where_the_text_says_so():
    from conflictlens import extract_text

    # the qualifier and the locative word say "Diffa" is a place in Niger, a named country
    a = extract_text("On 1 May 2020, Boko Haram militants attacked a Nigerian army post in Borno. Nigerien "
                     "troops repelled an attack in Diffa (Niger) the same day.")
    assert "Diffa" in {m.text for m in a.mentions if m.kind == "place"}


def test_places_a_town_on_the_edge_of_its_qualifiers_province():
    from conflictlens import extract_text

    # GeoNames puts Janzur in Al Jafarah and Burgersfort in Mpumalanga; each lies within EDGE_KM of a town
    # of the province the text names, so the town is kept rather than dropped for the province
    for text, town in (("On 15 May 2020, a rocket launched by LNA forces hit a house in Janzur (Tripoli).", "Janzur"),
                       ("On 15 May 2020, a shop owner was assaulted by police officers in Burgersfort (Sekhukhune, "
                        "Limpopo).", "Burgersfort")):
        a = extract_text(text)
        assert any(m.text == town and m.value.role == "location" for m in a.mentions if m.kind == "place"), text
    # a name after another's article particle is part of that longer name ("Aqbet al Khalidiyah")
    a = extract_text("On 13 May 2020, Israeli police raided a house in the Aqbet al Khalidiyah neighbourhood, in "
                     "Jerusalem's Old City.")
    assert "Khalidiyah" not in {m.text for m in a.mentions if m.kind == "place"}


def test_gazetteer_acled_first_level_areas():
    from conflictlens import extract_text
    from conflictlens.evaluate import admin1_agrees

    # Uganda: ACLED's admin1 is the district; Serbia: the City of Belgrade is an admin1 of its own
    a = extract_text("On 16 May 2020, residents beat to death a man accused of stealing a goat in Kakiri (Wakiso "
                     "district).")
    assert a.events[0].admin1 == "Wakiso"
    a = extract_text("On 6 May 2020, people in Belgrade, Serbia, blew whistles from their windows in protest against "
                     "the government.")
    assert (a.events[0].admin1, a.events[0].geo_precision) == ("Belgrade", 1)  # the city, in its own area
    a = extract_text("On 16 May 2020, a crowd beat up two suspected robbers in Mubende.")
    assert (a.events[0].admin1, a.events[0].geo_precision) == ("Mubende", 1)  # the town, not its district
    a = extract_text("On 6 May 2020, students protested in Nis, Serbia, against the new curfew.")
    assert a.events[0].admin1 == "Central Serbia"
    # ACLED's "Moscow" is the city, GeoNames' "Moskva" (GeoNames' "Moscow" is the oblast around it)
    from conflictlens.knowledge.gazetteer import default_gazetteer

    assert default_gazetteer().admin1_canonical("RU", "Moscow") == "Moskva"
    assert default_gazetteer().admin1_canonical("RU", "Moscow Oblast") == "Moscow"
    assert admin1_agrees("Missan", "Maysan", "IQ") and admin1_agrees("Sulaimaniyah", "Sulaymaniyah", "IQ")
    # the state abbreviations Indian reports put in brackets: Hyderabad, Telangana, not Sindh
    a = extract_text("On 12 May 2020, sanitation workers rallied for higher pay in Hyderabad city (Hyderabad, TS).")
    assert (a.events[0].country, a.events[0].admin1) == ("India", "Telangana")
