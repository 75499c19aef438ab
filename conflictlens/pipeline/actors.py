"""Stage ``mentions.actors``: named actors from the actor base and generic actor phrases.

Named actors ("Army of Conquest", "Nusra Front", "HTS") come from the base's
alias index; acronyms match case-sensitively.  Generic phrases become an
``ActorRef`` of a kind (state, police, civilians, protesters, rioters,
unidentified, gang, rebels) with the country the words give ("Turkish forces",
"Russian warplanes"); the events stage names them for the event's country and
date.  A military noun counts as state forces only when qualified ("regime
forces", "government troops", "Syrian army") or when it cannot mean anyone else
("the army", "warplanes").
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..knowledge.actors import CIVILIANS, GROUP, IDENTITY, NAMED, POLICE, PROTESTERS, REBELS, STATE, TRIBE, ActorRef
from ..knowledge.matcher import Trigger, prepared, tokenize
from ..models import Article, Mention
from . import stage

# Military nouns that need a qualifier before they mean the state's forces.
NEEDS_QUALIFIER = {"forces", "units", "fighters", "guards", "personnel", "brigade", "battalion", "regiment", "positions",
                   "drones", "drone", "artillery", "helicopters", "helicopter", "security forces", "armed forces",
                   "plane", "planes"}  # ("a plane crashed": no force; "Israeli planes struck": Israel's)
REBEL_QUALIFIERS = {"rebel", "opposition", "insurgent", "jihadist", "islamist"}
QUALIFIER_WINDOW = 3  # tokens before a military noun searched for "regime", "Syrian", ...
_CROWD_OF = re.compile(r"\b(?:supporters|members|activists|followers|cadres|youths?|loyalists|partisans) of (?:the )?$", re.I)
_CROWD_AFTER = re.compile(r"\s+(?:supporters|activists|followers|cadres|youths?|loyalists|partisans|members)\b", re.I)
TITLE_CASE_SHARE = 0.7  # a sentence with this share of its words capitalised is a headline in title case
# Named groups the base does not know: up to four capitalised words and a group noun
# ("the Northern Storm Brigade", "Sultan Murad Division"), or a tribe ("the Al Awad tribesmen").
# Words that name a kind of unit, not a group ("the 35th Armoured Brigade" is a state unit)
UNIT_WORDS = {"infantry", "armoured", "armored", "mechanized", "mechanised", "naval", "marine", "marines", "air",
              "defence", "defense", "presidential", "republican", "special", "rapid", "reserve", "border", "home",
              "district", "mobile", "police", "intervention", "support", "reaction", "commando", "first", "second"}
_NAME_WORD = r"(?:(?:al|el|bin|ibn|of|of the|de)[- ])?[A-Z][\w'’-]*"
# an organisation's head noun: what makes capitalised words a group's name ("Military Operations Command",
# "the Southern Operations Room", "the Rapid Support Forces", "Lions of the Valley Brigade")
GROUP_NOUNS = (r"Brigades?|Battalions?|Division|Front|Legion|Movement|Militias?|Regiment|Corps|Army|Guards?|Forces|"
               r"Command|Operations Room|Operation Room|Council|Alliance|Coalition|Organi[sz]ation|Committees?|Units|"
               r"Group|Mobilization|Mobilisation|"
               # a group named with a lower-case kind ("the Kell militant group"): Kell Group
               r"(?:militant|armed|jihadist|extremist|Islamist|rebel|terrorist) group")
# with these nouns the words before are the group's own name even when they are unit words ("Rapid Support")
OWN_NAME_NOUNS = frozenset({"forces", "command", "operations room", "operation room", "council", "alliance",
                            "coalition", "organization", "organisation", "committee", "committees", "group"})
_GROUP_RE = Trigger(r"\b((?:" + _NAME_WORD + r"\s+){1,4})(" + GROUP_NOUNS + r")\b", 0)
_TRIBE_RE = Trigger(r"\b((?:" + _NAME_WORD + r"\s+){1,3})(tribe|tribesmen|tribal fighters|clan|clansmen|"
                    r"clan militia|clan militiamen|sub-clan|subclan)\b", 0)
# an identity group's armed men ("Maasai community gunmen", "Fulani militiamen", "Kikuyu ethnic militia")
_IDENTITY_RE = Trigger(r"\b((?:" + _NAME_WORD + r"\s+){1,2})((?:ethnic|communal|community) (?:militia(?:men)?|gunmen|"
                       r"fighters|members)|militiamen|militia men|herdsmen|herders)\b", 0)
# an abbreviation a text gives after a name: "the Syrian National Army (JWS)"
_ABBREVIATION_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9-]{1,9})\s*\)")


def _country_after(free, j: int, country_of) -> tuple[str, int]:
    """"forces of Armenia", "army of the Democratic Republic of Congo": (ISO2, end token) or ("", j)."""
    if country_of is None or j >= len(free) or free[j].text.lower() != "of":
        return "", j
    k = j + 1
    if k < len(free) and free[k].text.lower() == "the":
        k += 1
    for n in range(min(6, len(free) - k), 0, -1):
        cc = country_of(" ".join(t.text for t in free[k:k + n]))
        if cc:
            return cc, k + n
    return "", j


def find_actor_mentions(text: str, offset: int, base, country_of=None,
                        country_heads: frozenset | None = None) -> list[tuple[int, int, str, ActorRef]]:
    """Actors named in ``text``.  ``country_of`` maps a name to a country's ISO2 (countries that act
    stand for their forces); ``country_heads``, the first words of country names, lets it skip
    words that begin none."""
    tokens = tokenize(text, offset)
    starts = [t.start for t in tokens]  # increasing: a span's tokens are found by bisection
    out, taken = [], set()
    for i, j, actors in base.index.find(tokens):
        s, e = tokens[i].start - offset, tokens[j - 1].end - offset
        words = text[s:e]
        if _CROWD_OF.search(text, max(0, s - 30), s) or _CROWD_AFTER.match(text, e):
            # a party's supporters or activists are a crowd, not an armed group (CODEBOOK 1.3, 3.3)
            out.append((tokens[i].start, tokens[j - 1].end, words, ActorRef(CIVILIANS, words=words)))
        else:
            out.append((tokens[i].start, tokens[j - 1].end, words, ActorRef(NAMED, candidates=tuple(actors), words=words)))
        taken.update(range(i, j))
    for k, t in enumerate(tokens):
        if k not in taken and t.text in base.acronyms:
            out.append((t.start, t.end, t.text, ActorRef(NAMED, candidates=tuple(base.acronyms[t.text]), words=t.text)))
            taken.add(k)
    for s, e, words, ref in _unknown_groups(text, offset, tokens, taken, base):
        out.append((s, e, words, ref))
        taken.update(range(bisect_left(starts, s), bisect_left(starts, e)))  # the tokens starting in [s, e)
    for s, e, words, ref in _countries_as_agents(text, offset, tokens, taken, country_of, country_heads):
        out.append((s, e, words, ref))
        taken.update(range(bisect_left(starts, s), bisect_left(starts, e)))
    free = [t for k, t in enumerate(tokens) if k not in taken]
    # a headline in title case capitalises every word: a capital says nothing about names there
    words = [t.text for t in tokens if t.text[:1].isalpha()]
    headline = len(words) >= 4 and sum(w[:1].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)
    matches = list(base.generic.find(free))
    held = None  # a force noun qualifying the next one ("police" in "police units")
    for n, (i, j, kinds) in enumerate(matches):
        kind = kinds[0]
        if kind not in (STATE, POLICE) and not headline and _inside_a_name(free, i, j, tokens, starts):
            continue  # "Imam" in "Imam Sahib district" is a place's name, not a religious leader
        if kind == PROTESTERS and free[i].text[:1].isupper() and free[i].text.lower() in _MONTHS_AND_DAYS:
            continue  # "On 4 March 2023": a month, not a march
        nxt = matches[n + 1] if n + 1 < len(matches) else None
        if kind in (STATE, POLICE) and nxt and nxt[0] == j and nxt[2][0] in (STATE, POLICE):
            held = (i, kind)
            continue  # "regime forces": the first word qualifies the second
        country = ""
        start = i
        if kind in (STATE, POLICE):
            words = " ".join(t.text for t in free[i:j])
            kind, country, qualified = _qualify(free, i, j, words, kind, base)
            if words.lower() in base.strike_nouns and not qualified and not held:
                continue  # bare "airstrikes": whose is for the sentence to say, not the event's country
            if held and free[held[0]].text.lower() not in base.state_words and free[held[0]].text.lower() != "regime":
                # "police units", "army troops": the first noun says whose they are
                start, kind = held[0], kind if kind == REBELS else held[1]
        held = None
        if kinds[0] in (STATE, POLICE):
            after_cc, after_end = _country_after(free, j, country_of)
            if after_cc:
                country, j = after_cc, after_end
                kind = kind or STATE
            if kind is None:
                continue
            while start > 0 and _is_qualifier(free[start - 1], base) and free[start - 1].end + 2 >= free[start].start:
                start -= 1  # include "Syrian", "regime", "government" in the mention
        words = text[free[start].start - offset:free[j - 1].end - offset]
        out.append((free[start].start, free[j - 1].end, words, ActorRef(kind, country=country, words=words)))
    out.sort(key=lambda x: x[0])
    return out


def _countries_as_agents(text: str, offset: int, tokens, taken: set, country_of, heads: frozenset | None = None):
    """A country that acts ("Russia bombed Aleppo", "Turkey shot down a jet", "air strikes by the
    United States") stands for its state forces; named only as a place, it stays a place."""
    if country_of is None:
        return
    n = len(tokens)
    i = 0
    while i < n:
        hit = None
        key = tokens[i].key
        if (i not in taken and tokens[i].text[:1].isupper()
                and (heads is None or not key or key.split(" ", 1)[0] in heads)):
            for j in range(min(n, i + 4), i, -1):
                if any(k in taken for k in range(i, j)):
                    continue
                cc = country_of(" ".join(t.text for t in tokens[i:j]))
                if not cc:
                    continue
                after = text[tokens[j - 1].end - offset:tokens[j - 1].end - offset + 40]
                before = text[max(0, tokens[i].start - offset - 25):tokens[i].start - offset]
                if _OF_BEFORE.search(before):
                    break  # "military forces of Armenia fired": the forces' phrase names them
                if _AGENT_VERB_AFTER.match(after) or _AGENT_BY_BEFORE.search(before):
                    hit = (i, j, cc)
                break
        if hit:
            i, j, cc = hit
            s, e = tokens[i].start, tokens[j - 1].end
            yield s, e, text[s - offset:e - offset], ActorRef(STATE, country=cc, words=text[s - offset:e - offset])
            i = j
        else:
            i += 1


# a country's name followed by what only an armed force does, or preceded by "strikes by"
_AGENT_VERB_AFTER = re.compile(r"\s+(?:has |have |had |reportedly |also )?(?:bombed|bombarded|shelled|struck|"
                               r"shot down|attacked|invaded|launched (?:air ?strikes|attacks?|an? offensive|strikes)|"
                               r"carried out (?:air ?strikes|strikes|attacks?|raids?)|fired|deployed)\b", re.I)
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$", re.I)
_AGENT_BY_BEFORE = re.compile(r"\b(?:air ?strikes|strikes|raids|bombing|shelling|attacks?|campaign) by (?:the )?$", re.I)


def _inside_a_name(free, i: int, j: int, tokens, starts: list[int]) -> bool:
    """A generic word written capitalised in mid-sentence with a capitalised word after it, or a
    capitalised name that only its key makes a generic word ("Maan", a village, is not "man")."""
    first, last = free[i], free[j - 1]
    if not first.text[:1].isupper() or first is tokens[0]:
        return False
    if j - i == 1 and first.text.lower() != first.key:
        return True
    k = bisect_left(starts, last.start)  # its place among all tokens (starts are distinct)
    return k + 1 < len(tokens) and tokens[k + 1].text[:1].isupper() and tokens[k + 1].start - last.end <= 1


def _unknown_groups(text: str, offset: int, tokens, taken: set, base):
    """Groups named but not in the base, with a best-effort type: a tribe or clan, an identity group's
    militia, else an armed group (its inter code from its name: ``roles.group_inter``).  An abbreviation
    the text gives after the name ("(JWS)") is part of the mention: no place, no country code."""
    # the taken tokens' spans, disjoint and in order, so an overlap is found by bisection
    taken_spans = [(tokens[k].start, tokens[k].end) for k in sorted(taken)]
    taken_starts = [bs for bs, _be in taken_spans]
    for rx, kind in ((_TRIBE_RE, TRIBE), (_IDENTITY_RE, IDENTITY), (_GROUP_RE, GROUP)):
        for m in rx.finditer(prepared(text)):
            name_words = m.group(1).split()
            while name_words and (name_words[0].lower() in ("the", "a", "an") or name_words[0][:1].islower()):
                name_words.pop(0)  # "of Al Sham Corps" is Al Sham Corps
            own = m.group(2).lower() in OWN_NAME_NOUNS or m.group(2).endswith(" group")
            meaningful = [w for w in name_words if not _is_generic_word(w, base, units=not own)]
            if not meaningful or (kind == IDENTITY and name_words[0].lower() in base.demonyms):
                continue  # "Syrian Army", "the National Army", "Syrian militiamen": generic or already known
            s = m.start(1) + m.group(1).index(name_words[0]) + offset
            e = m.end() + offset
            k = bisect_left(taken_starts, e)  # spans starting before e; the last of them ends latest
            if k and taken_spans[k - 1][1] > s:
                continue
            noun = m.group(2).lower()
            if kind == TRIBE:  # the identity's own kind word names the militia
                name = " ".join(name_words + ["Clan" if "clan" in noun else "Tribal"])
            elif kind == IDENTITY:
                name = " ".join(name_words + ["Communal" if noun.startswith("communal") else "Ethnic"])
            else:
                name = " ".join(name_words + ["Group" if m.group(2).endswith(" group") else m.group(2)])
            ab = _ABBREVIATION_AFTER.match(text, e - offset)
            if ab:
                e = ab.end() + offset
            yield s, e, text[s - offset:e - offset], ActorRef(kind, words=name)
            k = bisect_left(taken_starts, s)  # kept in order: it overlaps none of them
            taken_starts.insert(k, s)
            taken_spans.insert(k, (s, e))


def _is_generic_word(w: str, base, units: bool = True) -> bool:
    low = w.lower().rstrip("'s").rstrip("’s")
    return (low in base.demonyms or low in base.state_words or low in REBEL_QUALIFIERS or low in ("regime", "of", "the")
            or (units and low in UNIT_WORDS) or w[:1].isdigit() or low in _MONTHS_AND_DAYS)


_MONTHS_AND_DAYS = frozenset("january february march april may june july august september october november december "
                             "monday tuesday wednesday thursday friday saturday sunday".split())


def _is_qualifier(t, base) -> bool:
    low = t.text.lower()
    return low in base.demonyms or low in base.state_words or low in REBEL_QUALIFIERS or low == "regime"


def _qualify(tokens, i: int, j: int, words: str, kind: str, base):
    """What a military/police noun refers to, from the words just before it: (kind, country, whether
    a qualifier said so).  A demonym anywhere in the window gives the country ("Syrian government air
    strikes"); a rebel word nearest the noun makes it rebels; a state word, the state's."""
    before = tokens[max(0, i - QUALIFIER_WINDOW):i]
    qualified, country = False, ""
    for t in reversed(before):
        low = t.text.lower().rstrip("'s").rstrip("’s")
        if low in base.demonyms:
            return kind, base.demonyms[low], True
        if t.text in base.country_abbreviations:  # "US jets"
            return kind, base.country_abbreviations[t.text], True
        if low in REBEL_QUALIFIERS and not qualified:
            return REBELS, "", True
        if low in base.state_words:
            qualified = True
    if qualified:
        return kind, country, True
    if kind == STATE and words.lower() in NEEDS_QUALIFIER:
        return None, "", False
    return kind, "", False


def abbreviations(text: str, mentions: list[Mention]) -> dict[str, ActorRef]:
    """Abbreviations the text defines after an actor's name ("the Syrian National Army (JWS)")."""
    out = {}
    for m in mentions:
        ab = _ABBREVIATION_AFTER.match(text, m.end) or _ABBREVIATION_AFTER.match(text, m.end - 1)
        if ab and ab.group(1).isupper() and ab.group(1) not in out:
            out[ab.group(1)] = m.value
    return out


@stage("mentions.actors", requires=("sentences",), assigns=("mentions",))
def actors(article: Article, ctx) -> None:
    found = []
    for si, sent in enumerate(article.sentences):
        for s, e, words, ref in find_actor_mentions(sent.text, sent.start, ctx.actors, ctx.gazetteer.country_of_name,
                                                     ctx.gazetteer.country_heads()):
            found.append(Mention("actor", s, e, words, si, ref))
    # an abbreviation the article defines names that actor wherever it stands alone, and is no place or
    # country code ("JWS fighters shelled ..." after "the Syrian National Army (JWS)")
    defined = abbreviations(article.text, found)
    if defined:
        spans = [(m.start, m.end) for m in found]
        for si, sent in enumerate(article.sentences):
            for t in tokenize(sent.text, sent.start):
                if t.text in defined and not any(a <= t.start < b for a, b in spans):
                    found.append(Mention("actor", t.start, t.end, t.text, si, defined[t.text]))
        found.sort(key=lambda m: m.start)
    article.mentions.extend(found)
