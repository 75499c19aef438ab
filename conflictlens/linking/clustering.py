"""Deterministic agglomeration: the same links give the same clusters, whatever order they came in.

Links are taken strongest first (ties by id); two clusters join when a link between them clears
the threshold and ``can_join`` accepts the union.  The result depends only on the set of nodes
and links, never on the order of ingestion, which is what makes incremental and batch ingest agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def cluster(nodes: Iterable[str], links: Iterable[tuple[str, str, float]], threshold: float,
            can_join: Callable[[list[str], list[str]], bool]) -> list[list[str]]:
    parent: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for n in sorted(set(nodes)):
        parent[n] = n
        members[n] = [n]

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, s in sorted(links, key=lambda l: (-l[2], l[0], l[1])):
        if s < threshold or a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra == rb or not can_join(members[ra], members[rb]):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        members[keep] = sorted(members[keep] + members.pop(gone))
    return sorted(members.values())


def component(start: Iterable[str], neighbours: Callable[[str], Iterable[str]]) -> set[str]:
    """Every node reachable from ``start`` through ``neighbours``."""
    seen = set(start)
    todo = list(seen)
    while todo:
        for m in neighbours(todo.pop()):
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return seen
