"""The actor base knows the main armed groups of the countries ACLED covers, by the names reporters
write, and gives ACLED's names for them: by date where a group changed (the RSF, Boko Haram's split,
JNIM's founders), by country where two share a name ("BIR", "Khawarij").  The sentences are invented."""

from datetime import date

import pytest

from conflictlens import extract_text
from conflictlens.knowledge.actors import ActorBase, default_actor_base


@pytest.fixture(scope="module")
def base() -> ActorBase:
    return default_actor_base()


def _resolve(base: ActorBase, words: str, iso2: str, when: date) -> str:
    """The ACLED name the base gives ``words`` (an alias) for an event in ``iso2`` on ``when``."""
    if words in base.acronyms:
        candidates = base.acronyms[words]
    else:
        candidates = base.index.get_key(base.index.key_of(words))
    assert candidates, f"{words!r} is no alias of the base"
    country = base.knowledge.country_name(iso2)
    return base.pick(tuple(candidates), when, iso2).name_in(iso2, country)


@pytest.mark.parametrize("words, iso2, when, name", [
    ("TPLF fighters", "ET", date(2021, 3, 1), "TPLF: Tigray People's Liberation Front"),
    ("OLA", "ET", date(2022, 5, 1), "OLF-Shane: Oromo Liberation Front-Shane"),
    ("Fano militiamen", "ET", date(2023, 9, 1), "Fano Militia"),
    ("SPLA-IO", "SS", date(2016, 7, 10), "SPLM/A-IO: Sudan People's Liberation Movement/Army (In Opposition)"),
    ("Danab", "SO", date(2025, 6, 1), "Military Forces of Somalia (2022-) Special Forces"),
    ("Hawadle clan militia", "SO", date(2025, 6, 1), "Hawiye-Hawadle Sub-Clan Militia (Somalia)"),
    ("ISWAP fighters", "NG", date(2021, 2, 1), "Islamic State (West Africa)"),
    ("Civilian JTF", "NG", date(2021, 2, 1), "Civilian JTF: Civilian Joint Task Force"),
    ("VDP", "BF", date(2021, 2, 1), "VDP: Volunteers for the Defense of the Homeland"),
    ("M23 rebels", "CD", date(2022, 10, 1), "M23: March 23 Movement"),
    ("CODECO militiamen", "CD", date(2020, 4, 1), "CODECO: Cooperative for Development of Congo"),
    ("Mai-Mai", "CD", date(2020, 4, 1), "Mayi Mayi Militia"),
    ("Raia Mutomboki", "CD", date(2020, 4, 1), "Mayi Mayi Militia (Raia Mutomboki)"),
    ("Kachin Independence Army", "MM", date(2022, 1, 1), "KIO/KIA: Kachin Independence Organization/Kachin Independence Army"),
    ("PDF fighters", "MM", date(2022, 1, 1), "PDF: People's Defense Force"),
    ("Clan del Golfo", "CO", date(2021, 1, 1), "AGC: Gaitanist Self-Defense Forces of Colombia"),
    ("BLA", "PK", date(2023, 1, 1), "BLA: Baloch Liberation Army"),
    ("Naxals", "IN", date(2021, 1, 1), "Naxal-Maoist Rebels (India)"),
    ("Maute Group", "PH", date(2017, 6, 1), "Maute Group"),
    ("Wagner mercenaries", "ML", date(2022, 6, 1), "Wagner Group"),
])
def test_knowledge_actors_alias_names_the_acled_actor(base, words, iso2, when, name):
    assert _resolve(base, words, iso2, when) == name


@pytest.mark.parametrize("words, iso2, when, name", [
    # the RSF: the state's unit until the war with the army began on 2023-04-15, a rebel group since
    ("RSF", "SD", date(2020, 6, 1), "Military Forces of Sudan (2019-) Rapid Support Forces"),
    ("RSF", "SD", date(2023, 6, 1), "RSF: Rapid Support Forces"),
    # "Boko Haram" is JAS before the Islamic State's West Africa Province split from it, either of the two after
    ("Boko Haram", "NG", date(2015, 1, 10), "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"),
    ("Boko Haram", "NG", date(2020, 4, 30),
     "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"),
    # Katiba Macina merged into JNIM on 2017-03-02
    ("Katiba Macina", "ML", date(2016, 5, 1), "Katiba Macina"),
    ("Katiba Macina", "ML", date(2019, 5, 1), "JNIM: Group for Support of Islam and Muslims"),
    # the Taliban: rebels until they took Kabul, the state's forces after
    ("Red Unit", "AF", date(2020, 5, 1), "Taliban - Red Unit"),
    ("Taliban fighters", "AF", date(2022, 5, 1), "Military Forces of Afghanistan (2021-)"),
])
def test_knowledge_actors_a_group_that_changed_is_named_by_the_date(base, words, iso2, when, name):
    assert _resolve(base, words, iso2, when) == name


@pytest.mark.parametrize("words, iso2, name", [
    ("BIR", "CM", "Military Forces of Cameroon (1982-) Rapid Intervention Battalion"),
    ("BIR", "BF", "Military Forces of Burkina Faso (2022-)"),
    ("Khawarij", "SO", "Al Shabaab"),
    ("Khawarij", "PK", "TTP: Tehreek-i-Taliban Pakistan"),
    ("VDP", "CD", "Wazalendo"),
])
def test_knowledge_actors_a_shared_name_goes_to_the_local_actor(base, words, iso2, name):
    assert _resolve(base, words, iso2, date(2024, 3, 1)) == name


def test_knowledge_actors_acronyms_do_not_take_common_words_or_other_bodies(base):
    # acronyms match case-sensitively; an alias that folds to an English word would match any text
    for acronym in ("CPC", "AKP", "MSS", "CAA", "AL", "IRI", "SSA", "FC"):
        assert acronym not in base.acronyms, acronym
    for word in ("let", "activists", "men", "jamaat", "rada", "shane"):
        assert not base.index.get_key(base.index.key_of(word)), word


def _actors(text: str, published: date) -> set[str]:
    return {name for e in extract_text(text, published=published).events for name in (e.actor1, e.actor2) if name}


@pytest.mark.parametrize("text, published, expected", [
    ("On 12 March 2021, TPLF fighters attacked an ENDF base near Adigrat, Tigray, killing four soldiers.", date(2021, 3, 14),
     {"TPLF: Tigray People's Liberation Front", "Military Forces of Ethiopia (2018-)"}),
    ("On 5 June 2023, RSF fighters shelled army positions in Omdurman, Khartoum.", date(2023, 6, 6),
     {"RSF: Rapid Support Forces"}),
    ("On 3 February 2025, Danab commandos clashed with Khawaarij militants near Jowhar, Middle Shabelle.", date(2025, 2, 4),
     {"Military Forces of Somalia (2022-) Special Forces", "Al Shabaab"}),
    ("On 10 October 2022, M23 rebels attacked FARDC positions near Rutshuru, North Kivu.", date(2022, 10, 11),
     {"M23: March 23 Movement"}),
    ("On 4 January 2024, PDF fighters ambushed Tatmadaw troops near Kalay, Sagaing.", date(2024, 1, 5),
     {"PDF: People's Defense Force"}),
])
def test_knowledge_actors_named_in_an_article(text, published, expected):
    assert expected <= _actors(text, published)
