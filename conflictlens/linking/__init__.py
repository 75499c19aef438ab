"""Across articles: reports of one event merged into a canonical event, articles grouped into stories.

``Linker.save(article)`` stores an extracted article and then links it; ``Linker.link(article_id)``
does, in one transaction:

1. report links: each of the article's events ("reports") is scored against the stored reports
   of other articles in the same country whose dates meet its own (``scoring.py``; the block
   is a window on an index, so the cost does not grow with the database);
2. canonical events: the reports connected to it by merge-level links are clustered again
   (``clustering.py``: strongest links first, never two reports of one article, and every pair in
   a cluster at least a possible duplicate, so chains of look-alikes do not merge) and each
   cluster's canonical values computed (``canonical.py``);
3. stories: the article is linked to articles published within STORY_WINDOW_DAYS that share an
   event with it or read alike (TF-IDF cosine with fixed weights, ``text.py``), and the connected
   articles are clustered again into stories no longer than MAX_STORY_SPAN_DAYS.  A linked group
   larger than STORY_GROUP_LIMIT is clustered within calendar blocks of STORY_BLOCK_DAYS, so a new
   article re-clusters its block of the group, not the whole of it.

Every score is a function of the two items alone and every clustering a function of the set, so
ingesting articles one by one or in a batch, in any order, gives the same canonical events and
stories (``tests/test_linking.py`` checks it on shuffled inputs).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..models import Link, Story, content_id
from . import canonical, scoring, text
from .clustering import cluster, component

# A report whose date is only known to a range wider than a month ("in 2013", "since the start of
# the war") could be any of many events: it stands alone rather than being merged on a guess.
MAX_LINKABLE_RANGE_DAYS = 31
# Articles about one offensive are published within a week of each other; beyond that a new
# article is a new story unless it reports a merged event.
STORY_WINDOW_DAYS = 7
# TF-IDF cosine over whole articles above which two articles are about the same thing.  On FA-KES
# (docs/benchmarks.md) 0.30 also joins war-wide round-ups of the same week (B-cubed precision 0.72
# at a 7-day span), 0.50 starts to split one battle's coverage (recall 0.84); 0.40 sits between.
STORY_TEXT_THRESHOLD = 0.40
# A story is days to weeks long: no chain of links makes one longer than two weeks (three weeks
# chained unrelated fighting in one province on FA-KES: precision 0.75 against 0.80 at one week).
MAX_STORY_SPAN_DAYS = 14
STORY_SHARED_EVENT = 1.0  # the link between two articles that report one event
# Coverage of one war links day after day into groups of thousands of articles (1,772 at 40,000
# articles of the synthetic benchmark corpus), and re-clustering the whole group for each new
# article made ingest slow down without bound (32 articles/s at first, 5 from 40,000 on;
# docs/benchmarks.md).  A group larger than STORY_GROUP_LIMIT articles is clustered within fixed
# calendar blocks of STORY_BLOCK_DAYS instead: links between blocks are not followed, so a new
# article re-clusters only its block.  The largest group of FA-KES dev is 25 articles, so a limit of
# 400 leaves news of ordinary density untouched; a block of four story spans cuts few stories.
# Both rules depend on the links alone, not on the order they came in: ``scale`` computes the same
# stories from the whole graph (``Linker.stories_of_group``).
STORY_GROUP_LIMIT = 400
STORY_BLOCK_DAYS = 28


def _range(e) -> tuple[date, date] | None:
    lo, hi = e.date_min or e.event_date, e.date_max or e.event_date
    return (lo, hi) if lo and hi else None


def _linkable(e) -> bool:
    r = _range(e)
    return bool(e.iso) and r is not None and (r[1] - r[0]).days < MAX_LINKABLE_RANGE_DAYS


def _scored_fields(e) -> tuple:
    """What ``scoring.score`` reads of a report besides its ids (the same values score the same)."""
    return (e.event_type, e.sub_event_type, e.event_date, e.date_min, e.date_max, e.time_precision, e.iso,
            e.admin1, e.location, e.latitude, e.longitude, e.geo_precision, e.actor1, e.inter1, e.actor2, e.inter2,
            tuple(ev.text for ev in e.evidence if ev.field == "event"))


def _event_vector(e) -> dict[str, float]:
    return text.vector(" ".join(ev.text for ev in e.evidence if ev.field == "event"), terms=None)


class Linker:
    def __init__(self, store, actors=None):
        from ..knowledge.actors import default_actor_base

        self.store = store
        self.actors = actors if actors is not None else default_actor_base()

    def link_pending(self, progress=None) -> int:
        """Link every stored article not linked yet (after a crash, or a database from before linking)."""
        pending = self.store.unlinked_articles()
        for n, a in enumerate(pending, 1):
            self.link(a)
            if progress:
                progress(n, len(pending))
        return len(pending)

    def save(self, article):
        """Store an extracted article and link it, in one transaction (another process writing the
        same database never sees it stored but not linked): what ``ingest`` does for each article."""
        with self.store.write():
            res = self.store.save_article(article)
            if res.status != "unchanged":
                self.link(res.article_id, res.former_events, res.former_articles)
        return res

    def link(self, article_id: str, former_events=(), former_articles=()) -> None:
        try:
            with self.store.write():
                if self.store.is_linked(article_id):
                    return  # another process linked it first (its vector is written last)
                mine = self._link_reports(article_id)
                self._recluster_events(component(set(mine) | set(former_events), self.store.linked))
                self._link_article(article_id)
                if former_articles:  # an updated article: the links it lost may have split its group
                    self._restory_groups({article_id, *former_articles})
                else:
                    self._restory_new(article_id)
        except BaseException:
            self.store._written.clear()  # rolled back: what it remembers writing was not written
            raise

    # -- events ---------------------------------------------------------------------------
    def _link_reports(self, article_id: str) -> list[str]:
        st = self.store
        reports = st.reports_of_article(article_id)
        links, vectors = [], {}

        def vec(e):
            if e.event_id not in vectors:
                vectors[e.event_id] = _event_vector(e)
            return vectors[e.event_id]

        gap = timedelta(days=scoring.MAX_GAP_DAYS)
        for r in reports:
            e = r.event
            if not _linkable(e):
                continue
            lo, hi = _range(e)
            # Wire copies and reprints give reports that differ only in their ids: a candidate
            # reads like one already scored against this report gets that score again.
            scored: dict[tuple, Link | None] = {}
            for c in st.report_candidates(e.iso, lo - gap, hi + gap, MAX_LINKABLE_RANGE_DAYS, article_id):
                if not _linkable(c.event):
                    continue
                key = _scored_fields(c.event)
                if key in scored:
                    like = scored[key]
                    link = like and Link(*sorted((e.event_id, c.event.event_id)), like.score, like.relation, like.parts)
                else:
                    link = scored[key] = scoring.score(e, c.event, self.actors, vec(e), vec(c.event))
                if link is not None:
                    links.append(link)
        st.save_links(links)
        return [r.event.event_id for r in reports]

    def _recluster_events(self, ids: set[str]) -> None:
        st = self.store
        reports = {r.event.event_id: r for r in st.reports(ids)}
        ids = set(reports)
        links = st.link_scores_among(ids)
        strength = {(a, b): score for a, b, score in links}
        article = {i: r.event.article_id for i, r in reports.items()}

        def can_join(x: list[str], y: list[str]) -> bool:
            if {article[i] for i in x} & {article[j] for j in y}:
                return False  # one article's events are distinct by construction
            return all(strength.get((min(i, j), max(i, j)), 0.0) >= scoring.POSSIBLE_THRESHOLD for i in x for j in y)

        clusters = cluster(ids, links, scoring.MERGE_THRESHOLD, can_join)
        new = [canonical.build([reports[i] for i in c]) for c in clusters]
        st.replace_canonicals(st.canonical_ids_of(ids), new)

    # -- stories --------------------------------------------------------------------------
    def _link_article(self, article_id: str) -> None:
        st = self.store
        info = st.article_info([article_id])[article_id]
        vec = text.vector(f"{info['title']}\n{info['text']}")
        shared = st.articles_sharing_events(article_id)
        cands = set(shared)
        if info["published"]:
            w = timedelta(days=STORY_WINDOW_DAYS)
            cands |= set(st.articles_between(info["published"] - w, info["published"] + w, article_id))
        others = st.article_info(cands)
        rows = []
        for b, o in sorted(others.items()):
            sim = round(text.cosine(vec, o["vector"]), 4)
            s = STORY_SHARED_EVENT if b in shared else sim
            if s >= STORY_TEXT_THRESHOLD:
                x, y = sorted((article_id, b))
                rows.append((x, y, s, {"shared_event": b in shared, "text": sim}))
        st.save_article_links(rows)
        st.save_vector(article_id, vec)

    def _walk(self, start: str, avoid: str | None = None, same_block: bool = False):
        """The articles reachable from ``start`` by article links (not through ``avoid``; within one
        calendar block if ``same_block``), and the links crossed as (a, b, score, both in one block)."""
        seen, links = {start}, set()
        frontier = {start}
        while frontier:  # one query per step of the walk
            reached = set()
            for a, b, score, pa, pb in self.store.article_links_of(frontier):
                one_block = story_block(pa) == story_block(pb)
                for x, y in ((a, b), (b, a)):
                    if x not in frontier or y == avoid or (same_block and not one_block):
                        continue
                    links.add((a, b, score, one_block))
                    if y not in seen:
                        seen.add(y)
                        reached.add(y)
            frontier = reached
        return seen, links

    def _restory_new(self, article_id: str) -> None:
        """Stories again after a new article's links were saved.  The groups it joins were apart
        before it: one marked large needs no walk, and the others are small, so they are walked
        whole.  The new group is then small (re-clustered whole) or large (re-clustered within the
        article's block, together with the small groups that joined it, which change mode)."""
        st = self.store
        own = {(a, b, score, story_block(pa) == story_block(pb))
               for a, b, score, pa, pb in st.article_links_of([article_id])}
        neighbours = {b if a == article_id else a for a, b, _s, _o in own}
        large = st.in_large_groups(neighbours)
        small: set[str] = set()
        links: set = set()
        for n in sorted(neighbours - large):
            if n not in small:
                part, part_links = self._walk(n, avoid=article_id)
                small |= part
                links |= part_links
        if large or 1 + len(small) > STORY_GROUP_LIMIT:
            piece, piece_links = self._walk(article_id, same_block=True)
            st.mark_large_group(small | {article_id}, True)
            self._recluster_stories(piece | small, [l[:3] for l in links | piece_links if l[3]])
        else:
            self._recluster_stories(small | {article_id}, [l[:3] for l in links | own])

    def group_of(self, article_id: str) -> tuple[set[str], list[tuple[str, str, float]]]:
        """The whole linked group of an article and the links among its members."""
        group, links = self._walk(article_id)
        return group, [l[:3] for l in links]

    def _restory_groups(self, starts: set[str]) -> None:
        """Stories again over the whole groups of ``starts``, each in the mode its size gives."""
        done: set[str] = set()
        for s in sorted(starts):
            if s not in done:
                group, links = self.group_of(s)
                done |= group
                self.stories_of_group(group, links)

    def stories_of_group(self, ids: set[str], links: list[tuple[str, str, float]]) -> None:
        """Stories over ``ids``, one whole linked group, from the links among them: clustered whole,
        or within calendar blocks if the group is larger than STORY_GROUP_LIMIT."""
        large = len(ids) > STORY_GROUP_LIMIT
        self.store.mark_large_group(ids, large)
        if large:
            info = self.store.article_dates(ids)
            links = [l for l in links if story_block(info[l[0]][0]) == story_block(info[l[1]][0])]
        self._recluster_stories(ids, links)

    def _recluster_stories(self, ids: set[str], links: list[tuple[str, str, float]]) -> None:
        """Stories again over ``ids``, articles no link outside ``links`` joins to anything else."""
        st = self.store
        info = st.article_dates(ids)  # (published, title): a story's members are read for these only

        def can_join(x: list[str], y: list[str]) -> bool:
            days = [info[a][0] for a in x + y if info[a][0]]
            return not days or (max(days) - min(days)).days <= MAX_STORY_SPAN_DAYS

        clusters = cluster(info, links, STORY_TEXT_THRESHOLD, can_join)
        stories = []
        for members in clusters:
            founder = min(members, key=lambda a: (info[a][0] or date.max, a))
            days = [info[a][0] for a in members if info[a][0]]
            title = info[founder][1][:160] or _title(st.article_info([founder])[founder])
            stories.append(Story(content_id(founder, prefix="st"), title,
                                 min(days) if days else None, max(days) if days else None, sorted(members)))
        old = st.story_ids_of(info)
        stray = st.story_members(old) - set(info)
        st.replace_stories(old, stories)
        if stray:  # a replaced story had members elsewhere (an update split its group): theirs again
            self._restory_groups(stray)


def story_block(published: date | None) -> int | None:
    """The calendar block of STORY_BLOCK_DAYS a large group's stories are clustered within."""
    return None if published is None else published.toordinal() // STORY_BLOCK_DAYS


def _title(info: dict) -> str:
    if info["title"]:
        return info["title"][:160]
    first = next((line.strip() for line in info["text"].splitlines() if line.strip()), "")
    return first[:157] + "..." if len(first) > 160 else first
