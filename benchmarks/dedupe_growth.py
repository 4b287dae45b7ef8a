"""Dedupe cost per item as the stored signatures grow.

    .venv/bin/python -m benchmarks.dedupe_growth [--sizes 1000,10000,100000] [--probes 300]

Fills a real SQLite state file with synthetic article bodies, and at each size
times what the pipeline does per item (signature, URL lookup, exact and LSH
lookup, insert), on fresh probe bodies, a tenth of them near copies of stored
ones (20 words cut out of 400: a Jaccard similarity near 0.9), timed apart from
the lookups that find nothing. Probes are rolled back so the size stays put. Each size has its own
state file, filled first; then every round probes each size in turn, the order rotating, so a
slow minute of the machine falls on all sizes alike. Each figure is the median of five rounds;
the ratio is against the smallest size in the same run, which is what must stay flat.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from newscrawl.dedupe.signatures import signature
from newscrawl.state import PageRecord, SqliteState

VOCABULARY = [f"w{i}" for i in range(20000)]
ROUNDS = 5


def body(rng: random.Random, words: int = 400) -> str:
    return " ".join(rng.choices(VOCABULARY, k=words))


def near_copy(rng: random.Random, text: str) -> str:
    words = text.split()
    start = rng.randrange(len(words) // 2)
    del words[start:start + 20]
    return " ".join(words)


def fill(store: SqliteState, rng: random.Random, start: int, stop: int, bodies: list[str]) -> None:
    for i in range(start, stop):
        text = body(rng)
        if len(bodies) < 1000:
            bodies.append(text)
        store.add_article(PageRecord(f"http://bench.example/{i}", (f"bench.example/{i}",)), signature(text), "fill", None)
        if i % 5000 == 0:
            store.commit()
    store.commit()


def probe(store: SqliteState, rng: random.Random, bodies: list[str], count: int) -> tuple[float, float, float, int]:
    """One round of ``count`` probes: milliseconds per item (all probes, those that find a near
    copy, those that find nothing), and how many near copies were matched as such."""
    texts = [(near_copy(rng, rng.choice(bodies)), True) if i % 10 == 0 else (body(rng), False) for i in range(count)]
    times, near = {True: 0.0, False: 0.0}, 0
    for i, (text, is_copy) in enumerate(texts):
        started = time.perf_counter()
        sig = signature(text)
        key = f"probe.example/{i}"
        match = store.match_url([key]) or store.match_content(sig, 0.5)
        if match is None:
            store.add_article(PageRecord(f"http://{key}", (key,)), sig, "probe", None)
        else:
            near += match.reason == "near"
        times[is_copy] += time.perf_counter() - started
    store.rollback()
    copies = sum(1 for _, is_copy in texts if is_copy)
    return ((times[True] + times[False]) * 1000 / count, times[True] * 1000 / max(copies, 1),
            times[False] * 1000 / max(count - copies, 1), near)


def measure(sizes: list[int], probes: int) -> list[dict]:
    """One row per size: ms per item, near copies matched, ratio to the first size."""
    sizes = sorted(sizes)
    rng = random.Random(42)
    rounds: dict[int, list[tuple]] = {size: [] for size in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        stores, bodies = {}, {}
        for size in sizes:
            stores[size], bodies[size] = SqliteState(Path(tmp) / f"state-{size}.sqlite3"), []
            fill(stores[size], rng, 0, size, bodies[size])
        for r in range(ROUNDS):
            for k in range(len(sizes)):
                size = sizes[(r + k) % len(sizes)]
                rounds[size].append(probe(stores[size], rng, bodies[size], probes))
        for store in stores.values():
            store.close()
    rows = []
    for size in sizes:
        ms, near_ms, new_ms, near = zip(*rounds[size])
        rows.append({"stored": size, "ms_per_item": statistics.median(ms), "ms_near_match": statistics.median(near_ms),
                     "ms_no_match": statistics.median(new_ms), "near_matched": sum(near)})
    for row in rows:
        row["ratio"] = row["ms_per_item"] / rows[0]["ms_per_item"]
    return rows


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--probes", type=int, default=300)
    args = parser.parse_args(argv)
    rows = measure([int(s) for s in args.sizes.split(",")], args.probes)
    print("| stored signatures | ms per item (median of 5) | finding a near copy | finding nothing | ratio to first |")
    print("|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['stored']:,} | {row['ms_per_item']:.3f} | {row['ms_near_match']:.3f} | {row['ms_no_match']:.3f} "
              f"| {row['ratio']:.2f} |")
    return rows


if __name__ == "__main__":
    main()
