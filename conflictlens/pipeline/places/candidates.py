"""Sub-stage 1, candidates: capitalised token spans whose key is in the gazetteer (longest first),
without the spans that name an actor, a date, an acronym's expansion, a person or a nationality."""

from __future__ import annotations

from ...knowledge.gazetteer import Place, haversine_km
from ...knowledge.matcher import Token, tokenize
from ...knowledge.names import inner_key, name_key
from .cues import locative_at
from .patterns import (ACRONYM, AREA_KINDS, GLUED_PARTICLE, JOINED_NAMES, QUALIFIER_GAP, QUALIFIER_NEXT, ROUTE_AFTER,
                       SETTLEMENT_AFTER, SMALL_WORDS, SPAN_BREAK, TWO_NAMES, WORD)
from .qualifiers import contains
from .records import Candidate, SpanSet


def _accept(job, tokens: list[Token], i: int, j: int) -> bool:
    if not tokens[i].capitalised or not tokens[j - 1].capitalised:
        return False
    not_places = job.words.not_places
    words = " ".join(t.text for t in tokens[i:j]).lower()
    # "Assads forces": a possessive whose apostrophe was lost is still the word
    return words not in not_places and not (j - i == 1 and words.endswith("s") and words[:-1] in not_places)


def _part_of_longer_name(job, tokens: list[Token], i: int, j: int, text: str, offset: int) -> bool:
    """A match inside a longer capitalised name ("Nazar" in "Nazar Khan Kelay", "Faour" in "Wael Abu
    Faour") is not that place; neighbours that are kind, admin or direction words are fine."""
    ok = job.words.neighbours
    for k in (i - 1, j):
        if k < 0 or k >= len(tokens) or (k == i - 1 and k == 0):
            continue  # sentence-initial words are capitalised anyway
        t = tokens[k]
        a, b = (t.end, tokens[i].start) if k == i - 1 else (tokens[j - 1].end, t.start)
        if t.text[:1].isupper() and not text[a - offset:b - offset].strip() and t.text.lower() not in ok:
            return True
    # "Tall" in "Tall al-Wardi" (invented): a name with its article glued on continues it
    if j < len(tokens) and GLUED_PARTICLE.match(tokens[j].text) and not text[
            tokens[j - 1].end - offset:tokens[j].start - offset].strip():
        return True
    # "Ain" in "Ain es Sawda", "Ras" in "Ras el Nahr" (invented): an article particle joins it to the next name
    if j + 1 < len(tokens) and _particle_joins(ok, tokens[j - 1], tokens[j], tokens[j + 1], text, offset):
        return True
    # ... and "Kharaba" in "Tallet al Kharaba" (invented) to the name before it
    return i >= 2 and i - 2 > 0 and _particle_joins(ok, tokens[i - 2], tokens[i - 1], tokens[i], text, offset,
                                                    name_before=True)


def _particle_joins(ok, left: Token, particle: Token, right: Token, text: str, offset: int,
                    name_before: bool = False) -> bool:
    """Whether a lower-case particle ("er", "el", "al") stands between two words with nothing else, the
    one on the far side (``right``, or ``left`` with ``name_before``) a capitalised word that is no neighbour."""
    other = left if name_before else right
    return (not particle.key and particle.text.islower() and other.text[:1].isupper() and other.text.lower() not in ok
            and not text[left.end - offset:particle.start - offset].strip()
            and not text[particle.end - offset:right.start - offset].strip())


def title_case(cfg, tokens) -> bool:
    """"Over 3 Killed 40 Injured in Terrorists Rocket Attack on Western Aleppo": a headline's capitals
    say nothing of names."""
    words = [t.text for t in tokens if len(t.text) >= 4 and t.text.isalpha()]
    return len(words) >= cfg.title_case_min_words and sum(w[0].isupper() for w in words) >= cfg.title_case_share * len(words)


def known_as_written(cfg, places: list[Place], words: str) -> bool:
    """A country, a province, or a big city spelled as its own name ("London")."""
    return any(p.kind in ("country", "admin1") or (
        p.population >= cfg.foreign_min_population and p.name.casefold() == words.casefold()) for p in places)


def _everyday_word(job, tokens, i: int, j: int, places: list[Place], headline: bool, sentence: bool,
                   gap_before: str) -> bool:
    """Whether the one-word match ``tokens[i:j]`` is an everyday English word whose capital is no evidence
    of a name (see ``common_word_zipf``) and no big place of that name is among ``places``."""
    if j - i != 1 or job.words.zipf.get(tokens[i].text.lower(), 0.0) < job.cfg.common_word_zipf:
        return False
    if known_as_written(job.cfg, places, tokens[i].text):
        return False  # ("Turkey", "Jordan"; "London" spelled as its own name, though not "Some" for the Somme)
    if not sentence:
        return False  # (the halves of a hyphenated name: whether they are one name is decided by distance)
    # "... said: Many of the dead", "Regional Agency - Two car bombs", "03.04.2016 About 40 people" (invented):
    # a colon or a dash starts a sentence of its own, and a dateline's numbers are not words
    starts = (i == 0 or ":" in gap_before or " - " in gap_before or "–" in gap_before or "—" in gap_before
              or not any(c.isalpha() for t in tokens[:i] for c in t.text))
    return starts or headline or (
        j < len(tokens) and tokens[j].text[:1].isupper() and tokens[j].start - tokens[i].end <= 1)


