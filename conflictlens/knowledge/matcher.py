"""Tokens with offsets, and a phrase index for longest-match lookups.

Both the gazetteer and the actor base find their names in text the same way:
the sentence is tokenised once, each token gets a typography-insensitive key
(``names.name_key``), and n-grams of keys are looked up in a dict.  Cost is
linear in the text and independent of how many names the index holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .names import name_key

_TOKEN_RE = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’‘`ʿʾ]+(?:[-‐][0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’‘`ʿʾ]+)*")
# Sentences whose tokens are kept: more than a long article has, so each sentence is tokenised once
# per article, and few enough that the cache stays small.
TOKEN_CACHE_SENTENCES = 1024
MAX_PHRASE_TOKENS = 7  # the longest name we look up ("Military Forces of the Democratic Republic ...")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # name_key of the token ("" for a bare article particle such as "al")
    capitalised: bool = False  # set by ``make_token``


def _capitalised(t: str) -> bool:
    if t[:1].isupper() or t[:1].isdigit():
        return True
    if "-" not in t:
        return False
    # "al-Ghab", "ash-Shughur": a particle glued to a capitalised name
    return "-" in t and any(p[:1].isupper() for p in t.split("-")[1:])


def make_token(start: int, end: int, text: str) -> Token:
    return Token(start, end, text, name_key(text), _capitalised(text))


_POSSESSIVE_RE = re.compile(r"['’]s$")


@lru_cache(maxsize=TOKEN_CACHE_SENTENCES)
def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Tokens of ``text`` with offsets shifted by ``offset``.  Cached: the actor, place and monitor
    finders all read one sentence's tokens, so a sentence is tokenised once; callers must not
    change the tokens."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group(0)
        if "-" not in word and "s" not in word[-1:]:  # most words: no suffix, no possessive
            s, end = m.span()
            c = word[0]
            out.append(Token(s + offset, end + offset, word, name_key(word), c.isupper() or c.isdigit()))
            continue
        end = m.end()
        parts = word.split("-")
        suffix = None
        if len(parts) > 1 and parts[-1][:1].islower() and any(p[:1].isupper() for p in parts[:-1]):
            # "London-based", "Kurdish-led", "al-Nusra-linked": the name is what comes before, and
            # the suffix stays a word of its own ("Turkish-backed forces" is not "Turkish forces")
            word = "-".join(parts[:-1])
            end = m.start() + len(word)
            suffix = make_token(end + 1 + offset, m.end() + offset, parts[-1])
        pm = _POSSESSIVE_RE.search(word)
        if pm:  # "Assad's" is Assad, not a place called "Assads"
            word, end = word[:pm.start()], m.start() + pm.start()
        out.append(make_token(m.start() + offset, end + offset, word))
        if suffix is not None:
            out.append(suffix)
    return tuple(out)


def phrase_key(tokens) -> str:
    return " ".join(t.key for t in tokens if t.key)


class PhraseIndex:
    """key (space-joined token keys) -> payload list; ``find`` returns longest non-overlapping matches."""

    def __init__(self):
        self.index: dict[str, list] = {}
        self.prefixes: set[str] = set()  # every word-aligned proper prefix of an indexed key
        self.max_tokens = 1

    def add(self, name: str, payload) -> None:
        key = phrase_key(tokenize(name))  # the way text is tokenised ("People's" -> "people")
        if not key:
            return
        self.index.setdefault(key, []).append(payload)
        self.prefixes.update(word_prefixes(key))
        self.max_tokens = min(MAX_PHRASE_TOKENS, max(self.max_tokens, key.count(" ") + 1))

    def __contains__(self, name: str) -> bool:
        return phrase_key(tokenize(name)) in self.index

    def key_of(self, name: str) -> str:
        """The key ``add`` files ``name`` under ("" if it has no words)."""
        return phrase_key(tokenize(name))

    def sort_payloads(self, keys, sort_key) -> None:
        """Put the payloads of ``keys`` in the order of ``sort_key`` (stable: ties keep the order added)."""
        for k in keys:
            if k in self.index:
                self.index[k].sort(key=sort_key)

    def get_key(self, key: str) -> list:
        return self.index.get(key, [])

    def find(self, tokens, accept=None):
        """Yield (i, j, payloads) for token spans [i, j) whose key is indexed, longest first, left to right.

        ``accept(tokens, i, j)`` can veto a span (e.g. require capitalisation).  From each start the
        span grows only while its key is a prefix of an indexed key, so the cost per token is a few
        dict lookups whatever the size of the index.
        """
        i, n = 0, len(tokens)
        index, prefixes, reach = self.index, self.prefixes, self.max_tokens + 2
        while i < n:
            hit = None
            first = tokens[i].key
            if first and (first in index or first in prefixes):
                ends, key = [], ""
                # count only tokens with a key towards the phrase length (as phrase_key does)
                for j in range(i + 1, (i + reach if i + reach < n else n) + 1):
                    k = tokens[j - 1].key
                    if not k:
                        continue
                    key = f"{key} {k}" if key else k
                    if key in index:
                        ends.append((j, key))
                    if key not in prefixes:
                        break
                for j, key in reversed(ends):
                    if accept is None or accept(tokens, i, j):
                        hit = (i, j, index[key])
                        break
            if hit:
                yield hit
                i = hit[1]
            else:
                i += 1


def word_prefixes(key: str) -> list[str]:
    """"a b c" -> ["a", "a b"]: the proper prefixes of a phrase key that end at a word boundary."""
    out, pos = [], key.find(" ")
    while pos != -1:
        out.append(key[:pos])
        pos = key.find(" ", pos + 1)
    return out


# what the gate keeps as written: escapes ("\\S" is not "\\s") and group syntax ("(?P<day>")
_KEEP_OR_UPPER = re.compile(r"\\.|\(\?P[<=]|[A-Z]")
HEAD_CHARS = 3  # how much of a word's start the first gate compares
_HEAD_RE = re.compile(r"\b\w{1,%d}" % HEAD_CHARS)
MAX_HEADS = 64  # a pattern that can start more ways than this is always searched
# The head of a text with a decimal digit anywhere (any script's, as ``\d`` matches), and of a
# pattern that begins with ``\d``: most sentences have no digit, and so skip the date patterns
# that start with a day ("28 July 2015", "28/07/2015").
DIGIT_HEAD = "\\d"
_DIGIT_RE = re.compile(r"\d")


class Prepared:
    """A text made ready for many ``Trigger`` searches: lowercased once, and the heads (first one to
    HEAD_CHARS characters) of its words collected once, when first asked for."""

    __slots__ = ("text", "lowered", "_heads")

    def __init__(self, text: str):
        self.text = text
        self.lowered = text.lower()
        self._heads: set[str] | None = None

    @property
    def heads(self) -> set[str]:
        if self._heads is None:
            longest = set(_HEAD_RE.findall(self.lowered))  # each word's first HEAD_CHARS characters
            heads = set(longest)
            for k in range(HEAD_CHARS - 1, 0, -1):
                longest = {h[:k] for h in longest}
                heads |= longest
            if _DIGIT_RE.search(self.lowered):
                heads.add(DIGIT_HEAD)
            self._heads = heads
        return self._heads


@lru_cache(maxsize=64)
def prepared(text: str) -> Prepared:
    """``Prepared(text)``, kept for the few stages that search one sentence in turn."""
    return Prepared(text)


class Trigger:
    """A case-insensitive pattern, searched fast.

    Python's ``re`` is slow with IGNORECASE, and cannot use its literal-prefix scan for a pattern
    that starts with ``\\b``, so searching hundreds of patterns sentence by sentence costs a full,
    slow scan each.  Here, gates that are each a necessary condition for a match run first:

    - ``heads``: how a match can begin (``\\b(seized|captured)`` begins "sei" or "cap"), read from
      the parsed pattern; a text none of whose words begins so cannot match (a set test);
    - ``required``: strings every match contains ("monday", ... for a weekday), as word heads when
      they begin words (a set test) and as one scan for all of them;
    - ``gate``: the pattern without a leading ``\\b``, its letters lowercased, searched
      case-sensitively in the lowercased text, which ``re`` scans for its literal prefix.

    Where they pass, ``folded`` (the whole pattern lowercased) finds the matches in the lowercased
    text, and the pattern itself is matched at each of their starts to give the match objects.
    ``search`` and ``finditer`` return exactly what the pattern itself returns
    (tests/test_knowledge.py checks it on every rule pattern over real articles).
    """

    __slots__ = ("_pattern", "_flags", "_folded_src", "_plain", "_rx", "_gate_rx", "_folded", "on_lowered", "heads",
                 "required", "required_heads", "_needs", "needs_digit")

    def __init__(self, pattern: str, flags: int = re.I):
        # the three regular expressions are compiled when first searched: most of the hundreds of rule
        # patterns are never searched in a short article (their gates below keep them out), and
        # compiling them all made start-up a third slower
        self._pattern, self._flags = pattern, flags
        self._rx = self._gate_rx = self._folded = None
        # lowercasing the letters keeps a pattern equivalent only where it ignores case
        # ("[^A-Z]" lowercased would refuse what a case-sensitive pattern accepts)
        self.on_lowered = bool(flags & re.I) and "(?-i" not in pattern
        folded = _lowercase_pattern(pattern) if self.on_lowered else pattern
        self._folded_src = folded
        self._plain = flags & ~re.I if self.on_lowered else flags
        heads = match_heads(pattern, flags) if pattern.startswith(r"\b") else None
        # word heads are lowercased, so they gate only a pattern that ignores case; a digit is a digit
        # either way ("\b\d{1,2}/\d{1,2}/\d{4}" needs a digit in the text, whatever its case)
        self.heads = heads if self.on_lowered or heads == {DIGIT_HEAD} else None
        usable = self.on_lowered or not (flags & re.I or "(?i" in pattern)
        self.required, initial = required_literals(pattern, flags) if usable else (None, None)
        self.required_heads = word_heads(initial) if initial and self.on_lowered else None
        self._needs = None if self.required is None else re.compile("|".join(map(re.escape, self.required)))
        self.needs_digit = requires_digit(pattern, flags)  # ("in 2015": a text without a digit cannot match)

    @property
    def pattern(self) -> str:
        return self._pattern

    @property
    def rx(self) -> re.Pattern:
        if self._rx is None:
            self._rx = re.compile(self._pattern, self._flags)
        return self._rx

    @property
    def folded(self) -> re.Pattern | None:
        """The pattern with its letters lowercased, for the lowercased text (None unless it ignores case)."""
        if self._folded is None and self.on_lowered:
            self._folded = re.compile(self._folded_src, self._plain)
        return self._folded

    @property
    def gate(self) -> re.Pattern:
        if self._gate_rx is None:
            f = self._folded_src
            self._gate_rx = re.compile(f[2:] if f.startswith(r"\b") else f, self._plain)
        return self._gate_rx

    def _may_match(self, p: Prepared) -> bool:
        if self.heads is not None and self.heads.isdisjoint(p.heads):
            return False
        return self._gate(p)

    def _gate(self, p: Prepared) -> bool:
        """``_may_match`` without the first heads (a ``TriggerSet`` has tested those)."""
        if self.required_heads is not None and self.required_heads.isdisjoint(p.heads):
            return False
        if self.needs_digit and DIGIT_HEAD not in p.heads:
            return False
        text = p.lowered if self.on_lowered else p.text
        if self._needs is not None and self._needs.search(text) is None:
            return False
        return self.gate.search(text) is not None

    def search(self, p: Prepared):
        return self.first_match(p) if self._may_match(p) else None

    def finditer(self, p: Prepared):
        return self.all_matches(p) if self._may_match(p) else iter(())

    def first_match(self, p: Prepared):
        """The first match, gates aside."""
        if self.folded is None or len(p.lowered) != len(p.text):  # lowercasing moved characters
            return self.rx.search(p.text)
        m = self.folded.search(p.lowered)
        if m is None:
            return None
        return self.rx.match(p.text, m.start()) or self.rx.search(p.text)

    def all_matches(self, p: Prepared):
        """All matches, gates aside."""
        if self.folded is None or len(p.lowered) != len(p.text):
            return self.rx.finditer(p.text)
        out = []
        for m in self.folded.finditer(p.lowered):
            mm = self.rx.match(p.text, m.start())
            if mm is None or mm.end() != m.end():  # not the same match after all: let re decide
                return self.rx.finditer(p.text)
            out.append(mm)
        return iter(out)


def _lowercase_pattern(pattern: str) -> str:
    """The pattern's letters lowercased, its escapes ("\\S") and group syntax ("(?P<day>") kept."""
    return _KEEP_OR_UPPER.sub(lambda m: m.group(0) if m.group(0)[0] in "\\(" else m.group(0).lower(), pattern)


