"""Pending-frontier reads and writes per second as the frontier grows, and ``--status`` time.

    .venv/bin/python -m benchmarks.frontier_growth [--sizes 1000,1000000] [--ops 10000]

Fills a real SQLite state file with pending links (spread over depths and 50
hosts, as a crawl leaves them), and at each size times what a run does with
the frontier:

* writes: recording ``--ops`` newly admitted links and deciding as many pending
  ones, committed every 20 changes (a run commits every ``NEWSCRAWL_SYNC_EVERY``
  articles, each link and decision one change). As in a crawl, half the decided
  links are ones this run admitted a moment before, half come from the front of
  the seeding order (shallowest first); the decided keys are looked up by hash
  either way, at random places in that index;
* reads: paging pending links out for seeding, 500 at a time, as many at every
  size (the admission checks of a link read other tables: known pages, failures);
* ``python -m newscrawl.cron --status`` on the file, as a user runs it.

Changes are undone after each round so the size stays put; each figure is
the median of five rounds, and the ratio is against the smallest size in the
same run, which is what must stay flat.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawl.state import PendingLink, SqliteState

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 5
HOSTS = [f"news{i}.example" for i in range(50)]


def pending(n: int) -> PendingLink:
    host = HOSTS[n % len(HOSTS)]
    return PendingLink(f"https://{host}/html/{n:08d}.html", "related",
                       f"https://{host}/html/{n // 7:08d}.html", 1 + n % 9)


def fill(state: SqliteState, start: int, stop: int) -> None:
    for n in range(start, stop):
        state.add_pending(pending(n))
        if n % 50_000 == 0:
            state.commit()
    state.commit()


def time_writes(state: SqliteState, rng: random.Random, size: int, ops: int) -> float:
    """Writes per second. Each change is committed as a run commits it (a real fsync
    every 20 changes); afterwards the round's changes are undone, untimed, so every
    round starts from the same frontier."""
    fresh = [pending(10**9 + rng.randrange(10**8)) for _ in range(ops)]
    seeded_links = state.pending_batch(99, None, ops // 2)
    seeded = [link.key for link in seeded_links]
    # Decided in turn: a link admitted earlier this round, then the next seeded one.
    decided = [fresh[i // 2].key if i % 2 == 0 or i // 2 >= len(seeded) else seeded[i // 2] for i in range(ops)]
    started = time.perf_counter()
    for i in range(ops):
        state.add_pending(fresh[i])
        state.decide(decided[i])
        if i % 10 == 9:
            state.commit()  # 20 changes
    state.commit()
    elapsed = time.perf_counter() - started
    for link in fresh:  # undo the round, untimed
        state.decide(link.key)
    for link in seeded_links:
        state.add_pending(link)
    state.commit()
    return 2 * ops / elapsed


def time_reads(state: SqliteState, count: int) -> float:
    """Pending links read per second as a run seeds them: ``count`` links, 500 at a time."""
    started = time.perf_counter()
    after, read = None, 0
    while read < count:
        batch = state.pending_batch(99, after, min(500, count - read))
        after = batch[-1]
        read += len(batch)
    return read / (time.perf_counter() - started)


def status_seconds(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newscrawl.cron", "--status", "-s", f"NEWSCRAWL_STATE_PATH={path}"],
                   cwd=REPO, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started


def measure(sizes: list[int], ops: int) -> list[dict]:
    """One row per size: writes and reads per second, ``--status`` seconds, ratios to the first size."""
    sizes = sorted(sizes)
    rng = random.Random(11)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.sqlite3"
        filled = 0
        for size in sizes:
            with SqliteState(path, frontier_max=10 * sizes[-1]) as state:
                fill(state, filled, size)
            filled = size
            writes, reads = [], []
            with SqliteState(path, frontier_max=10 * sizes[-1]) as state:
                for _ in range(ROUNDS):
                    # The same number of links at every size: the smallest frontier's whole.
                    reads.append(time_reads(state, min(ops, sizes[0])))
                    writes.append(time_writes(state, rng, size, ops))
                assert state.pending_count() == size
            rows.append({"pending": size, "writes_per_s": statistics.median(writes),
                         "reads_per_s": statistics.median(reads),
                         "status_s": statistics.median(status_seconds(path) for _ in range(3))})
    for row in rows:
        row["writes_ratio"] = rows[0]["writes_per_s"] / row["writes_per_s"]
        row["reads_ratio"] = rows[0]["reads_per_s"] / row["reads_per_s"]
    return rows


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,1000000")
    parser.add_argument("--ops", type=int, default=10_000)
    args = parser.parse_args(argv)
    rows = measure([int(s) for s in args.sizes.split(",")], args.ops)
    print("| pending links | writes/s | reads/s | `--status` s | writes ratio | reads ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['pending']:,} | {row['writes_per_s']:,.0f} | {row['reads_per_s']:,.0f} | "
              f"{row['status_s']:.2f} | {row['writes_ratio']:.2f} | {row['reads_ratio']:.2f} |")
    return rows


if __name__ == "__main__":
    main()
