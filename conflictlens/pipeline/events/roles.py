"""Who did what to whom: actor1 and actor2 of an event from the actors its sentence names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...knowledge import zipf_table
from ...knowledge.actors import (CIVILIANS, GENERIC_INTER, GROUP, IDENTITY, NAMED, POLICE, PROTESTERS, RIOTERS, STATE,
                                  TRIBE, UNIDENTIFIED)
from ...models import Mention

# An actor's alias made only of words at least this common in English (wordfreq Zipf; "separatists"
# 3.0, "communist" 3.6) names the actor in its own country only; rare words and names ("Haftar",
# "Imbonerakure") name it anywhere.
COMMON_ALIAS_ZIPF = 2.5
UNARMED_KINDS = frozenset({CIVILIANS, PROTESTERS, RIOTERS})  # actor kinds that are not an armed side
# "by" before an actor makes it the agent of a passive or nominal event ("an attack by suspected X")
# "killed by X" names the initiator; "supported by X", "backed by X" name an ally
_AGENT_BEFORE = re.compile(r"(?<!supported )(?<!backed )\bby\s+"
                           r"(?:the\s+|a\s+|an\s+)?(?:suspected\s+|presumed\s+|alleged\s+|unknown\s+)?$", re.I)
# Police or army on an operation they started are the initiator even when named second ("smugglers
# shot at civil police officers during an operation to detain them").
_STATE_OPERATION = re.compile(r"\b(during (an?|the) (\w+ ){0,2}(operation|patrol|raid|inspection)|(carried out|conducted|"
                              r"launched) an? (\w+ ){0,2}(operation|raid)|operation (to|against)|went to)\b", re.I)
def _actor_name(ref, ctx, iso2: str, country_name: str, when: date | None, sub: str = "",
                text: str = "") -> tuple[str, int]:
    if ref.kind == NAMED:
        a = ctx.actors.pick(ref.candidates, when, iso2)
        if iso2 and a.country and a.country != iso2 and _common_words(ref.words):
            # "separatists" are the Donbas' in Ukraine, "communist rebels" the NPA in the Philippines;
            # in another country such words name nobody in particular
            cname = country_name or "Unknown"
            return ctx.actors.unidentified_name(cname, iso2, sub, text), GENERIC_INTER[UNIDENTIFIED]
        return a.name_in(iso2, country_name or "Unknown"), a.inter
    cc = ref.country or iso2
    c = ctx.gazetteer.country(cc)
    cname = c.name if c else country_name or "Unknown"
    inter = GENERIC_INTER[ref.kind]
    if ref.kind in (STATE, POLICE) and cc and iso2 and cc != iso2:
        inter = 8  # another state's forces
        operation = ctx.actors.operation_name(cc, iso2, when)
        if operation:
            return operation, inter
    if ref.kind == GROUP:
        return ref.words, group_inter(ref.words)
    if ref.kind in (TRIBE, IDENTITY):
        # "<Identity> Ethnic Militia (<Country>)", "<Place> Communal Militia", Tribal, Clan (CODEBOOK 3.2):
        # the kind word is the mention's own ("clansmen", "community militia"), ethnic by default
        return f"{ref.words} Militia ({cname})", inter
    if ref.kind in (STATE, POLICE):
        return ctx.actors.state_force_name(ref.kind, ref.words, cname, cc, when), inter
    if ref.kind == UNIDENTIFIED:
        return ctx.actors.unidentified_name(cname, cc, sub, text), inter
    return ctx.actors.generic_name(ref.kind, cname, cc, when), inter


# An unknown group's inter code from its own name (CODEBOOK 3.3): what it calls itself says whether it
# seeks national power (a rebel group), a local or political aim (a political militia) or speaks for a
# community (an identity militia).
_IDENTITY_WORDS = re.compile(r"\b(ethnic|communal|community|clan|tribal|tribe|self-defen[cs]e|vigilantes?)\b", re.I)
_REBEL_WORDS = re.compile(r"\b(liberation|revolutionary|revolution|front|army|movement|resistance|rebels?|"
                          r"insurgents?|islamic|jihad|mujahideen|mujahidin)\b", re.I)


_MILITIA_WORDS = re.compile(r"\b(militias?|guards?|vigilantes?|gangs?|cartel|committees?)\b", re.I)


def group_inter(name: str) -> int:
    """Rebels by default: most named armed groups in the news fight for national power."""
    if _IDENTITY_WORDS.search(name):
        return 4
    if _MILITIA_WORDS.search(name) and not _REBEL_WORDS.search(name):
        return 3
    return 2


def _common_words(words: str) -> bool:
    """Written in lower case and made only of everyday English words (an alias such as "separatists",
    not a name such as "forces loyal to Haftar")."""
    return words.islower() and all(zipf_table().get(w, 0.0) >= COMMON_ALIAS_ZIPF for w in re.findall(r"[\w-]+", words))


def assign_actors(event_type: str, sub: str, actors: list[Mention], trig_pos: int, ctx, iso2, cname, when,
                  text: str = "", parties: tuple = ()):
    """actor1 (initiator) and actor2 (target) from the mentions around the trigger; an agent
    ("killed by a Taliban sniper", "an attack by X") is the initiator wherever it stands."""
    def name_of(ref):
        return _actor_name(ref, ctx, iso2, cname, when, sub, text)

    # who reports an event is no party to it ("a source at the Police Command told SANA", "the army said")
    named = [(m, *name_of(m.value)) for m in actors if not (text and _speaker(text, m))]
    seen, uniq = set(), []
    for m, name, inter in named:
        if name not in seen:
            seen.add(name)
            uniq.append((m, name, inter))
    victims = [u for u in uniq if u[0].value.kind == CIVILIANS]
    fighters = [u for u in uniq if u[0].value.kind not in UNARMED_KINDS]
    a1 = a2 = None
    if event_type == "Protests":
        prot = [u for u in uniq if u[0].value.kind == PROTESTERS] or [(None, name_of(_Ref(PROTESTERS))[0], 6)]
        a1 = prot[0]
        if sub != "Peaceful protest":
            force = [u for u in fighters if u[0].value.kind in (POLICE, STATE)] or [(None, name_of(_Ref(POLICE))[0], 1)]
            a2 = force[0]
    elif event_type == "Riots":
        rioters = [u for u in uniq if u[0].value.kind == RIOTERS]
        a1 = rioters[0] if rioters else (None, name_of(_Ref(RIOTERS))[0], 5)
        if sub == "Mob violence":
            # a crowd against the police fights the police; otherwise it attacks its victims
            pol = [u for u in fighters if u[0].value.kind in (POLICE, STATE)]
            # two crowds that clash are rioters on both sides (interaction 55)
            brawl = bool(text) and bool(_CROWD_FIGHT.search(text, max(0, trig_pos - 80), trig_pos + 80))
            a2 = pol[0] if pol else (None, a1[1], 5) if brawl or not victims else victims[0]
        else:
            pol = [u for u in fighters if u[0].value.kind in (POLICE, STATE)]
            a2 = pol[0] if pol else None
    else:
        umbrella = [u for u in fighters if u[1].startswith("Operation ") and text
                    and _UNDER_BEFORE.search(text, max(0, u[0].start - 12), u[0].start)]
        if umbrella:
            # "Turkish troops and pro-Turkey factions, operating under OPS, fought ...": ACLED names
            # the forces of a named operation after it; the other side ("regime forces ... against
            # Turkish forces ... operating under OPS") stays itself
            at = umbrella[0][0].start
            side = max((m.end() for m in _OPPOSED.finditer(text, 0, at)), default=0)
            fighters = [u for u in fighters if u[0].start < side] + umbrella[:1] + [u for u in fighters if u[0].start > at]
        # the subject of a passive is the target ("47 leaders of the front were killed in a blast")
        targets = [u for u in fighters if text and _PASSIVE_AFTER.match(text, u[0].end, u[0].end + 60)]
        before = [u for u in fighters if u[0].start <= trig_pos and u not in targets]
        after = [u for u in fighters if u[0].start > trig_pos and u not in targets]
        agents = [u for u in fighters if text and _AGENT_BEFORE.search(text, max(0, u[0].start - 40), u[0].start)]
        # who takes a place is named before the verb or after "by"; what follows it is what was taken and
        # whose it was ("captured a base of the Syrian army")
        a1 = (agents or before or ([] if sub in TAKING else after) or [None])[0]
        state = [u for u in fighters if u[0].value.kind in (POLICE, STATE)]
        if event_type == "Battles" and not agents and state and a1 not in state and _STATE_OPERATION.search(text):
            a1 = state[0]
        # the other side: a target, else what follows the trigger (its object), else what precedes it
        # (a co-agent: "government forces and a Kurdish militia drove IS out"); never actor1 again
        rest = [u for u in targets + after + before if u is not a1 and (a1 is None or u[1] != a1[1])]
        # "regime troops supported by QSD, against Turkish forces": an ally is not the other side
        allies = [u for u in rest if text and _ALLY_BEFORE.search(text, max(0, u[0].start - 20), u[0].start)]
        rest = [u for u in rest if u not in allies] + allies
        opponents = [u for u in rest if u not in allies]
        if event_type == "Violence against civilians" or (victims and not opponents and event_type != "Battles"):
            a2 = victims[0] if victims else (None, name_of(_Ref(CIVILIANS))[0], 7)
        else:
            a2 = opponents[0] if opponents else None
        if (a2 is None and a1 is not None and a1[2] != 1 and sub in TERRITORIAL and not any(u[2] == 1 for u in allies)
                and not (a1[0] is not None and a1[0].value.kind == STATE)):
            # a place taken by a non-state or foreign actor, its loser unnamed: the state held it
            a2 = (None, name_of(_Ref(STATE))[0], 1)
        if a1 is None and len(parties) == 2 and event_type in ("Battles", "Explosions/Remote violence"):
            # a monitor's report with no side named: the two sides it monitors; shelling of
            # unstated targets has no second actor
            a1, a2 = parties if event_type == "Battles" else (parties[0], None)
        if a1 is None and event_type in ("Battles", "Violence against civilians", "Explosions/Remote violence"):
            a1 = (None, name_of(_Ref(UNIDENTIFIED))[0], 3)
    return a1, a2


TERRITORIAL = frozenset({"Non-state actor overtakes territory", "Non-violent transfer of territory"})
TAKING = TERRITORIAL | {"Government regains territory"}
# after an actor: a verb that reports what someone said, not what they did
_SPEECH_AFTER = re.compile(r"\s*,?\s*(?:has |have |had |also |later )?(?:said|says|say|told|tells|reported|reports|"
                           r"announced|announces|stated|states|confirmed|confirms|added|adds|noted|quoted|insisted)\b",
                           re.I)
_SPEECH_BEFORE = re.compile(r"\b(?:according to|sources? (?:at|in|from|of|close to)|spokesm[ae]n (?:for|of)|"
                            r"statement (?:by|from|of)|a source in)\s+(?:the\s+)?$", re.I)
_PASSIVE_AFTER = re.compile(r"\s*(?:,[^,]{0,40},\s*)?(?:were|was|have been|has been|had been|are|is|being)\s+"
                            r"(?:\w+\s+){0,2}?(?:killed|wounded|injured|targeted|attacked|ambushed|hit|struck|shelled|"
                            r"bombed|abducted|kidnapped|detained|arrested|executed|captured|besieged|pushed back|"
                            r"driven out|expelled)\b|\s+(?:killed|wounded|injured) (?:in|by|when|during)\b", re.I)


# "... announced it had retaken": a speaker who tells of what it did itself is the actor
_SELF_REPORT = re.compile(r"[^.;,]{0,30}?\b(?:that\s+)?(?:it|they|its|their|we|our)\b", re.I)


def _speaker(text: str, m: Mention) -> bool:
    said = _SPEECH_AFTER.match(text, m.end, m.end + 40)
    if said:
        return not _SELF_REPORT.match(text, said.end(), said.end() + 20)
    return bool(_SPEECH_BEFORE.search(text, max(0, m.start - 40), m.start))


_CROWD_FIGHT = re.compile(r"\b(clash(ed|es)?|fought|fight(ing)?|brawl(ed)?|scuffle[sd]?|exchanged blows)\b", re.I)
_UNDER_BEFORE = re.compile(r"\bunder\s+(the\s+)?$", re.I)
_ALLY_BEFORE = re.compile(r"\b(?:(?:supported|backed|assisted|aided|accompanied) by|in (?:cooperation|coordination|"
                          r"conjunction) with|alongside|together with|jointly with)\s+(?:the\s+)?$", re.I)
_OPPOSED = re.compile(r"\b(against|versus|between)\b", re.I)


def _word_runs(text: str, longest: int = 3) -> list[str]:
    """Every run of one to ``longest`` words of ``text`` (the names a place could have in it)."""
    words = text.split()
    return [" ".join(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)]


def _party(name: str, ctx, iso2: str, cname: str, when) -> tuple:
    """A monitored conflict's side: "state" (the country's forces) or an actor's canonical name."""
    if name == STATE:
        return None, _actor_name(_Ref(STATE), ctx, iso2, cname, when)[0], 1
    a = ctx.actors.by_name[name]
    return None, a.name, a.inter


@dataclass
class _Ref:
    kind: str
    country: str = ""
    candidates: tuple = ()
    words: str = ""
