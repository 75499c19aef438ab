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

from ..knowledge.actors import GROUP, NAMED, POLICE, REBELS, STATE, TRIBE, ActorRef
from ..knowledge.matcher import Trigger, prepared, tokenize
from ..models import Article, Mention
from . import stage

# Military nouns that need a qualifier before they mean the state's forces.
NEEDS_QUALIFIER = {"forces", "units", "fighters", "guards", "personnel", "brigade", "battalion", "regiment",
                   "drones", "drone", "artillery", "helicopters", "helicopter", "security forces", "armed forces"}
REBEL_QUALIFIERS = {"rebel", "opposition", "insurgent", "jihadist", "islamist"}
QUALIFIER_WINDOW = 3  # tokens before a military noun searched for "regime", "Syrian", ...
# Named groups the base does not know: up to four capitalised words and a group noun
# ("the Northern Storm Brigade", "Sultan Murad Division"), or a tribe ("the Al Awad tribesmen").
# Words that name a kind of unit, not a group ("the 35th Armoured Brigade" is a state unit)
UNIT_WORDS = {"infantry", "armoured", "armored", "mechanized", "mechanised", "naval", "marine", "marines", "air",
              "defence", "defense", "presidential", "republican", "special", "rapid", "reserve", "border", "home",
              "district", "mobile", "police", "intervention", "support", "reaction", "commando", "first", "second"}
_NAME_WORD = r"(?:(?:al|el|bin|ibn|of|de)[- ])?[A-Z][\w'’-]*"
_GROUP_RE = Trigger(r"\b((?:" + _NAME_WORD + r"\s+){1,4})(Brigades?|Battalions?|Division|Front|Legion|Movement|"
                    r"Militia|Regiment|Corps|Army|Guards?)\b", 0)
_TRIBE_RE = Trigger(r"\b((?:" + _NAME_WORD + r"\s+){1,3})(tribe|tribesmen|tribal fighters|clan|clansmen)\b", 0)


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
        words = text[tokens[i].start - offset:tokens[j - 1].end - offset]
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
    matches = list(base.generic.find(free))
    held = None  # a force noun qualifying the next one ("police" in "police units")
    for n, (i, j, kinds) in enumerate(matches):
        kind = kinds[0]
        if kind not in (STATE, POLICE) and _inside_a_name(free, i, j, tokens, starts):
            continue  # "Imam" in "Imam Sahib district" is a place's name, not a religious leader
        nxt = matches[n + 1] if n + 1 < len(matches) else None
        if kind in (STATE, POLICE) and nxt and nxt[0] == j and nxt[2][0] in (STATE, POLICE):
            held = (i, kind)
            continue  # "regime forces": the first word qualifies the second
        country = ""
        start = i
        if kind in (STATE, POLICE):
            words = " ".join(t.text for t in free[i:j])
            kind, country = _qualify(free, i, j, words, kind, base)
            if words.lower() in base.strike_nouns and not country and not held:
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
    """Groups named but not in the base, with a best-effort type: a tribe, else an armed group."""
    # the taken tokens' spans, disjoint and in order, so an overlap is found by bisection
    taken_spans = [(tokens[k].start, tokens[k].end) for k in sorted(taken)]
    taken_starts = [bs for bs, _be in taken_spans]
    for rx, kind in ((_TRIBE_RE, TRIBE), (_GROUP_RE, GROUP)):
        for m in rx.finditer(prepared(text)):
            name_words = m.group(1).split()
            while name_words and (name_words[0].lower() in ("the", "a", "an") or name_words[0][:1].islower()):
                name_words.pop(0)  # "of Al Sham Corps" is Al Sham Corps
            meaningful = [w for w in name_words if not _is_generic_word(w, base)]
            if not meaningful:
                continue  # "Syrian Army", "the National Army": generic or already known
            s = m.start(1) + m.group(1).index(name_words[0]) + offset
            e = m.end() + offset
            k = bisect_left(taken_starts, e)  # spans starting before e; the last of them ends latest
            if k and taken_spans[k - 1][1] > s:
                continue
            name = " ".join(name_words) if kind == TRIBE else " ".join(name_words + [m.group(2)])
            yield s, e, text[s - offset:e - offset], ActorRef(kind, words=name)


def _is_generic_word(w: str, base) -> bool:
    low = w.lower().rstrip("'s").rstrip("’s")
    return (low in base.demonyms or low in base.state_words or low in REBEL_QUALIFIERS or low in ("regime", "of")
            or low in UNIT_WORDS or w[:1].isdigit())


def _is_qualifier(t, base) -> bool:
    low = t.text.lower()
    return low in base.demonyms or low in base.state_words or low in REBEL_QUALIFIERS or low == "regime"


def _qualify(tokens, i: int, j: int, words: str, kind: str, base):
    """Decide what a military/police noun refers to from the words just before it."""
    before = tokens[max(0, i - QUALIFIER_WINDOW):i]
    for t in reversed(before):
        low = t.text.lower().rstrip("'s").rstrip("’s")
        if low in base.demonyms:
            return kind, base.demonyms[low]
        if low in REBEL_QUALIFIERS:
            return REBELS, ""
        if low in base.state_words:
            return kind, ""
    if kind == STATE and words.lower() in NEEDS_QUALIFIER:
        return None, ""
    return kind, ""


@stage("mentions.actors", requires=("sentences",), assigns=("mentions",))
def actors(article: Article, ctx) -> None:
    for si, sent in enumerate(article.sentences):
        for s, e, words, ref in find_actor_mentions(sent.text, sent.start, ctx.actors, ctx.gazetteer.country_of_name,
                                                     ctx.gazetteer.country_heads()):
            article.mentions.append(Mention("actor", s, e, words, si, ref))