def _longest_span(job, tokens: list[Token], i: int, text: str, offset: int) -> int:
    """The end of the longest span from ``tokens[i]`` worth trying: grown while its key begins some
    gazetteer name."""
    top, key, n = i, "", len(tokens)
    for j in range(i + 1, min(n, i + job.cfg.max_name_tokens) + 1) if tokens[i].capitalised else ():
        # (else _accept refuses all)
        if j - 1 > i and SPAN_BREAK.search(text, tokens[j - 2].end - offset, tokens[j - 1].start - offset):
            break  # a name does not run across a bracket or a comma ("San Isidro (Buenos Aires)")
        k = tokens[j - 1].key if j - 1 == i else inner_key(tokens[j - 1].text)
        if k:
            key = f"{key} {k}" if key else k
            if key not in job.gaz.index and not job.gaz.may_extend(key):
                break
        top = j
    return top


def _short_name_places(job, places: list[Place], token: Token, key: str, text: str, s: int) -> list[Place]:
    """"Tel", "Um" alone are too short to trust; "KPK" is an area, and "Ufa" or "Kut" is a big city
    called by its own name ("in Tyr", after a locative word, may be a big city under another of its names)."""
    cfg = job.cfg
    return [p for p in places if (p.kind in ("admin1", "country") and token.text.isupper())
            or (p.population >= cfg.short_name_min_population and p.kind == "city" and (
                name_key(p.name) == key or locative_at(text, s)))]


def _hit_at(job, tokens: list[Token], i: int, top: int, text: str, offset: int, blocked: SpanSet,
            headline: bool, sentence: bool) -> tuple[Candidate, int] | None:
    """The longest name from ``tokens[i]`` (up to ``tokens[top - 1]``) that is a place, with the
    index of the token after it; or None."""
    gaz, lex, n = job.gaz, job.words, len(tokens)
    for j in range(top, i, -1):
        if not _accept(job, tokens, i, j):
            continue
        s, e = tokens[i].start, tokens[j - 1].end
        if blocked.overlaps(s, e):
            continue
        key = " ".join(k for k in [tokens[i].key] + [inner_key(t.text) for t in tokens[i + 1:j]] if k)
        places = gaz.places(gaz.lookup_key(key))
        if j - i == 1 and len(tokens[i].key) < job.cfg.min_single_token_chars and not QUALIFIER_NEXT.match(
                text, e - offset) and not SETTLEMENT_AFTER.match(text, e - offset):  # ("Maan town"; "Nis, Serbia")
            places = _short_name_places(job, places, tokens[i], key, text, s - offset)
        end_tok = j
        # "Ghab plain", "Kweires airbase": try with the following kind word too
        if j < n and tokens[j].text.lower() in lex.trailing_kinds:
            longer = gaz.lookup_key(key + " " + tokens[j].key)
            if longer:
                places, e, end_tok = gaz.places(longer), tokens[j].end, j + 1
        if places and end_tok < n and (tokens[end_tok].text.lower() in lex.streets
                                       or tokens[end_tok].text.lower() in lex.organisations):
            break  # "al Nour square", "the Palma junction", "the Baath party": a street's name, not a town
        gap = text[tokens[i - 1].end - offset:s - offset] if i else ""
        if places and not _part_of_longer_name(job, tokens, i, end_tok, text, offset) and not _everyday_word(
                job, tokens, i, end_tok, places, headline, sentence, gap):
            return Candidate(s, e, text[s - offset:e - offset], places), end_tok
    return None


def find_candidates(job, text: str, offset: int, blocked: SpanSet, sentence: bool = True) -> list[Candidate]:
    """Gazetteer names in ``text`` (character offsets with ``offset`` added) that overlap no
    ``blocked`` span; ``text`` is a sentence unless ``sentence`` is false (the halves of a
    hyphenated name)."""
    tokens = tokenize(text, offset)
    headline = title_case(job.cfg, tokens)
    out: list[Candidate] = []
    i, n = 0, len(tokens)
    while i < n:
        hit = _hit_at(job, tokens, i, _longest_span(job, tokens, i, text, offset), text, offset, blocked,
                      headline, sentence)
        if hit:
            out.append(hit[0])
            i = hit[1]
            continue
        t = tokens[i]
        if JOINED_NAMES.fullmatch(t.text) and t.text.lower() not in job.words.not_places:
            # "the Tripoli-Beirut highway": two places joined by a hyphen; "Mogadishu-Dharkenley": a
            # city and its district
            parts = find_candidates(job, t.text.replace("-", "/"), t.start, blocked, sentence=False)
            if len(parts) < 2 or ROUTE_AFTER.match(text, t.end - offset) or _neighbours(
                    job, parts[0].places, parts[-1].places):
                out.extend(parts)  # (parts that are not neighbours are one name: "Mayo-Sava", "Grand-Ravine")
        i += 1
    return out


