"""Deterministic agglomeration: the same links give the same clusters, whatever order they came in.

Links are taken strongest first (ties by id); two clusters join when a link between them clears
the threshold and ``can_join`` accepts the union.  The result depends only on the set of nodes
and links, never on the order of ingestion, which is what makes incremental and batch ingest agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def cluster(nodes: Iterable[str], links: Iterable[tuple[str, str, float]], threshold: float,
            can_join: Callable[[list[str], list[str]], bool]) -> list[list[str]]:
    """Clusters of ``nodes`` (each a sorted list, the list sorted).  ``can_join`` must refuse every
    union of supersets of two clusters it refused (both linkers' tests do: an article in both, a
    pair below a score, a span too long), so a refusal is not asked again."""
    parent: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for n in set(nodes):
        parent[n] = n
        members[n] = [n]
    refused: set[tuple[str, str]] = set()

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    strong = [l for l in links if l[2] >= threshold and l[0] in parent and l[1] in parent]
    for a, b, s in sorted(strong, key=lambda l: (-l[2], l[0], l[1])):
        ra, rb = find(a), find(b)
        keep, gone = min(ra, rb), max(ra, rb)
        if ra == rb or (keep, gone) in refused:
            continue
        if not can_join(members[keep], members[gone]):
            refused.add((keep, gone))  # the clusters only grow, and keep their smallest id as root
            continue
        parent[gone] = keep
        members[keep] += members.pop(gone)
    return sorted(sorted(m) for m in members.values())


def component(start: Iterable[str], neighbours: Callable[[set[str]], Iterable[str]]) -> set[str]:
    """Every node reachable from ``start``; ``neighbours`` gives the nodes next to any of a set, so a
    store answers one query per step of the walk, not one per node."""
    seen = set(start)
    frontier = set(seen)
    while frontier:
        frontier = set(neighbours(frontier)) - seen
        seen |= frontier
    return seen
