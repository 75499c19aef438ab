"""The text patterns of the place stage: what stands around a name and what it says about it.
Patterns and word lists are data; the sub-stages use them by name."""

from __future__ import annotations

import re

EXTERNAL_FORCES = 8  # ACLED inter code of forces acting outside their country
AREA_KINDS = frozenset({"country", "admin1", "admin2"})  # areas, not points (towns, villages, features)
REGION_KINDS = {"admin1", "country", "plain", "mountain", "area", "highway"}
OPENERS = " \t\n\"'“‘(["  # what may stand before a sentence's first word

# What may stand between a place and the area that qualifies it.
_AREA_WORD = (r"(?:district|province|governorate|state|county|region|city|town|village|area|neighbou?rhood|"
              r"municipality|department|oblast|sector|subdivision|sub-?district|lga|tehsil|upazila|payam|commune|"
              r"chiefdom|township|regency|raion|woreda|zone|"
              r"fort|base|camp|checkpoint|front|frontline|position|airport|police station)")
# The surroundings of an area that qualify a place in it: "Taara village, in the western countryside of As-Sweida"
_SURROUNDS = (r"(?:\s+(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
              r"(?:countryside|outskirts|suburbs)\s+of(?: the)?)?")
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
QUALIFIER_GAP = re.compile(r"\)?\s*(?:" + _AREA_WORD + r"s?\s+){0,2}(?:,|\(|,?\s*(?:in|of|under)(?: the)?"
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
# Of those, the words that only approach a place ("north of X", "the countryside of X"); "the area
# of X" and "the outskirts of X" are still where the event happened, though approximately.
APPROACH_WORDS = tuple(w for w in NEAR_WORDS if w not in (
    "area of", "vicinity of", "outskirts of", "edge of", "surroundings of", "suburbs of"))
# A locative word (up to two lower-case words before the name) says the name is where something happened;
# "from X" says where people came from.  Names joined by "and"/"," share the cue of the first.
LOCATIVE_WORDS = ("in at near outside inside around across throughout within into on over overlooking "
                  # verbs whose object is where the violence happened ("shelled Tall Refaat", "captured Kafr Nabl")
                  "shelled bombed struck hit targeted attacked raided stormed captured seized recaptured retook "
                  "entered besieged overran took reached").split()
AREA_OF_WORDS = ("town village city area outskirts countryside suburb suburbs district province governorate "
                 "region neighbourhood neighborhood vicinity camp").split() + [
    a + b + c for a in ("north", "south", "east", "west") for b in ("", "east", "west") for c in ("", "ern")]
LOCATIVE_BEFORE = re.compile(
    r"\b(?:" + "|".join(LOCATIVE_WORDS) + "|(?:" + "|".join(AREA_OF_WORDS) + r")\s+of)"
    r"\s+(?:the\s+)?(?-i:[a-z-]+\s+){0,2}$", re.I)
ORIGIN_BEFORE = re.compile(r"\b(?:from|towards?|(?:residents|inhabitants|natives|villagers|neighbou?rs|tribesmen)\s+of)"
                           r"\s+(?:the\s+)?(?-i:[a-z-]+\s+){0,2}$", re.I)
# The words a match of each pattern begins with: a text none of whose last words ends in one cannot
# match, and is not searched (``cues.governed``)
LOCATIVE_CUES = frozenset(LOCATIVE_WORDS + AREA_OF_WORDS)
ORIGIN_CUES = frozenset({"from", "of", "toward", "towards"})  # (where people come from or head to)
# The cue patterns end at the name, and every word between the cue and the name is one of theirs, so
# a match starts within the last few words: "north of | the | old | walled" is four words, a
# locative ("in", "town of", "west of") followed by "the" and two more words at most five, "from" four.
LOCATIVE_SPAN_WORDS = 5
ORIGIN_SPAN_WORDS = 4
WORD_TAIL = re.compile(r"\w*$")
BORDER_RE = re.compile(r"\b([A-Z][a-z]+) (?:border|frontier|side of the border)\b")
# "a military airport north of Aleppo", "the dam east of the city of Raqqa"
RELATIONAL_BEFORE = re.compile(
    r"\b(?:military\s+)?(?P<what>airport|airbase|air base|air field|airfield|dam|base)\s+"
    r"(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+"
    r"(?:the\s+)?(?:(?-i:[a-z]+)\s+)?(?:(?:city|town|port city)\s+of\s+)?$", re.I)
FEATURE_KINDS = {"airport": ("airbase", "airport"), "airbase": ("airbase", "airport"), "air field": ("airbase", "airport"),
                 "airfield": ("airbase", "airport"), "dam": ("dam",), "base": ("base", "airbase")}
BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
            "west": 270, "northwest": 315}
