"""A crawl shared through Redis: 1 worker against 2 on the same slow site, Redis commands
per page, and the Redis store's cost per item beside SQLite's.

The server waits a fixed time before each page (:mod:`benchmarks.delay_server`), over three
hosts on distinct loopback addresses, each allowed more requests at once than one worker
makes, so what stops one worker is waiting on the network, not the per-host limit (which the
workers share) nor the processor (the workers' CPU time is measured to show it). The crawl's time runs from the first worker's start until the shared queue is
empty with no request held, watched in Redis every 50 ms (a worker's own exit comes up to
a heartbeat later).
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PREFIX = "bench:"


class RedisServer:
    def __init__(self) -> None:
        if shutil.which("redis-server") is None:
            raise RuntimeError("no redis-server (apt-get install redis-server)")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp = tempfile.TemporaryDirectory()

    def __enter__(self) -> "RedisServer":
        import redis

        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir",
                                      self.tmp.name, "--save", "", "--appendonly", "no"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.client = redis.Redis(port=self.port)
        for _ in range(400):
            try:
                self.client.ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.tmp.cleanup()


def _crawl_done(client, seen_work: list[bool]) -> bool:
    key = PREFIX + "requests"
    if not client.exists(key):
        return False
    groups = client.xinfo_groups(key)
    if not groups:
        return False
    group = groups[0]
    if int(group.get("entries-read") or 0) > 0:
        seen_work[0] = True
    return seen_work[0] and int(group.get("lag") or 0) == 0 and int(group.get("pending") or 0) == 0


def crawl(site, redis: RedisServer, workers: int, common: list[str]) -> dict:
    """``workers`` cron workers sharing one crawl of ``site``: pages, seconds, Redis commands per
    page, and the share of one core each worker used while the crawl ran."""
    redis.client.flushall()
    redis.client.config_resetstat()
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        cpu_before = _children_cpu()
        started = time.monotonic()
        for n in range(workers):
            home = Path(tmp) / f"w{n}"
            cmd = [sys.executable, "-m", "newscrawl.cron", "-a", "url=" + ",".join(site.start_urls), "-a", "depth=10000",
                   "-s", f"NEWSCRAWL_REDIS_URL={redis.url}", "-s", f"NEWSCRAWL_REDIS_PREFIX={PREFIX}",
                   "-s", f"NEWSCRAWL_WORKER_ID=w{n}", "-s", "NEWSCRAWL_REDIS_IDLE_TIMEOUT=1",
                   "-s", f"NEWSCRAWL_STATE_PATH={home / 'state.sqlite3'}", "-s", f"NEWSCRAWL_OUTPUT_DIR={home / 'out'}",
                   "-s", f"NEWSCRAWL_LOGS_DIR={home / 'logs'}", "-s", f"NEWSCRAWL_STATS_FILE={home / 'stats.json'}",
                   *common]
            procs.append(subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        seen_work = [False]
        while not _crawl_done(redis.client, seen_work):
            if all(p.poll() is not None for p in procs):
                break
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        calls = sum(int(v["calls"]) for k, v in redis.client.info("commandstats").items())
        for proc in procs:
            if proc.wait(timeout=300) != 0:
                raise RuntimeError(f"a worker failed (exit {proc.returncode}); see {tmp}")
        cpu = _children_cpu() - cpu_before
        pages = written = 0
        for n in range(workers):
            stats = json.loads((Path(tmp) / f"w{n}" / "stats.json").read_text())
            pages += stats.get("response_received_count", 0) - stats.get("robotstxt/response_count", 0)
            written += stats.get("newscrawl/written", 0)
    return {"pages": pages, "written": written, "elapsed": elapsed, "pages_per_s": pages / elapsed,
            "calls_per_page": calls / max(pages, 1), "core_share": cpu / elapsed / workers}


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the workers, once waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def store_cost(items: int = 2000) -> tuple[float, float]:
    """Milliseconds per item of the dedupe's store work (``claim``: URL match, content match,
    record), SQLite (committed every 100, as a run does) against Redis (one atomic script)."""
    from newscrawl.dedupe.signatures import signature
    from newscrawl.state import PageRecord, SqliteState
    from newscrawl.state.redis import RedisState

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(5000)]
    docs = [(PageRecord(f"http://h{i % 7}.test/{i}.html", (f"h{i % 7}.test/{i}.html",), {"related": []}),
             signature(" ".join(rng.choice(vocab) for _ in range(300)))) for i in range(items)]
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = SqliteState(Path(tmp) / "s.sqlite3")
        began = time.perf_counter()
        for n, (page, sig) in enumerate(docs):
            sqlite.claim(page, sig, "run", None, 0.5)
            if n % 100 == 99:
                sqlite.commit()
        sqlite.commit()
        sqlite_ms = (time.perf_counter() - began) * 1000 / items
        sqlite.close()
    with RedisServer() as redis:
        state = RedisState(redis.client, PREFIX)
        began = time.perf_counter()
        for page, sig in docs:
            state.claim(page, sig, "run", None, 0.5)
        redis_ms = (time.perf_counter() - began) * 1000 / items
    return sqlite_ms, redis_ms