MIN_REQUIRED_CHARS = 2  # a required literal shorter than this is in nearly every text


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def required_literals(pattern: str, flags: int = re.I) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """Strings one of which a text must contain for ``pattern`` to match it, as two choices:

    - the most selective part every match must contain, a run of literal characters ("since
      the ") or a group of alternatives each beginning with literal characters ("(Monday|
      Tuesday|...)" -> "monday", ...);
    - the most selective such part that begins a word (after ``\\b``, a space or an optional
      group ending in one), whose heads a ``Prepared`` text's word heads must then include.

    Lowercased (to look for in lowercased text) when the pattern ignores case.  None where no
    such part is at least MIN_REQUIRED_CHARS long."""
    from re import _constants as c, _parser

    fold = str.lower if flags & re.I else str

    def leading_literal(seq) -> str:
        out = []
        for op, av in seq:
            if op is c.LITERAL:
                out.append(fold(chr(av)))
            elif op is c.SUBPATTERN and not out:
                return leading_literal(list(av[-1]))
            else:
                break
        return "".join(out)

    def alternatives(item) -> list[str] | None:
        op, av = item
        if op is c.SUBPATTERN:
            inner = list(av[-1])
            if len(inner) == 1:
                return alternatives(inner[0])
            lit = leading_literal(inner)
            return [lit] if lit else None
        if op is c.BRANCH:
            lits = [leading_literal(list(alt)) for alt in av[1]]
            return lits if all(lits) else None
        return None

    def ends_off_word(seq) -> bool:
        """Every way through ``seq`` ends with a character that is not a word character."""
        if not seq:
            return False
        op, av = seq[-1]
        if op is c.LITERAL:
            return not _word_char(chr(av))
        if op is c.SUBPATTERN:
            return ends_off_word(list(av[-1]))
        if op is c.BRANCH:
            return all(ends_off_word(list(alt)) for alt in av[1])
        return False

    try:
        seq = list(_parser.parse(pattern, flags))
    except Exception:
        return None, None
    options: list[tuple[list[str], bool]] = []  # (alternatives, begins a word)
    run: list[str] = []
    run_initial = at_word_start = False
    for op, av in seq + [(None, None)]:
        if op is c.LITERAL:
            ch = chr(av)
            if not run:
                run_initial = at_word_start and _word_char(ch)
            run.append(fold(ch))
            at_word_start = not _word_char(ch)
            continue
        if run:
            options.append((["".join(run)], run_initial))
            run = []
        if op is c.AT and av is c.AT_BOUNDARY:
            at_word_start = True
            continue
        if op is c.SUBPATTERN or op is c.BRANCH:
            alts = alternatives((op, av))
            if alts:
                options.append((alts, at_word_start and all(_word_char(a[0]) for a in alts)))
            at_word_start = ends_off_word([(op, av)])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0:
            at_word_start = at_word_start and ends_off_word(list(av[2]))  # skipped, or ending off a word
        else:
            at_word_start = False

    def pick(opts):
        opts = [o for o in opts if min(map(len, o)) >= MIN_REQUIRED_CHARS]
        return tuple(sorted(set(max(opts, key=lambda o: (min(map(len, o)), -len(o)))))) if opts else None

    return pick([o for o, _w in options]), pick([o for o, w in options if w])