# a clause describing where a place lies names other places as landmarks, not as where things happened
DESCRIPTION_BEFORE = re.compile(
    r"(?:\b(?:which|that|it) (?:sits|lies|is located|is situated|stands|borders|overlooks)\b"
    r"|,\s+an?\s+(?:[\w-]+\s+){0,3}(?:village|town|city|area|district|region|suburb)\s+"
    r"(?:on|in|near|at|between|north|south|east|west|outside)\b)[^.;:]*$", re.I)
CONJUNCTION_GAP = re.compile(r"\s*(?:,|and|or|&|, and)\s*$")
# "east of the port city of Latakia", "toward the leader's hometown of Qardaha": what describes the place
# stands between it and the words that say how the event relates to it
# ("near the capital Varo", "outside the provincial capital, Kell": a capital in apposition too)
DESCRIPTOR_BEFORE = re.compile(r"\s*\bthe\s+(?:[a-z'’-]+\s+){0,2}(?:(?:city|town|village|port|capital|hometown|"
                               r"birthplace|stronghold)\s+of|capital,?)\s*$", re.I)

SPAN_BREAK = re.compile(r"[(),;:/]")
JOINED_NAMES = re.compile(r"(?-i:[A-Z][a-z]{3,})(?:-(?-i:[A-Z][a-z]{3,}))+")
# ... the ends of a route ("the Tripoli-Beirut highway") may lie far apart, in two countries; otherwise
# names joined by a hyphen that are not neighbours are one name we do not know ("Mayo-Sava", "Grand-Ravine")
ROUTE_AFTER = re.compile(r"\s+(?:highway|road|motorway|route|axis|railway|line|front|corridor|border|crossing|"
                         r"bridge|intersection|junction|frontlines?)\b", re.I)
ROAD_AFTER = re.compile(r"\s+(?:highway|road|motorway|route|railway|bypass)\b", re.I)
# ... and the ends of a road written out: "the road connecting A and B", "the turn-off to A"
ROAD_ENDS_BEFORE = re.compile(
    r"\b(?:(?:road|highway|motorway|route)\s+(?:that\s+)?(?:connect(?:s|ing)|link(?:s|ing)|lead(?:s|ing)\s+to)"
    r"|(?:road|highway|motorway|route|turn-?off|exit)\s+(?:to(?:wards?)?|for))\s+(?:[\w'-]+\s+){0,3}$", re.I)
QUALIFIER_NEXT = re.compile(r"\s*(,|\(|in\b)\s*[A-Z]")
NEXT_ITEM = re.compile(r"\)\s*,")  # the gap after a closed bracket, and ...
BRACKET_NEXT = re.compile(r"\s*\(")  # ... a name followed by its own bracket: the next item of a list
AFTER_A_NAME = re.compile(r"(?-i:[A-Z])[\w'’-]*\s*[,(]\s*$")
SETTLEMENT_AFTER = re.compile(r"\s+(?:city|town|village)\b", re.I)
LOCALITY_AFTER = re.compile(r"\s+(?:neighbou?rhood|community)\b", re.I)
LOCALITY_BEFORE = re.compile(r"\b(?:neighbou?rhood|community)\s+of\s+(?:the\s+)?$", re.I)
AREA_IN_BRACKETS = re.compile(r"(?-i:[A-Z])[\w'’-]*\s*\(\s*$")
GLUED_PARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez)-(?-i:[A-Z])")
ACRONYM = re.compile(r"\((?-i:([A-Z]{2,}))\)")
SMALL_WORDS = frozenset("of and the for in on de du des la le el al ng mga at".split())
TWO_NAMES = re.compile(r"(?<![.:;!?\"“]\s)(?<=\s)(?-i:([A-Z][a-z]+) ([A-Z][a-z]{2,}))\b(?!\s+(?-i:[A-Z]))")
CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")
WORD = re.compile(r"[\w'’-]+")
