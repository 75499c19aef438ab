"""Stage ``mentions.places``: place names found with the gazetteer and resolved in context.

Candidates are capitalised token spans whose key is in the gazetteer (longest
first).  Each is resolved to one place by a score (see ``score_candidate``):
the article's country, an admin area named in the article, prominence, and the
kind of place.  Spans that name an actor ("Islamic State", "Ahrar al-Sham"),
common words ("Police", "Independence") and places that only say where a
source sits ("the UK-based Observatory", "the Lebanese website") are not
locations of events; the last are kept with ``role="source"``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from ..knowledge import load_data_yaml, zipf_table
from ..knowledge.gazetteer import GRID_DEG, haversine_km
from ..knowledge.matcher import Prepared, Token, Trigger, tokenize
from ..knowledge.names import admin_key, name_key
from ..models import Article, Mention
from . import stage

# Score weights: an admin area named in the same article outweighs prominence,
# the article's country outweighs both (a village in Syria beats a town of the
# same name in Egypt when the article is about Syria).
W_COUNTRY = 6.0
W_ADMIN_CONTEXT = 4.0
W_POPULATION = 0.35  # per log10 of population
W_CURATED = 1.5  # UCDP and hand-written features are conflict places
# A report from a monitored front ("the OSCE SMM observed ... near Vesele") is about a place on it: of
# namesakes, one within LINE_KM of places both sides hold (by the monitor's held lists) gains W_LINE,
# as much as a curated conflict place
W_LINE = 1.5
LINE_KM = 15.0
W_KIND_ADMIN1 = 1.0
# A city named like the province it lies in is its capital: preferred to the province itself when
# the name stands alone ("Idlib"), by less than the article's country share can outweigh.
W_OWN_PROVINCE = 1.0
W_ADMIN2_BARE = 1.0  # a bare name that is also a district: slightly less likely the district
SKELETON_MIN_LEN = 4
# A name the gazetteer does not know as written is looked up by skeleton only after a locative word,
# and only if it is long enough that its skeleton says something.
SKELETON_UNKNOWN_MIN_CHARS = 6
# ... and when the whole run of capitalised words is not known that way, its first words may be ("Koniko Gas
# Field", "Zardana Mashehad"), if they are one place (entries this close: GeoNames' and UCDP's) in a
# province the article names or near a place it names
ONE_PLACE_KM = 5.0
MAX_UNKNOWN_NAME_TOKENS = 3
NEAR_NAMED_KM = 30.0
# "an airport north of Aleppo": features of that kind this close to the anchor, in that direction
# (within a quarter turn either side), are what the writer means
RELATIONAL_MAX_KM = 60.0
RELATIONAL_MAX_DEGREES = 67.5  # ... or this close to another place the article names
MIN_SINGLE_TOKEN_CHARS = 4  # "Tel", "Deb", "Um": too short to trust alone
SHORT_NAME_MIN_POPULATION = 100_000  # ... unless a big city's own name ("Ufa", "Gao", "Kut")
# A place outside the article's main country is kept only if that country is named in
# the article or the place is a big city (reporters name capitals and big cities abroad).
FOREIGN_MIN_POPULATION = 100_000
DOMINANT_SHARE = 0.5  # the country with this share of the place votes is the article's country ...
DOMINANT_LEAD = 2.5  # ... or this many times the votes of the next: a Syrian story naming Iraq, Lebanon and Turkey
# Country votes weigh each candidate by sqrt(population): a named country counts as a nation,
# a curated conflict place (UCDP, hand-written features) as a town, so that "Lebanon" outvotes
# Lebanon, Pennsylvania and a Syrian village is not outvoted by a namesake hamlet abroad.
COUNTRY_VOTE_POPULATION = 10_000_000
CURATED_VOTE_POPULATION = 20_000
FULL_VOTE_POPULATION = 10_000  # a name that may be a town this big (or an area) gives a whole vote ...
HAMLET_VOTE_FLOOR = 0.25  # ... smaller ones a share by the square root of their size, at least this
# A place that fits the area named after it ("Mehrabpur (Naushahro Firoz, Sindh)") beats a
# namesake elsewhere: worth more than the article's country share and any population gap.
W_QUALIFIER_FIT = 8.0
W_QUALIFIER_VOTE = 2.0  # country vote of a name used as a qualifier or with an admin word
# Actors with a home country ("Houthi forces", "Ukrainian Forces") vote for it, as a place would.
W_ACTOR_VOTE = 1.0
W_SENTENCE_START = 0.5  # a sentence's first word is capitalised whatever it is: half a vote
# An everyday English word ("Some", "Over", "Grand", "Shot": a Zipf frequency of 4, once per 100,000
# words, or more) is a small place's name only where its capital says so: not at a sentence's start, not
# in a headline whose every word is capitalised, not as the first word of a longer name ("the Grand
# Mosque").  Place names that common in English are big places ("London", 5.3), which stay.
COMMON_WORD_ZIPF = 4.0
# A given name ("John", "Valerie", "Mustafa", "Rami": 2.9 and up) is among the 60,000 commonest words of
# English text; an unknown village's name ("Rajwara") is not
GIVEN_NAME_ZIPF = 2.5
TITLE_CASE_SHARE = 0.75  # a sentence with this share of its longer words capitalised is a headline
TITLE_CASE_MIN_WORDS = 4
_OPENERS = " \t\n\"'“‘(["
# When no country stands out, a country's adjective ("Palestinian fishermen") votes for it if a name may
# lie there ("Gaza"); only then, and quietly: foreign ones are common ("Russian warplanes" over Idlib)
W_DEMONYM_VOTE = 0.5
EXTERNAL_FORCES = 8  # ACLED inter code of forces acting outside their country
# What may stand between a place and the area that qualifies it.
_AREA_WORD = (r"(?:district|province|governorate|state|county|region|city|town|village|area|neighbou?rhood|"
              r"municipality|department|oblast|sector|subdivision|sub-?district|lga|tehsil|upazila|payam|commune|"
              r"chiefdom|township|regency|raion|woreda|zone|"
              r"fort|base|camp|checkpoint|front|frontline|position|airport|police station)")
# The surroundings of an area that qualify a place in it: "Taara in the western countryside of As-Sweida"
_SURROUNDS = (r"(?:\s+(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
              r"(?:countryside|outskirts|suburbs)\s+of(?: the)?)?")
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_QUALIFIER_GAP = re.compile(r"\)?\s*(?:" + _AREA_WORD + r"s?\s+){0,2}(?:,|\(|,?\s*(?:in|of|under)(?: the)?"
                            + r"(?:\s+" + _DIRECTION + r"(?=\s))?" + _SURROUNDS + r")?\s*(?:" + _AREA_WORD
                            + r"\s*)?[,(]?\s*"
                            # an unknown district between them: "Mehrabpur (Naushahro Firoz, Sindh)",
                            # "Spin Boldak (Takhtah Pul) district, Kandahar", "Sheikhpara area of Shailkupa
                            # upazila (Jhenaidah)"
                            r"(?:(?-i:[A-Z][\w'’-]*)(?:\s+(?-i:[A-Z][\w'’-]*)){0,2}\s*\)?\s*(?:" + _AREA_WORD
                            + r"\s*)?[,(]\s*)?", re.I)
# geo_precision (ACLED): 1 the town itself, 2 near it / part of a region, 3 the region
NEAR_WORDS = ("countryside of", "outskirts of", "near", "north of", "south of", "east of", "west of",
              "northeast of", "northwest of", "southeast of", "southwest of", "around", "rural",
              "vicinity of", "outside", "edge of", "km from", "kilometres from", "kilometers from", "area of",
              "surroundings of", "suburbs of", "countryside", "eastern countryside of", "western countryside of",
              "northern countryside of", "southern countryside of")
# A locative word (up to two lower-case words before the name) says the name is where something happened;
# "from X" says where people came from.  Names joined by "and"/"," share the cue of the first.
_LOCATIVE_WORDS = ("in at near outside inside around across throughout within into on over overlooking "
                   # verbs whose object is where the violence happened ("shelled Tall Refaat", "captured Kafr Nabl")
                   "shelled bombed struck hit targeted attacked raided stormed captured seized recaptured retook "
                   "entered besieged overran took reached").split()
_AREA_OF_WORDS = ("town village city area outskirts countryside suburb suburbs district province governorate "
                  "region neighbourhood neighborhood vicinity camp").split() + [
    a + b + c for a in ("north", "south", "east", "west") for b in ("", "east", "west") for c in ("", "ern")]
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:" + "|".join(_LOCATIVE_WORDS) + "|(?:" + "|".join(_AREA_OF_WORDS) + r")\s+of)"
    r"\s+(?:the\s+)?(?-i:[a-z-]+\s+){0,2}$", re.I)
_ORIGIN_BEFORE = re.compile(r"\b(?:from|towards?|(?:residents|inhabitants|natives|villagers|neighbou?rs|tribesmen)\s+of)"
                            r"\s+(?:the\s+)?(?-i:[a-z-]+\s+){0,2}$", re.I)
# The words a match of each pattern begins with: a text none of whose last words ends in one cannot
# match, and is not searched (``_governed``)
_LOCATIVE_CUES = frozenset(_LOCATIVE_WORDS + _AREA_OF_WORDS)
_ORIGIN_CUES = frozenset({"from", "of", "toward", "towards"})  # (where people come from or head to)
_WORD_TAIL = re.compile(r"\w*$")
_BORDER_RE = re.compile(r"\b([A-Z][a-z]+) (?:border|frontier|side of the border)\b")
# "a military airport north of Aleppo", "the dam east of the city of Raqqa"
_RELATIONAL_BEFORE = re.compile(
    r"\b(?:military\s+)?(?P<what>airport|airbase|air base|air field|airfield|dam|base)\s+"
    r"(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+"
    r"(?:the\s+)?(?:(?-i:[a-z]+)\s+)?(?:(?:city|town|port city)\s+of\s+)?$", re.I)
_FEATURE_KINDS = {"airport": ("airbase", "airport"), "airbase": ("airbase", "airport"), "air field": ("airbase", "airport"),
                  "airfield": ("airbase", "airport"), "dam": ("dam",), "base": ("base", "airbase")}
_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
             "west": 270, "northwest": 315}
# a clause describing where a place lies names other places as landmarks, not as where things happened
_DESCRIPTION_BEFORE = re.compile(
    r"(?:\b(?:which|that|it) (?:sits|lies|is located|is situated|stands|borders|overlooks)\b"
    r"|,\s+an?\s+(?:[\w-]+\s+){0,3}(?:village|town|city|area|district|region|suburb)\s+"
    r"(?:on|in|near|at|between|north|south|east|west|outside)\b)[^.;:]*$", re.I)
_CONJUNCTION_GAP = re.compile(r"\s*(?:,|and|or|&|, and)\s*$")
# Of those, the words that only approach a place ("north of X", "the countryside of X"); "the area
# of X" and "the outskirts of X" are still where the event happened, though approximately.
APPROACH_WORDS = tuple(w for w in NEAR_WORDS if w not in (
    "area of", "vicinity of", "outskirts of", "edge of", "surroundings of", "suburbs of"))
AREA_KINDS = frozenset({"country", "admin1", "admin2"})  # areas, not points (towns, villages, features)
REGION_KINDS = {"admin1", "country", "plain", "mountain", "area", "highway"}


@dataclass(slots=True)
class PlaceRef:
    name: str  # the gazetteer's name
    kind: str
    country: str  # ISO2
    admin1: str
    admin2: str
    lat: float
    lon: float
    precision: int
    role: str = "location"  # "location" or "source" (where a reporter or outlet sits)
    place_id: str = ""
    score: float = 0.0
    cue: str = ""  # "at" when a locative word governs the name ("in X"), "near" for "near X", "north of X",
    # "the countryside of X", "described" for a landmark in a clause placing another place ("which lies
    # near X"), "from" for an origin ("migrants from X")
    abroad: bool = False  # outside the country most of the article's places are in


class Lexicon(NamedTuple):
    """The word lists of ``place_words.yaml``."""

    not_places: frozenset  # capitalised words that are never places ("March", "Police")
    source_contexts: list  # patterns around a name that make it where a source sits
    trailing_kinds: frozenset  # "plain", "airbase": part of a feature's name
    admin_words: frozenset  # "province", "district": the name is an admin area
    neighbours: frozenset  # words that may stand beside a name without lengthening it
    streets: frozenset  # "square", "junction": the name is a street's
    organisations: frozenset  # "party": the name is an organisation's


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    d = load_data_yaml("place_words.yaml")
    trailing, admin = frozenset(d["trailing_kind_words"]), frozenset(d["admin_words"])
    return Lexicon(frozenset(w.lower() for w in d["not_places"]), [Trigger(p) for p in d["source_contexts"]],
                   trailing, admin, frozenset(w.lower() for w in (*d["name_neighbours"], *trailing, *admin)),
                   frozenset(d["street_words"]), frozenset(d["organisation_words"]))


def _accept(tokens: list[Token], i: int, j: int) -> bool:
    if not tokens[i].capitalised or not tokens[j - 1].capitalised:
        return False
    not_places = _lexicon().not_places
    words = " ".join(t.text for t in tokens[i:j]).lower()
    # "Assads forces": a possessive whose apostrophe was lost is still the word
    return words not in not_places and not (j - i == 1 and words.endswith("s") and words[:-1] in not_places)


def _short(words: str) -> bool:
    return " " not in words.strip() and len(name_key(words)) < MIN_SINGLE_TOKEN_CHARS


_SPAN_BREAK = re.compile(r"[(),;:/]")
_JOINED_NAMES = re.compile(r"(?-i:[A-Z][a-z]{3,})(?:-(?-i:[A-Z][a-z]{3,}))+")
# ... the ends of a route ("the Tripoli-Beirut highway") may lie far apart, in two countries; otherwise
# names joined by a hyphen that are not neighbours are one name we do not know ("Mayo-Sava", "Grand-Ravine")
_ROUTE_AFTER = re.compile(r"\s+(?:highway|road|motorway|route|axis|railway|line|front|corridor|border|crossing|"
                          r"bridge|intersection|junction|frontlines?)\b", re.I)
_ROAD_AFTER = re.compile(r"\s+(?:highway|road|motorway|route|railway|bypass)\b", re.I)
# ... and the ends of a road written out: "the road connecting A and B", "the turn-off to A"
_ROAD_ENDS_BEFORE = re.compile(
    r"\b(?:(?:road|highway|motorway|route)\s+(?:that\s+)?(?:connect(?:s|ing)|link(?:s|ing)|lead(?:s|ing)\s+to)"
    r"|(?:road|highway|motorway|route|turn-?off|exit)\s+(?:to(?:wards?)?|for))\s+(?:[\w'-]+\s+){0,3}$", re.I)
_QUALIFIER_NEXT = re.compile(r"\s*(,|\(|in\b)\s*[A-Z]")
_NEXT_ITEM = re.compile(r"\)\s*,")  # the gap after a closed bracket, and ...
_BRACKET_NEXT = re.compile(r"\s*\(")  # ... a name followed by its own bracket: the next item of a list
_AFTER_A_NAME = re.compile(r"(?-i:[A-Z])[\w'’-]*\s*[,(]\s*$")
_SETTLEMENT_AFTER = re.compile(r"\s+(?:city|town|village)\b", re.I)
_LOCALITY_AFTER = re.compile(r"\s+(?:neighbou?rhood|community)\b", re.I)
_LOCALITY_BEFORE = re.compile(r"\b(?:neighbou?rhood|community)\s+of\s+(?:the\s+)?$", re.I)
LOCALITY_KM = 15.0  # a town's neighbourhoods and communities lie this close to it
_AREA_IN_BRACKETS = re.compile(r"(?-i:[A-Z])[\w'’-]*\s*\(\s*$")


@lru_cache(maxsize=1)
def _admin_after_re() -> re.Pattern:
    return re.compile(r"\s*(" + "|".join(re.escape(w) for w in _lexicon().admin_words) + r")\b", re.I)


def _admin_word_after(text: str, end: int) -> bool:
    """"Idleb province", "Hama countryside": an admin word right after the name."""
    return bool(_admin_after_re().match(text, end, end + 25))


_GLUED_PARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez)-(?-i:[A-Z])")


def _part_of_longer_name(tokens: list[Token], i: int, j: int, text: str, offset: int) -> bool:
    """A match inside a longer capitalised name ("Nazar" in "Nazar Khan Kelay", "Faour" in "Wael Abu
    Faour") is not that place; neighbours that are kind, admin or direction words are fine."""
    ok = _lexicon().neighbours
    for k in (i - 1, j):
        if k < 0 or k >= len(tokens) or (k == i - 1 and k == 0):
            continue  # sentence-initial words are capitalised anyway
        t = tokens[k]
        a, b = (t.end, tokens[i].start) if k == i - 1 else (tokens[j - 1].end, t.start)
        if t.text[:1].isupper() and not text[a - offset:b - offset].strip() and t.text.lower() not in ok:
            return True
    # "Binan" in "Binan al-Hos": a name with its article glued on continues it
    if j < len(tokens) and _GLUED_PARTICLE.match(tokens[j].text) and not text[
            tokens[j - 1].end - offset:tokens[j].start - offset].strip():
        return True
    # "Ain" in "Ain er Roummaneh", "Ras" in "Ras el Ain": an article particle joins it to the next name
    if j + 1 < len(tokens):
        particle, after = tokens[j], tokens[j + 1]
        if (not particle.key and particle.text.islower() and after.text[:1].isupper() and after.text.lower() not in ok
                and not text[tokens[j - 1].end - offset:particle.start - offset].strip()
                and not text[particle.end - offset:after.start - offset].strip()):
            return True
    # ... and "Khalidiyah" in "Aqbet al Khalidiyah" to the name before it
    if i >= 2:
        before, particle = tokens[i - 2], tokens[i - 1]
        if (not particle.key and particle.text.islower() and before.text[:1].isupper()
                and before.text.lower() not in ok and i - 2 > 0
                and not text[before.end - offset:particle.start - offset].strip()
                and not text[particle.end - offset:tokens[i].start - offset].strip()):
            return True
    return False


def _title_case(tokens) -> bool:
    """"Over 3 Killed 40 Injured in Terrorists Rocket Attack on Western Aleppo": a headline's capitals
    say nothing of names."""
    words = [t.text for t in tokens if len(t.text) >= 4 and t.text.isalpha()]
    return len(words) >= TITLE_CASE_MIN_WORDS and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def _everyday_word(gaz, tokens, i: int, j: int, ids, headline: bool, sentence: bool, gap_before: str) -> bool:
    """Whether the one-word match ``tokens[i:j]`` is an everyday English word whose capital is no evidence
    of a name (see COMMON_WORD_ZIPF) and no big place of that name is among ``ids``."""
    if j - i != 1 or zipf_table().get(tokens[i].text.lower(), 0.0) < COMMON_WORD_ZIPF:
        return False
    if _known_as_written(gaz, ids, tokens[i].text):
        return False  # ("Turkey", "Jordan"; "London" spelled as its own name, though not "Some" for the Somme)
    if not sentence:
        return False  # (the halves of a hyphenated name: whether they are one name is decided by distance)
    # "... said: Many of the casualties", "Regional NNA - Twin car bombs", "26.11.2014 Some 50 civilians":
    # a colon or a dash starts a sentence of its own, and a dateline's numbers are not words
    starts = (i == 0 or ":" in gap_before or " - " in gap_before or "–" in gap_before or "—" in gap_before
              or not any(c.isalpha() for t in tokens[:i] for c in t.text))
    return starts or headline or (
        j < len(tokens) and tokens[j].text[:1].isupper() and tokens[j].start - tokens[i].end <= 1)


def find_candidates(text: str, offset: int, gaz, blocked: list[tuple[int, int]], sentence: bool = True):
    """(start, end, words, [row idx]) for gazetteer names in ``text`` (offset added); ``text`` is a
    sentence unless ``sentence`` is false (the halves of a hyphenated name)."""
    tokens = tokenize(text, offset)
    headline = _title_case(tokens)
    trailing, streets, organisations = _lexicon().trailing_kinds, _lexicon().streets, _lexicon().organisations
    end_of_text = offset + len(text)
    blocked = [(bs, be) for bs, be in blocked if bs < end_of_text and be > offset]  # those in this text
    out = []
    i, n = 0, len(tokens)
    while i < n:
        hit = None
        # the longest span worth trying: grow it while its key begins some gazetteer name
        top, key = i, ""
        for j in range(i + 1, min(n, i + 6) + 1) if tokens[i].capitalised else ():  # (else _accept refuses all)
            if j - 1 > i and _SPAN_BREAK.search(text, tokens[j - 2].end - offset, tokens[j - 1].start - offset):
                break  # a name does not run across a bracket or a comma ("San Isidro (Buenos Aires)")
            k = tokens[j - 1].key
            if k:
                key = f"{key} {k}" if key else k
                if key not in gaz.index and not gaz.may_extend(key):
                    break
            top = j
        for j in range(top, i, -1):
            if not _accept(tokens, i, j):
                continue
            s, e = tokens[i].start, tokens[j - 1].end
            if any(s < be and e > bs for bs, be in blocked):
                continue
            key = " ".join(t.key for t in tokens[i:j] if t.key)
            ids = gaz.lookup_key(key)
            if j - i == 1 and len(tokens[i].key) < MIN_SINGLE_TOKEN_CHARS and not _QUALIFIER_NEXT.match(
                    text, e - offset) and not _SETTLEMENT_AFTER.match(text, e - offset):  # ("Maan town")
                # "Tel", "Um" alone are too short to trust; "Nis, Serbia" names its area, "KPK" is an
                # area, and "Ufa" or "Kut" is a big city called by its own name
                # ("in Tyr", after a locative word, may be a big city under another of its names)
                ids = [x for x in ids if (gaz.rows[x][1] in ("admin1", "country") and tokens[i].text.isupper())
                       or (gaz.rows[x][8] >= SHORT_NAME_MIN_POPULATION and gaz.rows[x][1] == "city" and (
                           name_key(gaz.rows[x][2]) == key or _locative_at(text, s - offset)))]
            # "Ghab plain", "Kweires airbase": try with the following kind word too
            if j < n and tokens[j].text.lower() in trailing:
                ids2 = gaz.lookup_key(key + " " + tokens[j].key)
                if ids2:
                    ids, e, j = ids2, tokens[j].end, j + 1
            if ids and j < n and (tokens[j].text.lower() in streets or tokens[j].text.lower() in organisations):
                break  # "al Nour square", "the Palma junction", "the Baath party": a street's name, not a town
            if ids and not _part_of_longer_name(tokens, i, j, text, offset) and not _everyday_word(
                    gaz, tokens, i, j, ids, headline, sentence, text[tokens[i - 1].end - offset:s - offset] if i else ""):
                hit = (s, e, j, ids)
                break
        if hit:
            s, e, j, ids = hit
            out.append((s, e, text[s - offset:e - offset], list(ids), tokens[i:j]))
            i = j
        else:
            if _JOINED_NAMES.fullmatch(tokens[i].text) and tokens[i].text.lower() not in _lexicon().not_places:
                # "the Tripoli-Beirut highway": two places joined by a hyphen; "Mogadishu-Dharkenley": a
                # city and its district
                t = tokens[i]
                parts = find_candidates(t.text.replace("-", "/"), t.start, gaz, blocked, sentence=False)
                if len(parts) < 2 or _ROUTE_AFTER.match(text, t.end - offset) or _neighbours(gaz, parts[0][3], parts[-1][3]):
                    out.extend(parts)  # (parts that are not neighbours are one name: "Mayo-Sava", "Grand-Ravine")
            i += 1
    return out


JOINED_NAMES_KM = 50.0  # "Mogadishu-Dharkenley": a city and its district lie this close


def _neighbours(gaz, ids_a: list[int], ids_b: list[int]) -> bool:
    """Whether some place of ``ids_a`` and some of ``ids_b`` lie in one country, JOINED_NAMES_KM apart or less."""
    return any(gaz.rows[a][3] == gaz.rows[b][3] and haversine_km(gaz.rows[a][6], gaz.rows[a][7], gaz.rows[b][6],
                                                                  gaz.rows[b][7]) <= JOINED_NAMES_KM
               for a in ids_a for b in ids_b)


def score_candidate(row: tuple, country_votes: Counter, admin_context: set, is_admin_phrase: bool,
                    own_areas: frozenset | set = frozenset()) -> float:
    """``admin_context``: the (ISO2, admin1) areas the article names; ``own_areas``: those only the name
    itself may be (the province "Samara" beside the city "Samara")."""
    _pid, kind, _name, cc, a1, _a2, _lat, _lon, pop, src = row
    total = sum(country_votes.values()) or 1
    s = W_COUNTRY * country_votes.get(cc, 0) / total
    if (cc, a1) in admin_context and kind != "admin1":
        s += W_ADMIN_CONTEXT
    elif (cc, a1) in own_areas and kind != "admin1":
        s += W_OWN_PROVINCE
    if kind == "admin2":
        # a district is meant when the text says so ("Bassa LGA", "Poonch district"); otherwise the
        # town of the same name usually is, and a district's summed population says nothing
        s += W_KIND_ADMIN1 * 3 if is_admin_phrase else -W_ADMIN2_BARE
    else:
        s += W_POPULATION * math.log10(pop + 1)
    if src in ("ucdp", "features"):
        s += W_CURATED
    if kind == "admin1":
        s += W_KIND_ADMIN1 * (3 if is_admin_phrase else 0.5)
    if kind == "country":
        s += 3
    return s


def admin1_place(gaz, iso2: str, area: str) -> PlaceRef | None:
    """The admin1 area ``area`` of country ``iso2`` as a place (its centroid, precision 3)."""
    canonical = gaz.admin1_canonical(iso2, area)
    if not canonical:
        return None
    for i in gaz.lookup_key(name_key(canonical)):
        r = gaz.rows[i]
        if r[1] == "admin1" and r[3] == iso2:
            return PlaceRef(r[2], r[1], r[3], r[4], r[5], r[6], r[7], 3, "location", r[0])
    return None


# "east of the port city of Latakia", "toward the leader's hometown of Qardaha": what describes the place
# stands between it and the words that say how the event relates to it
_DESCRIPTOR_BEFORE = re.compile(r"\s*\bthe\s+(?:[a-z'’-]+\s+){0,2}(?:city|town|village|port|capital|hometown|"
                                r"birthplace|stronghold)\s+of\s*$", re.I)


def _undescribed(before: str) -> str:
    """The text before a name without a describing "the port city of" at its end."""
    return _DESCRIPTOR_BEFORE.sub(" ", before) if before.rstrip().endswith("of") else before


def precision_for(kind: str, before: str) -> int:
    if kind in ("admin1", "country"):
        return 3
    b = _undescribed(before).lower().rstrip()
    if kind in REGION_KINDS or kind == "admin2" or any(b.endswith(w) for w in NEAR_WORDS):
        return 2
    return 1


def _prominence(row: tuple) -> float:
    """How strongly a candidate speaks for its country: named countries and admin areas loudly,
    big cities more than hamlets, curated conflict places as if they were towns."""
    kind, pop, src = row[1], row[8], row[9]
    if kind == "country":
        pop = max(pop, COUNTRY_VOTE_POPULATION)
    if src in ("ucdp", "features"):
        pop = max(pop, CURATED_VOTE_POPULATION)
    return math.sqrt(pop + 1)


def country_votes(cands, gaz, hint: str = "", weights: list[float] | None = None) -> Counter:
    """Each place name gives one vote (or its largest weight), shared among the countries it may be in
    by prominence.  A name written twice is still one piece of evidence ("from Beirut to Tripoli ...
    a demonstration in Tripoli" does not make Libya twice as likely)."""
    votes: Counter = Counter()
    by_name: dict[str, tuple[float, list[int]]] = {}
    for n, c in enumerate(cands):
        key = name_key(c[3])
        w = weights[n] if weights else 1.0
        if key not in by_name or w > by_name[key][0]:
            by_name[key] = (w, c[4])
    for w, ids in by_name.values():
        best: dict[str, float] = {}
        for i in ids:
            r = gaz.rows[i]
            best[r[3]] = max(best.get(r[3], 0.0), _prominence(r))
        total = sum(best.values()) or 1.0
        # a name that can only be hamlets speaks softly: "al-Zaharra" (a Spanish hamlet's spelling) against
        # "Aleppo" is no tie
        w *= min(1.0, max(HAMLET_VOTE_FLOOR, max(best.values(), default=0.0) / math.sqrt(FULL_VOTE_POPULATION)))
        for cc, v in best.items():
            votes[cc] += w * v / total
    if hint:
        votes[hint] += 2
    return votes


def _dominant(votes: Counter) -> str:
    """The country with more than ``DOMINANT_SHARE`` of the votes or ``DOMINANT_LEAD`` times the next one's, else ""."""
    total = sum(votes.values())
    top = votes.most_common(1)
    if not top:
        return ""
    if top[0][1] / total > DOMINANT_SHARE:
        return top[0][0]
    second = votes.most_common(2)[1][1] if len(votes) > 1 else 0.0
    return top[0][0] if top[0][1] >= DOMINANT_LEAD * second else ""


def contains(outer: tuple, inner: tuple, as_area: bool = False) -> float:
    """How well ``outer`` (a place named as a qualifier) contains ``inner`` (0 when it does not).
    ``as_area``: the qualifier is written as an area ("Haveli district"), so a town of that name is
    no qualifier unless it names the area ``inner`` lies in."""
    if outer[3] != inner[3] or outer is inner:
        return 0.0
    if outer[1] == "country":
        return 0.5
    if outer[1] == "admin1":
        return 1.0 if inner[4] == outer[4] else 0.0
    if inner[5] and admin_key(inner[5]) == admin_key(outer[2]):
        return 1.0  # the admin2 named ("Mehrabpur (Naushahro Firoz, Sindh)")
    if inner[4] and inner[4] == outer[4] and not (
            as_area and outer[1] == "city" and admin_key(outer[2]) != admin_key(outer[4])):
        return 0.6  # a town of the same province ("Idleb countryside": the capital stands for it)
    return 0.0


EDGE_KM = 20.0  # a town this close to a town of the province its qualifier names lies on that province's edge
EDGE_FIT = 0.5  # ... and fits it half as well as a town inside it


def _on_edge(gaz, outer: int, inner: int) -> float:
    """EDGE_FIT when the town ``inner`` lies on the edge of the province ``outer`` although GeoNames puts it
    in the next one: "Janzur (Tripoli)", "Burgersfort (Sekhukhune, Limpopo)"."""
    o, i = gaz.rows[outer], gaz.rows[inner]
    if o[1] != "admin1" or i[1] != "city" or o[3] != i[3] or o[4] == i[4]:
        return 0.0
    return EDGE_FIT if gaz.near_area(inner, o[3], o[4], EDGE_KM) else 0.0


def qualifier_links(cands, text: str, gaz) -> list[list[int]]:
    """For each candidate, the later candidates that qualify it: "A, B", "A (B, C)", "A in B",
    "A district of B" -- B names an area that contains A."""
    links: list[list[int]] = [[] for _ in cands]
    for k in range(len(cands) - 1):
        if all(gaz.rows[i][1] in ("country", "admin1") for i in cands[k][4]):
            continue  # "in Lebanon in Sidon": a country is not qualified by a town
        j = k
        while j + 1 < len(cands) and cands[j + 1][0] == cands[k][0]:
            gap = text[cands[j][2]:cands[j + 1][1]]
            if not _QUALIFIER_GAP.fullmatch(gap) or _NEXT_ITEM.match(gap) and _BRACKET_NEXT.match(text, cands[j + 1][2]):
                break  # "Nihm (Nihm, Sanaa), Sirwah (Sirwah, Marib)": a bracket closes, a new item opens one
            j += 1
            links[k].append(j)
    return links


def line_points(gaz, monitor) -> list[dict[tuple[int, int], list[tuple[float, float]]]]:
    """Where a monitor's front runs: for each party, the places its held lists give that party which
    the gazetteer knows by that name in one place of the listed province (a name several villages
    share says nothing), by GRID_DEG cell."""
    def build(g):
        sides: dict[str, dict[tuple[int, int], list[tuple[float, float]]]] = {}
        for party, area, keys in monitor.held:
            cells = sides.setdefault(party, {})
            admin1 = g.admin1_canonical(monitor.country, area)
            for key in keys:
                ids = [i for i in g.lookup_key(key) if g.rows[i][3] == monitor.country and g.rows[i][4] == admin1
                       and g.rows[i][1] not in AREA_KINDS]
                if len({(g.rows[i][6], g.rows[i][7]) for i in ids}) == 1:
                    lat, lon = g.rows[ids[0]][6], g.rows[ids[0]][7]
                    cells.setdefault((math.floor(lat / GRID_DEG), math.floor(lon / GRID_DEG)), []).append((lat, lon))
        return list(sides.values())
    return gaz.derived(("line", monitor.name), build)


def _on_line(row: tuple, lines) -> bool:
    """Whether a place lies on the front of one of ``lines`` ((ISO2, ``line_points``)): within LINE_KM
    of places two sides hold (a town behind one side's lines, such as Bakhmut, is not on it)."""
    cy, cx = math.floor(row[6] / GRID_DEG), math.floor(row[7] / GRID_DEG)

    def near(cells):
        return any(haversine_km(row[6], row[7], lat, lon) <= LINE_KM
                   for dy in (-1, 0, 1) for dx in (-1, 0, 1) for lat, lon in cells.get((cy + dy, cx + dx), ()))
    return any(cc == row[3] and sum(near(cells) for cells in sides) >= 2 for cc, sides in lines)


def _line_bonus(gaz, ids: list[int], lines) -> dict[int, float]:
    """W_LINE for the candidates on a front, when it must choose between towns of the front's country."""
    towns = [i for i in ids if gaz.rows[i][1] not in AREA_KINDS
             and any(gaz.rows[i][3] == cc for cc, _ in lines)]
    if len(towns) < 2:
        return {}
    return {i: W_LINE for i in towns if _on_line(gaz.rows[i], lines)}


def resolve_places(article: Article, gaz, blocked_spans, demonyms: dict | None = None,
                   actor_countries: Counter | None = None, actor_areas: set | None = None,
                   lines=()) -> list[Mention]:
    """Place mentions of ``article`` with their gazetteer entries and roles.  ``actor_countries``
    (ISO2 -> weight) and ``actor_areas`` ((ISO2, admin1) the actors fight in) come from the
    actors and monitors named in it; ``lines``, (ISO2, ``line_points``) of the fronts it is on."""
    source_ctx = _lexicon().source_contexts
    cands = []
    for si, sent in enumerate(article.sentences):
        for s, e, words, ids, _toks in find_candidates(sent.text, sent.start, gaz, blocked_spans):
            cands.append((si, s, e, words, ids))
    cands = _keep_qualified_short_names(cands, article.text, gaz)
    # "the Syrian capital": an adjective of nationality is not a village spelled like it (though "Somali
    # region" is Ethiopia's province); "Amos said", after "Valerie Amos": a person's surname is not a place
    surnames = _surnames(article.text, gaz)
    refused = [c for c in cands if (c[3].lower() in (demonyms or {}) and not _admin_word_after(article.text, c[2])) or (
        " " not in c[3] and name_key(c[3]) in surnames and not _known_as_written(gaz, c[4], c[3]))]
    cands = [c for c in cands if c not in refused]
    blocked_spans = list(blocked_spans) + [(c[1], c[2]) for c in refused]  # (for the unknown-name search too)
    # "Amara city": the city, not Ethiopia's Amhara region
    cands = [(si, s, e, w, [i for i in ids if gaz.rows[i][1] not in AREA_KINDS] or ids)
             if _SETTLEMENT_AFTER.match(article.text, e) else (si, s, e, w, ids) for si, s, e, w, ids in cands]
    actor_countries = actor_countries or Counter()
    if not cands and not actor_countries:
        return []  # (with actors of a country, unknown spellings may still be found there)
    # names that qualify another ("Kelly in Idleb") or carry an admin word ("Idleb province") are
    # the writer's own disambiguation: their votes count double
    text = article.text
    weights = []
    for k, c in enumerate(cands):
        # ... when one of the two can contain the other ("Patzuaro, Michoacan, Normal school": Normal,
        # Illinois, and Michoacan share no area, so Normal does not outvote Mexico; "Yemen (Haydan, ...)")
        qualifies = (k > 0 and cands[k - 1][0] == c[0] and _QUALIFIER_GAP.fullmatch(text[cands[k - 1][2]:c[1]])
                     and any(contains(gaz.rows[b], gaz.rows[a]) or contains(gaz.rows[a], gaz.rows[b])
                             for a in cands[k - 1][4] for b in c[4]))
        w = W_QUALIFIER_VOTE if (qualifies or _admin_word_after(text, c[2])) else 1.0
        if not text[article.sentences[c[0]].start:c[1]].strip(_OPENERS):
            w *= W_SENTENCE_START  # "Tires were burned": a capital at a sentence's start may be any word
        weights.append(w)
    votes = country_votes(cands, gaz, article.country_hint, weights)
    for cc, w in actor_countries.items():
        votes[cc] += W_ACTOR_VOTE * w
    demonym_countries = _demonym_countries(article.text, demonyms or {})
    named_countries = {gaz.rows[i][3] for _si, _s, _e, _w, ids in cands for i in ids if gaz.rows[i][1] == "country"}
    named_countries |= demonym_countries
    dominant = _dominant(votes)
    if not dominant and demonym_countries:
        # no country stands out: "Palestinian fishermen ... off northern Gaza" decides for Gaza's country
        for cc in demonym_countries & {gaz.rows[i][3] for c in cands for i in c[4]}:
            votes[cc] += W_DEMONYM_VOTE
        dominant = _dominant(votes)
    if dominant:
        # a name with no place in the article's country: try other transliterations there ("Bara"/"Barah")
        def well_known(ids):
            return any(gaz.rows[i][1] in ("country", "admin1") or gaz.rows[i][8] >= FOREIGN_MIN_POPULATION
                       for i in ids)
        cands = [(si, s, e, w, ids if any(gaz.rows[i][3] == dominant for i in ids) or len(w) < SKELETON_MIN_LEN
                  or well_known(ids) else (gaz.lookup_skeleton(w, dominant) or ids)) for si, s, e, w, ids in cands]

        def plausible(i, words, s, e):
            r = gaz.rows[i]
            if r[3] == dominant or (r[8] >= FOREIGN_MIN_POPULATION and name_key(words) == name_key(r[2])):
                return True  # abroad, a big city called by its own name ("Jang" is not Anyang)
            # ... or a named country's provinces, and its towns where the text says they are places ("in
            # Diffa", "Diffa (Niger)"), not a Syrian story's "according to Winfield" when the US is named
            return r[3] in named_countries and (r[1] in ("country", "admin1") or _locative_at(text, s)
                                                or bool(_QUALIFIER_NEXT.match(text, e)))
        cands = [(si, s, e, w, [i for i in ids if plausible(i, w, s, e)]) for si, s, e, w, ids in cands]
        cands = [c for c in cands if c[4]]
        named_areas = {(gaz.rows[i][3], gaz.rows[i][4]) for c in cands for i in c[4] if gaz.rows[i][1] == "admin1"}
        cands = sorted(cands + _unknown_names_by_skeleton(article, gaz, dominant, cands, blocked_spans,
                                                          named_areas | set(actor_areas or ()), demonyms or {}),
                       key=lambda c: c[1])
    admin_context = set(actor_areas or ())
    named_by: dict[tuple[str, str], set[str]] = {}  # (ISO2, admin1) -> the names that may be that area
    for _si, _s, _e, words, ids in cands:
        for i in ids:
            if gaz.rows[i][1] == "admin1":
                admin_context.add((gaz.rows[i][3], gaz.rows[i][4]))
                named_by.setdefault((gaz.rows[i][3], gaz.rows[i][4]), set()).add(name_key(words))
    links = qualifier_links(cands, text, gaz)
    # "Benito Juarez, Nuevo Leon": a qualifier that names a province is the province, not a village of
    # that name in another province of the same country
    for j in {j for outs in links for j in outs}:
        si, s, e, words, ids = cands[j]
        areas = {(gaz.rows[i][3], gaz.rows[i][4]) for i in ids if gaz.rows[i][1] == "admin1"}
        if areas:
            keep = [i for i in ids if gaz.rows[i][1] != "city" or (gaz.rows[i][3], gaz.rows[i][4]) in areas
                    or gaz.rows[i][3] not in {cc for cc, _a in areas}]
            cands[j] = (si, s, e, words, keep)
    qualified_by = [[] for _ in cands]
    for k, outs in enumerate(links):
        for j in outs:
            qualified_by[j].append(k)
    # base scores, then the fit between each name and the areas named as its qualifiers
    scores = []
    districts = []  # whether each name is written with an admin word ("Haveli district")
    for si, s, e, words, ids in cands:
        # "Idleb province", and "Vicente Lopez (Buenos Aires)": a name in brackets after another names
        # the area it lies in, the province rather than its capital
        bracketed = bool(_AREA_IN_BRACKETS.search(text, max(0, s - 40), s))
        is_admin_phrase = bracketed or _admin_word_after(text, e)
        districts.append(_admin_word_after(text, e))
        # A name's own province is no context for its namesake city: only other names' areas are
        # ("Samarra" is not the Russian city because Samara is also a Russian province).  With an
        # admin word ("Idleb province") the capital still stands for its province.
        own = {(gaz.rows[i][3], gaz.rows[i][4]) for i in ids if gaz.rows[i][1] == "admin1"}
        context = admin_context if is_admin_phrase and not bracketed else {
            a for a in admin_context if a not in own or named_by[a] - {name_key(words)} or a in (actor_areas or ())}
        on_line = _line_bonus(gaz, ids, lines) if lines else {}
        scores.append({i: score_candidate(gaz.rows[i], votes, context, is_admin_phrase,
                                          frozenset() if bracketed else own) + on_line.get(i, 0.0)
                       for i in ids})
    fit = [dict.fromkeys(c[4], 0.0) for c in cands]
    for k, outs in enumerate(links):
        for j in outs:
            for a in cands[k][4]:
                for b in cands[j][4]:
                    c = contains(gaz.rows[b], gaz.rows[a], districts[j]) or _on_edge(gaz, b, a)
                    if c:
                        fit[k][a] = max(fit[k][a], c)
                        fit[j][b] = max(fit[j][b], c)
    chosen = [max(ids, key=lambda i: scores[k][i] + W_QUALIFIER_FIT * fit[k][i]) for k, (*_, ids) in enumerate(cands)]
    # Then each name against the places its qualifiers turned out to be: in "Chhewari village under Ramgarh
    # police station (Kaimur, Bihar)", a Chhewari spelling of Churu fits a Ramgarh of Rajasthan, but Ramgarh
    # is Bihar's
    for k, (*_, ids) in enumerate(cands):
        if links[k]:
            fit[k] = {a: max(contains(gaz.rows[chosen[j]], gaz.rows[a], districts[j]) or _on_edge(gaz, chosen[j], a)
                             for j in links[k]) for a in ids}
            chosen[k] = max(ids, key=lambda i: scores[k][i] + W_QUALIFIER_FIT * fit[k][i])
    bests = []
    unplaced = set()  # names whose qualifier rules out every candidate: a place we do not know
    for k, (si, s, e, words, ids) in enumerate(cands):
        best = chosen[k]
        r = gaz.rows[best]
        if r[1] == "admin2":
            # "Imam Sahib district": ACLED places it at the district's town of that name, if any
            town = [i for i in ids if gaz.rows[i][1] not in AREA_KINDS
                    and gaz.rows[i][3] == r[3] and gaz.rows[i][4] == r[4]]
            if town:
                best = max(town, key=lambda i: gaz.rows[i][8])
        if links[k] and fit[k][best] == 0 and gaz.rows[best][1] not in ("admin1", "country"):
            # "Ash-Shajara town in Dar'a" is not Jordan's Ash Shajarah: another spelling of a place of the
            # qualifier's province, if one and the name is long enough to say, else a place we do not know
            areas = {tuple(gaz.rows[chosen[j]][3:5]) for j in links[k]}
            long_enough = len(name_key(words).replace(" ", "")) >= SKELETON_UNKNOWN_MIN_CHARS
            alt = [i for cc in {a[0] for a in areas} for i in (gaz.lookup_skeleton(words, cc) if long_enough else ())
                   if tuple(gaz.rows[i][3:5]) in areas and gaz.rows[i][1] not in AREA_KINDS]
            if _one_place(gaz, alt):
                best = max(alt, key=lambda i: gaz.rows[i][8])
                scores[k][best], fit[k][best] = 0.0, 1.0
            else:
                unplaced.add(k)
        bests.append(best)
    out = []
    for k, (si, s, e, words, ids) in enumerate(cands):
        best = bests[k]
        r = gaz.rows[best]
        district = gaz.rows[chosen[k]][1] == "admin2"
        before = text[max(0, s - 40):s]
        window = text[max(0, s - 40):s] + "@" + text[e:min(len(text), e + 25)]
        pw = Prepared(window)
        role = "source" if any(p.search(pw) for p in source_ctx) else "location"
        if role == "location" and r[1] == "country" and dominant and r[3] != dominant:
            role = "context"  # "Iran", "Turkey" named in a Syrian story say who, not where
        if role == "location" and any(q not in unplaced and (bests[q] == best or contains(r, gaz.rows[bests[q]])
                                                             or _on_edge(gaz, best, bests[q]))
                                      for q in qualified_by[k]):
            # "Sindh" in "Mehrabpur (Naushahro Firoz, Sindh)" says where Mehrabpur is; "Al Jawf, Ad Dali
            # and Taizz governorates" is a list of places
            role = "qualifier"
        precision = max(precision_for(r[1], before), 2 if district else 1)
        # a province named as where something happened ("protests across West Bengal"): at its seat, as
        # ACLED codes it; one that places another name ("in Ayn Zarah (Tripoli)", "in Patzuaro, Michoacan"):
        # somewhere in it, at its own point
        lat, lon = gaz.seat(best) if role == "location" and not _AFTER_A_NAME.search(text, max(0, s - 40), s) else (
            r[6], r[7])
        ref = PlaceRef(r[2], r[1], r[3], r[4], r[5], lat, lon, precision, role, r[0],
                       scores[k][best] + W_QUALIFIER_FIT * fit[k][best], _cue(cands, k, text, out),
                       bool(dominant) and r[3] != dominant)
        out.append(Mention("place", s, e, words, si, ref))
    for k in sorted(unplaced):
        # "Mesquita, Rio de Janeiro" with no Mesquita in Rio de Janeiro known: the qualifier, approximately
        # (when it is in the article's country: a namesake abroad qualifies nothing); in "Kahuta sector
        # (Haveli district, AJK)" with neither known there, the first one that is
        q = out[next((j for j in links[k] if j not in unplaced), links[k][-1])].value
        if dominant and q.country != dominant:
            continue
        out[k].value.role = "unknown"
        q.role, q.precision = "location", max(q.precision, 2)  # (at the qualifier's own point: somewhere in it)
    _localities_elsewhere(out, text)
    return out + _relational_features(out, text, gaz)


def _localities_elsewhere(out: list[Mention], text: str) -> None:
    """"in Ribeirao das Neves, Minas Gerais, ... in Sossego neighborhood": a neighbourhood or community is
    part of the town its sentence names: a namesake of the gazetteer's that is not within LOCALITY_KM of
    one of the sentence's towns (or, if it names none, in a province it names) is not it, and places nothing."""
    for m in out:
        p = m.value
        if p.role != "location" or p.kind in AREA_KINDS or not (
                _LOCALITY_AFTER.match(text, m.end) or _LOCALITY_BEFORE.search(text, max(0, m.start - 40), m.start)):
            continue
        others = [o.value for o in out if o is not m and o.sentence == m.sentence
                  and o.value.role in ("location", "qualifier") and o.value.kind != "country"]
        towns = [o for o in others if o.kind not in ("admin1", "admin2")]
        if towns:
            elsewhere = not any(haversine_km(o.lat, o.lon, p.lat, p.lon) <= LOCALITY_KM for o in towns)
        else:
            elsewhere = bool(others) and not any((o.country, o.admin1) == (p.country, p.admin1) for o in others)
        if elsewhere:
            p.role = "unknown"


def _locative_before(text: str, tokens, k: int) -> bool:
    """Whether a locative word governs tokens[k]."""
    return _locative_at(text, tokens[k].start)


def _locative_at(text: str, start: int) -> bool:
    """Whether a locative word governs the word at ``start`` (``_LOCATIVE_BEFORE`` in the 60 characters before)."""
    return _governed(_LOCATIVE_BEFORE, text[max(0, start - 60):start], LOCATIVE_SPAN_WORDS, _LOCATIVE_CUES)


# The cue patterns end at the name, and every word between the cue and the name is one of theirs, so
# a match starts within the last few words: "north of | the | old | walled" is four words, a
# locative ("in", "town of", "west of") followed by "the" and two more words at most five, "from" four.
LOCATIVE_SPAN_WORDS = 5
ORIGIN_SPAN_WORDS = 4


def _governed(rx: re.Pattern, before: str, span_words: int, cues: frozenset) -> bool:
    """``rx.search(before)`` for an end-anchored cue pattern, searched from the last ``span_words``
    words only (``re`` would try every position of ``before``), and only when one of those words ends
    in one of the pattern's ``cues`` (a match begins with one at a word boundary and a space follows
    it; in ASCII text, lowercasing is what the pattern's IGNORECASE does)."""
    parts = before.rsplit(None, span_words)
    if before.isascii() and not any(_WORD_TAIL.search(w).group(0).lower() in cues
                                    for w in (parts[1:] if len(parts) > span_words else parts)):
        return False
    return rx.search(before, len(parts[0]) if len(parts) > span_words else 0) is not None


def _unknown_names_by_skeleton(article: Article, gaz, country: str, cands, blocked, areas: set,
                               demonyms: dict) -> list[tuple]:
    """Capitalised names the gazetteer does not know as written, governed by a locative word
    ("shelled Tall Refaat", "in Maaret Al Naasan"), looked up by their transliteration skeleton
    among the places of the article's country (and of the admin areas it names, if any); not
    adjectives of nationality ("in the Syrian capital")."""
    text, not_places = article.text, _lexicon().not_places
    taken = [(c[1], c[2]) for c in cands] + list(blocked)
    # a word inside a known name or an actor is no unknown name: skipped before the costlier cue test
    # (a capitalised word before the next one is no cue for it, so nothing else changes)
    spans = sorted(taken)
    starts = [bs for bs, _be in spans]
    reach = list(accumulate((be for _bs, be in spans), max))  # the furthest end among spans so far

    def inside_taken(t) -> bool:
        n = bisect_right(starts, t.start)
        return n > 0 and reach[n - 1] > t.start

    out = []
    named_points = None  # built when first needed

    def near_named(i) -> bool:
        nonlocal named_points
        if named_points is None:
            named_points = _named_points(gaz, cands)
        return _near_any(gaz.rows[i], named_points)

    def one_place_here(ids) -> list[int]:
        """``ids`` if they are one place, in a province the article names or near a place it names."""
        ids = [i for i in ids if (gaz.rows[i][3], gaz.rows[i][4]) in areas or near_named(i)]
        return ids if _one_place(gaz, ids) else []

    for si, sent in enumerate(article.sentences):
        tokens = tokenize(sent.text, sent.start)
        k = 1  # a sentence's first word is capitalised anyway
        while k < len(tokens):
            if not tokens[k].capitalised or inside_taken(tokens[k]) or not _locative_before(text, tokens, k):
                k += 1
                continue
            j = k
            while j < len(tokens) and j - k < MAX_UNKNOWN_NAME_TOKENS and tokens[j].capitalised and (
                    j == k or not text[tokens[j - 1].end:tokens[j].start].strip()):
                j += 1
            for jj in range(j, k, -1):  # the longest run first, then shorter ("Koniko Gas Field": Koniko)
                s, e = tokens[k].start, tokens[jj - 1].end
                words = text[s:e]
                key = " ".join(t.key for t in tokens[k:jj] if t.key)
                if any(s < be and e > bs for bs, be in taken):
                    break  # (part of a known name: "Rajwara Handwara")
                if (len(key.replace(" ", "")) < SKELETON_UNKNOWN_MIN_CHARS or words.lower() in not_places
                        or words.lower() in demonyms):
                    continue
                ids = [i for i in gaz.lookup_skeleton(key, country) if gaz.rows[i][1] not in AREA_KINDS]
                if jj == j:
                    # in an admin area the article names, or near a place it names ("Sayyida Zeinab" by Damascus)
                    ids = [i for i in ids if not areas or (gaz.rows[i][3], gaz.rows[i][4]) in areas or near_named(i)]
                    if not ids and jj == k + 1:
                        # "Setharja": the gazetteer's Setharja Old, if the longer names it heads are one place
                        ids = one_place_here([i for i in gaz.lookup_skeleton_head(key, country)
                                              if gaz.rows[i][1] not in AREA_KINDS])
                elif any(gaz.rows[i][3] == country for t in tokens[jj:j] for i in gaz.lookup_key(t.key)):
                    break  # two names in a row, the second known ("Rajwara Handwara")
                else:  # a shortened run
                    ids = one_place_here(ids)
                if ids:
                    out.append((si, s, e, words, ids))
                    break
            k = j
    return out


def _one_place(gaz, ids: list[int]) -> bool:
    """Whether ``ids`` are one place: entries (GeoNames' and UCDP's) within ONE_PLACE_KM of each other."""
    return bool(ids) and all(haversine_km(*gaz.rows[ids[0]][6:8], *gaz.rows[i][6:8]) <= ONE_PLACE_KM for i in ids)


def _relational_features(mentions: list[Mention], text: str, gaz) -> list[Mention]:
    """"a military airport north of Aleppo": the feature of that kind nearest the anchor in that
    direction, if the gazetteer knows one within RELATIONAL_MAX_KM; the anchor becomes its qualifier."""
    out = []
    for m in mentions:
        ref = m.value
        if ref.role != "location" or ref.kind == "country":
            continue
        rm = _RELATIONAL_BEFORE.search(text, max(0, m.start - 80), m.start)
        if rm is None:
            continue
        kinds = _FEATURE_KINDS[rm.group("what").lower().replace("air base", "airbase")]
        bearing = _BEARINGS[rm.group("dir").lower().replace("-", "")]
        best, best_km = None, RELATIONAL_MAX_KM
        for i in gaz.rows_of_kinds(kinds):
            r = gaz.rows[i]
            if r[3] != ref.country:
                continue
            km = haversine_km(ref.lat, ref.lon, r[6], r[7])
            if 0 < km < best_km and _angle_between(_bearing(ref.lat, ref.lon, r[6], r[7]), bearing) <= RELATIONAL_MAX_DEGREES:
                best, best_km = r, km
        if best is None:
            continue
        ref.role = "qualifier"
        feat = PlaceRef(best[2], best[1], best[3], best[4], best[5], best[6], best[7], 2, "location", best[0],
                        ref.score, "at")
        out.append(Mention("place", rm.start(), m.end, text[rm.start():m.end], m.sentence, feat))
    return out


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360


def _angle_between(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


# Grid cells of the named places, this many degrees of latitude a side: a place within NEAR_NAMED_KM
# of a named one lies in the same or a neighbouring cell (a degree of latitude is 111 km; cells are
# as wide in longitude, so nearer the poles a neighbour in longitude is tested by distance too).
_NEAR_CELL_DEG = NEAR_NAMED_KM / 111.0
_NEAR_COLUMNS = math.ceil(360 / _NEAR_CELL_DEG)  # columns wrap at the antimeridian


def _named_points(gaz, cands) -> dict[tuple[int, int], list[tuple[float, float]]]:
    """The places (not countries) the candidates may be, by grid cell."""
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for c in cands:
        for j in c[4]:
            r = gaz.rows[j]
            if r[1] != "country":
                cell = (math.floor(r[6] / _NEAR_CELL_DEG), math.floor(r[7] / _NEAR_CELL_DEG) % _NEAR_COLUMNS)
                cells.setdefault(cell, []).append((r[6], r[7]))
    return cells


def _near_any(r: tuple, cells: dict) -> bool:
    """Whether place row ``r`` lies within NEAR_NAMED_KM of a named place (``_named_points``)."""
    lat, lon = r[6], r[7]
    ci, cj = math.floor(lat / _NEAR_CELL_DEG), math.floor(lon / _NEAR_CELL_DEG)
    # a degree of longitude shrinks with latitude: widen the columns searched so none is missed
    reach = 1 + int(1 / max(math.cos(math.radians(min(abs(lat) + _NEAR_CELL_DEG, 89.0))), 1e-6))
    for di in (-1, 0, 1):
        for dj in range(-reach, reach + 1):
            for la, lo in cells.get((ci + di, (cj + dj) % _NEAR_COLUMNS), ()):
                if haversine_km(lat, lon, la, lo) <= NEAR_NAMED_KM:
                    return True
    return False


def _border_mentions(article: Article, gaz, demonyms: dict) -> list[Mention]:
    """"the Turkish border", "the Syrian side of the border": the country is named, as context only."""
    out = []
    for m in _BORDER_RE.finditer(article.text):
        cc = demonyms.get(m.group(1).lower())
        row = gaz.country_row(cc) if cc else None
        if row is None:
            continue
        r = gaz.rows[row]
        si = next((k for k, s in enumerate(article.sentences) if s.start <= m.start() < s.end), 0)
        ref = PlaceRef(r[2], r[1], r[3], r[4], r[5], r[6], r[7], 3, "context", r[0], 0.0)
        out.append(Mention("place", m.start(), m.end(), m.group(0), si, ref))
    return out


def _cue(cands, k: int, text: str, done: list[Mention]) -> str:
    si, s = cands[k][0], cands[k][1]
    if k > 0 and cands[k - 1][0] == si and _CONJUNCTION_GAP.fullmatch(text[cands[k - 1][2]:s]):
        return done[k - 1].value.cue  # "in Al Wahbiyah and Al Humayqan"
    before = text[max(0, s - 60):s]
    e = cands[k][2]
    if ((s > 0 and text[s - 1] == "-") or text[e:e + 1] == "-" or _ROAD_AFTER.match(text, e)
            or _ROAD_ENDS_BEFORE.search(text, max(0, s - 60), s)):
        # an end of "the Dhaka-Mymensingh highway": the road runs somewhere between; "on Murree road
        # in Rawalpindi": the road leads to Murree
        return "near"
    if _DESCRIPTION_BEFORE.search(text, max(0, s - 100), s):
        return "described"  # "Zabadani, which sits between the capital of Damascus and ..."
    if before.lower().rstrip().endswith(APPROACH_WORDS):
        return "near"  # "in the countryside of Lattakia", "north of Aleppo": somewhere around it
    if _governed(_LOCATIVE_BEFORE, before, LOCATIVE_SPAN_WORDS, _LOCATIVE_CUES):
        return "at"
    if _governed(_ORIGIN_BEFORE, _undescribed(before), ORIGIN_SPAN_WORDS, _ORIGIN_CUES):
        return "from"  # ("toward the leader's hometown of Qardaha")
    return ""


def _keep_qualified_short_names(cands, text: str, gaz):
    """A short name ("Nis") stays only as the places its qualifier contains ("Nis, Serbia")."""
    out = []
    for k, c in enumerate(cands):
        if _short(c[3]) and _QUALIFIER_NEXT.match(text, c[2]):
            nxt = cands[k + 1] if k + 1 < len(cands) and cands[k + 1][0] == c[0] else None
            ids = []
            if nxt is not None and _QUALIFIER_GAP.fullmatch(text[c[2]:nxt[1]]):
                ids = [a for a in c[4] if any(contains(gaz.rows[b], gaz.rows[a]) for b in nxt[4])]
            # "Fes (Fes)": no fit, but a big city called by its own name still stands alone
            ids = ids or [a for a in c[4] if gaz.rows[a][8] >= SHORT_NAME_MIN_POPULATION
                          and name_key(gaz.rows[a][2]) == name_key(c[3])]
            if not ids:
                continue
            c = (*c[:4], ids)
        out.append(c)  # (short names with no qualifier were kept by find_candidates only if well known)
    return out


_ACRONYM = re.compile(r"\((?-i:([A-Z]{2,}))\)")
_SMALL_WORDS = frozenset("of and the for in on de du des la le el al ng mga at".split())


def _acronym_spans(text: str) -> list[tuple[int, int]]:
    """Acronyms spelled out just before them ("Accredited social health activists (ASHA)"): a name
    of something, not the place that shares its letters."""
    out = []
    for m in _ACRONYM.finditer(text):
        letters = m.group(1).lower()
        words = [w for w in re.findall(r"[\w'’-]+", text[max(0, m.start() - 150):m.start()])
                 if w.lower() not in _SMALL_WORDS]
        if "".join(w[0] for w in words[-len(letters):]).lower() == letters:
            out.append((m.start(1), m.end(1)))
    return out


_TWO_NAMES = re.compile(r"(?<![.:;!?\"“]\s)(?<=\s)(?-i:([A-Z][a-z]+) ([A-Z][a-z]{2,}))\b(?!\s+(?-i:[A-Z]))")


def _known_as_written(gaz, ids, words: str) -> bool:
    """A country, a province, or a big city spelled as its own name ("London")."""
    return any(gaz.rows[i][1] in ("country", "admin1") or (
        gaz.rows[i][8] >= FOREIGN_MIN_POPULATION and gaz.rows[i][2].casefold() == words.casefold()) for i in ids)


def _surnames(text: str, gaz) -> set[str]:
    """Keys of the second words of two-word capitalised names that are not places, whose first word is
    not one either and is common enough in English to be a given name: "Valerie Amos", "John Kerry",
    "Mustafa Sultan".  Within a sentence only (a capital after a full stop proves nothing), and not in
    a longer run of capitals (a headline)."""
    lex = _lexicon()
    out = set()
    for m in _TWO_NAMES.finditer(text):
        first, second = m.group(1), m.group(2)
        if (first.lower() in lex.not_places or first.lower() in lex.neighbours or second.lower() in lex.neighbours
                or second.lower() in lex.not_places):
            continue
        if gaz.lookup_key(name_key(f"{first} {second}")) or gaz.lookup_key(name_key(first)):
            continue  # "Tal Abyad", and "Bahrain Egypt" in a list whose commas were lost
        if zipf_table().get(first.lower(), 0.0) < GIVEN_NAME_ZIPF:
            continue  # "Rajwara Handwara": a first word English text never uses is no given name
        out.add(name_key(second))
    return out


def _demonym_countries(text: str, dem: dict) -> set[str]:
    return {dem[w.lower()] for w in re.findall(r"[A-Z][a-z]+", text) if w.lower() in dem}


@stage("mentions.places", requires=("sentences",), assigns=("mentions",))
def places(article: Article, ctx) -> None:
    actor_mentions = [m for m in article.mentions if m.kind == "actor"]
    blocked = [(m.start, m.end) for m in actor_mentions] + _acronym_spans(article.text)
    # "Friday 23 August 2013" is a date, not Romania's village "23 August"; "6th of October city" is a city
    blocked += [(m.start, m.end) for m in article.mentions
                if m.kind == "date" and any(c.isdigit() for c in m.text) and not _SETTLEMENT_AFTER.match(article.text, m.end)]
    countries: Counter = Counter()
    areas: set[tuple[str, str]] = set()
    named = [m.value.candidates[0] for m in actor_mentions if m.value.candidates]
    for m in actor_mentions:
        if m.value.candidates and m.value.candidates[0].inter == EXTERNAL_FORCES:
            continue  # "Turkish forces shelled Tall Refaat": foreign forces say nothing of where
        cc = m.value.country or (m.value.candidates[0].country if m.value.candidates else "")
        if cc:
            countries[cc] += 1
    for a in named + ctx.actors.monitors_in(article.sentences):
        if a.inter == 0 and a.country:
            countries[a.country] += 1  # a monitor votes like an actor
        for area in a.areas:
            canonical = ctx.gazetteer.admin1_canonical(a.country, area)
            if canonical:
                areas.add((a.country, canonical))
    lines = [(m.country, line_points(ctx.gazetteer, m)) for m in ctx.actors.watching(article.sentences, named)]
    mentions = resolve_places(article, ctx.gazetteer, blocked, ctx.actors.demonyms, countries, areas, lines)
    mentions += [b for b in _border_mentions(article, ctx.gazetteer, ctx.actors.demonyms)
                 if not any(m.start < b.end and m.end > b.start for m in mentions)]
    mentions.sort(key=lambda m: m.start)
    article.mentions.extend(mentions)
    located = Counter(m.value.country for m in mentions if m.value.role == "location")
    if located and not article.country_hint:
        article.country_hint = located.most_common(1)[0][0]
    if not article.country_hint:
        # no place we know: the home country of the actors ("the PMF", "Al Shabaab"), else the one
        # country its words name ("the Lebanese pound", "the Israeli Supreme Court")
        named = _demonym_countries(article.text, ctx.actors.demonyms)
        if countries:
            article.country_hint = countries.most_common(1)[0][0]
        elif len(named) == 1:
            article.country_hint = next(iter(named))