def requires_digit(pattern: str, flags: int = re.I) -> bool:
    """Whether every match of ``pattern`` contains a decimal digit (``\\d``, or a digit written as such)."""
    from re import _constants as c, _parser

    def item(op, av) -> bool:
        if op is c.LITERAL:
            return chr(av).isdecimal()
        if op is c.IN:
            return all((o is c.CATEGORY and v is c.CATEGORY_DIGIT) or (o is c.LITERAL and chr(v).isdecimal())
                       or (o is c.RANGE and all(chr(x).isdecimal() for x in range(v[0], v[1] + 1)))
                       for o, v in av)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            return av[0] >= 1 and seq(av[2])
        if op is c.SUBPATTERN:
            return seq(av[-1])
        if op is c.BRANCH:
            return all(seq(alt) for alt in av[1])
        return False

    def seq(items) -> bool:
        return any(item(op, av) for op, av in items)

    try:
        return seq(_parser.parse(pattern, flags))
    except Exception:
        return False


def word_heads(literals) -> frozenset[str]:
    """The word heads a text has where one of ``literals`` begins a word ("mid-" -> "mid")."""
    out = set()
    for lit in literals:
        k = 0
        while k < min(len(lit), HEAD_CHARS) and _word_char(lit[k]):
            k += 1
        out.add(lit[:k])
    return frozenset(out)