def _neighbours(job, a_places: list[Place], b_places: list[Place]) -> bool:
    """Whether some place of ``a_places`` and some of ``b_places`` lie in one country, joined_names_km apart or less."""
    return any(a.country == b.country and haversine_km(a.lat, a.lon, b.lat, b.lon) <= job.cfg.joined_names_km
               for a in a_places for b in b_places)


def keep_qualified_short_names(job, cands: list[Candidate]) -> list[Candidate]:
    """A short name ("Nis") stays only as the places its qualifier contains ("Nis, Serbia")."""
    out, text, cfg = [], job.text, job.cfg
    for k, c in enumerate(cands):
        short = " " not in c.words.strip() and len(name_key(c.words)) < cfg.min_single_token_chars
        if short and QUALIFIER_NEXT.match(text, c.end):
            nxt = cands[k + 1] if k + 1 < len(cands) and cands[k + 1].sentence == c.sentence else None
            places = []
            if nxt is not None and QUALIFIER_GAP.fullmatch(text[c.end:nxt.start]):
                places = [a for a in c.places if any(contains(b, a) for b in nxt.places)]
            # "Fes (Fes)": no fit, but a big city called by its own name still stands alone
            places = places or [a for a in c.places if a.population >= cfg.short_name_min_population
                                and name_key(a.name) == name_key(c.words)]
            if not places:
                continue
            c = c.with_places(places)
        out.append(c)  # (short names with no qualifier were kept by find_candidates only if well known)
    return out


def acronym_spans(text: str) -> list[tuple[int, int]]:
    """Acronyms spelled out just before them ("Accredited social health activists (ASHA)"): a name
    of something, not the place that shares its letters."""
    out = []
    for m in ACRONYM.finditer(text):
        letters = m.group(1).lower()
        words = [w for w in WORD.findall(text[max(0, m.start() - 150):m.start()]) if w.lower() not in SMALL_WORDS]
        if "".join(w[0] for w in words[-len(letters):]).lower() == letters:
            out.append((m.start(1), m.end(1)))
    return out


def surnames(job) -> set[str]:
    """Keys of the second words of two-word capitalised names that are not places, whose first word is
    not one either and is common enough in English to be a given name: "Valerie Amos", "John Kerry",
    "Mustafa Sultan".  Within a sentence only (a capital after a full stop proves nothing), and not in
    a longer run of capitals (a headline)."""
    lex, gaz = job.words, job.gaz
    out = set()
    for m in TWO_NAMES.finditer(job.text):
        first, second = m.group(1), m.group(2)
        if (first.lower() in lex.not_places or first.lower() in lex.neighbours or second.lower() in lex.neighbours
                or second.lower() in lex.not_places):
            continue
        if gaz.lookup_key(name_key(f"{first} {second}")) or gaz.lookup_key(name_key(first)):
            continue  # "Tal Abyad", and "Jordan Egypt" in a list whose commas were lost
        if lex.zipf.get(first.lower(), 0.0) < job.cfg.given_name_zipf:
            continue  # "Rajwara Handwara": a first word English text never uses is no given name
        out.add(name_key(second))
    return out


def collect(job, blocked: list[tuple[int, int]]) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """The candidates of every sentence, and ``blocked`` with the spans refused here added (the
    unknown-name search skips them too)."""
    spans = SpanSet.of(blocked)
    cands = []
    for si, sent in enumerate(job.article.sentences):
        for c in find_candidates(job, sent.text, sent.start, spans):
            c.sentence = si
            cands.append(c)
    cands = keep_qualified_short_names(job, cands)
    # "the Syrian capital": an adjective of nationality is not a village spelled like it (though "Somali
    # region" is Ethiopia's province); "Brandt said", after "Helena Brandt" (invented): a person's surname is not a place
    names = surnames(job)
    refused = [c for c in cands if (c.words.lower() in job.demonyms and not job.words.admin_word_after(job.text, c.end))
               or (" " not in c.words and name_key(c.words) in names and not known_as_written(job.cfg, c.places, c.words))]
    gone = {id(c) for c in refused}
    cands = [c for c in cands if id(c) not in gone]
    blocked = list(blocked) + [(c.start, c.end) for c in refused]
    # "Amara city": the city, not Ethiopia's Amhara region
    cands = [c.with_places([p for p in c.places if p.kind not in AREA_KINDS] or c.places)
             if SETTLEMENT_AFTER.match(job.text, c.end) else c for c in cands]
    return cands, blocked