def match_heads(pattern: str, flags: int = re.I) -> frozenset[str] | None:
    """The lowercased word heads a match of ``\\b`` + pattern can begin with, or None when any text
    could start it (a class, a wildcard, a non-word first character, or too many ways)."""
    from re import _constants as c, _parser  # the parser ``re`` itself uses; any surprise -> None

    def heads(seq: list, first: bool = True) -> set[str] | None:
        """``first``: nothing of the match comes before ``seq`` (where a digit is a head of its own)."""
        if not seq:
            return {""}
        op, av = seq[0]
        rest = seq[1:]
        if op is c.AT:
            return heads(rest, first)
        if op is c.LITERAL:
            ch = chr(av).lower()
            if not (ch.isalnum() or ch == "_"):
                return {""}
            tail = heads(rest, False) if HEAD_CHARS > 1 else {""}
            return None if tail is None else {(ch + t)[:HEAD_CHARS] for t in tail}
        if op is c.SUBPATTERN:
            return heads(list(av[-1]) + rest, first)
        if op is c.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                h = heads(list(alt) + rest, first)
                if h is None or len(out | h) > MAX_HEADS:
                    return None
                out |= h
            return out
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, _hi, item = av
            head = heads(list(item), first)  # the rest after a repeat is not followed: a shorter head still gates
            if lo >= 1:
                return head
            after = heads(rest, first)
            return None if head is None or after is None else head | after
        if op is c.IN and all(o is c.LITERAL for o, _ in av):
            tail = heads(rest, False)
            return None if tail is None else {(chr(v).lower() + t)[:HEAD_CHARS] for _, v in av for t in tail}
        if first and op is c.IN and list(av) == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
            return {DIGIT_HEAD}  # a digit somewhere: a weaker test than a word head, but a true one
        return {""}  # anything else: the head ends here

    try:
        out = heads(list(_parser.parse(pattern, flags)))
    except Exception:
        return None
    if out is None or "" in out or len(out) > MAX_HEADS:
        return None
    return frozenset(out)


class TriggerSet:
    """Triggers in a fixed order (a priority), indexed by the word heads they can start with, so
    that a text is tried only against the triggers its words allow, in order."""

    __slots__ = ("triggers", "always", "by_head", "head_keys")

    def __init__(self, triggers):
        self.triggers: list[Trigger] = list(triggers)
        self.always = frozenset(i for i, t in enumerate(self.triggers) if t.heads is None)
        self.by_head: dict[str, list[int]] = {}
        for i, t in enumerate(self.triggers):
            for h in t.heads or ():
                self.by_head.setdefault(h, []).append(i)
        self.head_keys = frozenset(self.by_head)

    def __len__(self) -> int:
        return len(self.triggers)

    def passing(self, p: Prepared) -> list[int]:
        """Positions, in order, of the triggers whose gates let ``p`` through (a superset of those
        that match it)."""
        heads, by_head = p.heads, self.by_head
        ids = set(self.always)
        for h in self.head_keys.intersection(heads):
            ids.update(by_head[h])
        out, lowered, text = [], p.lowered, p.text
        for i in sorted(ids):  # Trigger._gate, inlined: this loop runs for every sentence
            t = self.triggers[i]
            if t.required_heads is not None and t.required_heads.isdisjoint(heads):
                continue
            if t.needs_digit and DIGIT_HEAD not in heads:
                continue
            s = lowered if t.on_lowered else text
            if t._needs is not None and t._needs.search(s) is None:
                continue
            if t.gate.search(s) is not None:
                out.append(i)
        return out

    def search(self, p: Prepared):
        """(position, match) of the first trigger in order that matches ``p``, or None."""
        for i in self.passing(p):
            m = self.triggers[i].first_match(p)
            if m:
                return i, m
        return None

