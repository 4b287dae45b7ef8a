"""Several workers, one crawl, through a real Redis server started by each test."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from newscrawl.dedupe.signatures import signature
from newscrawl.distributed.keys import RedisKeys
from newscrawl.distributed.roster import WorkerRoster, workers_at_work
from newscrawl.state import PageRecord
from newscrawl.state.redis import RedisState

from . import chain_site
from .helpers import REPO, StaticSite, cron_cmd, new_part_lines, read_jsonl, run_crawl, wait_for
from .hostile_site import HostileSite, article, static
from .redis_server import RedisServer, needs_redis

pytestmark = [pytest.mark.crawl, needs_redis]
WORKER_TIMEOUT = 300


def worker_cmd(tmp_path: Path, redis: RedisServer, worker: str, *args: str) -> list[str]:
    """A cron worker with its own output, logs and lock under ``tmp_path / worker``."""
    return cron_cmd(tmp_path / worker, *args, "-s", f"NEWSCRAWL_REDIS_URL={redis.url}",
                    "-s", f"NEWSCRAWL_WORKER_ID={worker}", "-s", "NEWSCRAWL_REDIS_IDLE_TIMEOUT=1")


_started: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def no_worker_outlives_its_test():
    yield
    while _started:
        proc = _started.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=60)


def start_worker(tmp_path, redis, worker, *args) -> subprocess.Popen:
    proc = subprocess.Popen(worker_cmd(tmp_path, redis, worker, *args), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _started.append(proc)
    return proc


def written(tmp_path: Path, *workers: str) -> dict[str, list[dict]]:
    return {w: read_jsonl((tmp_path / w / "output").glob("articles-*.jsonl")) for w in workers}


def test_an_unreachable_redis_is_one_line_and_exit_1(tmp_path):
    from .redis_server import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"
    cron = subprocess.run(cron_cmd(tmp_path, "-a", "url=http://127.0.0.1:9/a.html", "-s", f"NEWSCRAWL_REDIS_URL={url}"),
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert cron.returncode == 1
    assert cron.stderr.strip().splitlines()[-1].startswith(f"newscrawl: FAILED: cannot reach Redis at {url}")
    crawl = run_crawl(tmp_path, "-a", "url=http://127.0.0.1:9/a.html", "-s", f"NEWSCRAWL_REDIS_URL={url}")
    assert crawl.returncode == 1 and f"cannot reach Redis at {url}" in crawl.stderr
    assert "Traceback" not in cron.stderr + crawl.stderr


def test_two_workers_write_every_article_of_the_sample_site_once(tmp_path, sample_server):
    site = sample_server.site
    start = ("-a", "url=" + ",".join(site.start_urls), "-s", "DOWNLOAD_DELAY=0.05")
    with RedisServer(tmp_path / "redis") as redis:
        workers = [start_worker(tmp_path, redis, w, *start) for w in ("w1", "w2")]
        results = [w.communicate(timeout=WORKER_TIMEOUT) for w in workers]
        status = subprocess.run(worker_cmd(tmp_path, redis, "w1", "--status"), cwd=REPO, capture_output=True,
                                text=True, timeout=60)
    assert [w.returncode for w in workers] == [0, 0], [r[1] for r in results]
    files = written(tmp_path, "w1", "w2")
    assert all(files.values()), {w: len(items) for w, items in files.items()}  # both did work
    urls = [item["url"] for items in files.values() for item in items]
    assert len(urls) == len(set(urls)) == 44  # the sample site's 64 articles less its 20 mirror copies
    assert all(p.name.endswith(f"-{w}.jsonl") for w in ("w1", "w2") for p in (tmp_path / w / "output").glob("articles-*"))
    assert "articles known: 44" in status.stdout


def test_two_workers_claiming_copies_of_one_story_at_once_write_it_once(tmp_path):
    body = " ".join(f"word{i % 97} token{i % 89} item{i}" for i in range(400))
    with RedisServer(tmp_path / "redis") as redis:
        states = [RedisState(redis.client(), "t:") for _ in range(4)]
        outcomes: list = []
        barrier = threading.Barrier(len(states))

        def claim(n: int) -> None:
            # Each worker has its own mirror copy: another URL, one word changed (a near copy).
            copy = body.replace("word5 ", f"mirror{n} ", 1)
            page = PageRecord(f"http://mirror{n}.test/story.html", (f"mirror{n}.test/story.html",), {})
            sig = signature(copy)
            barrier.wait()
            outcomes.append(states[n].claim(page, sig, f"run-{n}", None, 0.5))

        threads = [threading.Thread(target=claim, args=(n,)) for n in range(len(states))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert sum(outcome is None for outcome in outcomes) == 1, outcomes  # one claimed it
    assert {outcome.reason for outcome in outcomes if outcome is not None} == {"near"}


def test_a_worker_killed_with_kill_9_and_restarted_loses_nothing(tmp_path):
    articles = 90
    with StaticSite(chain_site.routes(articles)) as site, RedisServer(tmp_path / "redis") as redis:
        start = ("-a", f"url={site.origin}{chain_site.page_path(0)}", "-a", "depth=200",
                 "-s", "DOWNLOAD_DELAY=0.02", "-s", "NEWSCRAWL_REDIS_LEASE=2", "-s", "NEWSCRAWL_SYNC_EVERY=3")
        # The chain has one request queued at a time, and the worker that pushes it usually takes
        # it too: w2 starts once w1 has written, so that w1 surely holds work when it is killed.
        victim = start_worker(tmp_path, redis, "w1", *start)
        assert wait_for(new_part_lines(tmp_path / "w1" / "output", set()), victim, what="w1 to write") >= 1
        other = start_worker(tmp_path, redis, "w2", *start)
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=60)
        again = start_worker(tmp_path, redis, "w1", *start)
        results = [p.communicate(timeout=WORKER_TIMEOUT) for p in (other, again)]
    assert [other.returncode, again.returncode] == [0, 0], [r[1] for r in results]
    assert not list((tmp_path / "w1" / "output").glob("*.part")), "the restarted worker finished its left-over file"
    headlines = [item["headline"] for items in written(tmp_path, "w1", "w2").values() for item in items]
    assert len(headlines) == len(set(headlines)), "a story written twice"
    assert set(headlines) == {chain_site.headline(i) for i in range(articles)}


def test_max_articles_counts_across_workers(tmp_path, sample_server):
    site = sample_server.site
    start = ("-a", "url=" + ",".join(site.start_urls), "-a", "max_articles=10", "-s", "DOWNLOAD_DELAY=0.05")
    with RedisServer(tmp_path / "redis") as redis:
        workers = [start_worker(tmp_path, redis, w, *start) for w in ("w1", "w2")]
        results = [w.communicate(timeout=WORKER_TIMEOUT) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [r[1] for r in results]
    urls = [item["url"] for items in written(tmp_path, "w1", "w2").values() for item in items]
    assert len(urls) == len(set(urls)) == 10


class Meter:
    """Requests a server is answering at once, and the most it ever did."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def slow(self, body: bytes, seconds: float):
        answer = static(body)

        def respond(handler) -> None:
            with self.lock:
                self.now += 1
                self.most = max(self.most, self.now)
            try:
                threading.Event().wait(seconds)  # the server's own latency, not the test waiting
                answer(handler)
            finally:
                with self.lock:
                    self.now -= 1
        return respond


def test_two_workers_keep_to_one_per_host_limit_together(tmp_path):
    meter = Meter()
    pages = [(f"/p{i}.html", f"Page {i}") for i in range(12)]
    routes = {path: meter.slow(article(), 0.4) for path, _ in pages}
    routes["/start.html"] = static(article(related=pages))
    with HostileSite(routes) as site, RedisServer(tmp_path / "redis") as redis:
        # Each worker takes at most two requests at a time (so both get some), and may send two
        # to the host at once: four together, were the limit per worker.
        start = ("-a", f"url={site.origin}/start.html", "-a", "depth=1", "-s", "CONCURRENT_REQUESTS=2",
                 "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "NEWSCRAWL_RENDER=never")
        workers = [start_worker(tmp_path, redis, w, *start) for w in ("w1", "w2")]
        results = [w.communicate(timeout=WORKER_TIMEOUT) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [r[1] for r in results]
    files = written(tmp_path, "w1", "w2")
    assert sum(len(items) for items in files.values()) == 13
    assert all(files.values()), "both workers fetched pages"
    assert meter.most == 2, f"the host saw {meter.most} requests at once; the limit is 2 for the whole crawl"


def test_a_worker_that_loses_redis_stops_cleanly_and_the_next_run_goes_on(tmp_path):
    articles = 90
    with StaticSite(chain_site.routes(articles)) as site:
        redis = RedisServer(tmp_path / "redis", persist=True).start()
        try:
            start = ("-a", f"url={site.origin}{chain_site.page_path(0)}", "-a", "depth=200", "-s", "DOWNLOAD_DELAY=0.05")
            worker = start_worker(tmp_path, redis, "w1", *start)
            assert wait_for(new_part_lines(tmp_path / "w1" / "output", set()), worker, what="w1 to write") >= 1
            redis.stop()
            _, stderr = worker.communicate(timeout=WORKER_TIMEOUT)
            assert worker.returncode == 1
            assert re.search(r"FAILED \((Redis was lost|the crawl state could not be written)", stderr), stderr
            assert not list((tmp_path / "w1" / "output").glob("*.part")), "the output file is complete"
            redis.start()  # the same port and data
            again = subprocess.run(worker_cmd(tmp_path, redis, "w1", *start), cwd=REPO, capture_output=True,
                                   text=True, timeout=WORKER_TIMEOUT)
        finally:
            redis.stop()
    assert again.returncode == 0, again.stderr
    headlines = [item["headline"] for item in written(tmp_path, "w1")["w1"]]
    assert len(headlines) == len(set(headlines)), "a story written twice"
    assert set(headlines) == {chain_site.headline(i) for i in range(articles)}


def test_claims_a_killed_worker_never_wrote_are_released_when_it_starts_again(tmp_path):
    from newscrawl.config import NewscrawlConfig
    from newscrawl.runguard import recover_output
    from scrapy.settings import Settings

    run = "20261201T000000000000Z-w1"
    bodies = [" ".join(f"story{n} word{i}" for i in range(200)) for n in range(3)]
    pages = [PageRecord(f"http://site.test/{n}.html", (f"site.test/{n}.html",), {}) for n in range(3)]
    output = tmp_path / "output"
    output.mkdir()
    # Two of the three claimed articles reached the file before the kill; the third did not.
    (output / f"articles-{run}.jsonl.part").write_text(
        "".join(f'{{"url": "{p.url}", "articleBody": "{b}"}}\n' for p, b in zip(pages[:2], bodies[:2])))
    with RedisServer(tmp_path / "redis") as redis:
        state = RedisState(redis.client(), "newscrawl:")
        for page, body in zip(pages, bodies):
            assert state.claim(page, signature(body), run, None, 0.5) is None
        config = NewscrawlConfig.from_settings(Settings({"NEWSCRAWL_REDIS_URL": redis.url, "NEWSCRAWL_WORKER_ID": "w1",
                                                         "NEWSCRAWL_OUTPUT_DIR": str(output)}))
        assert recover_output(config) == 2
        assert state.match_url(pages[0].keys) is not None and state.match_url(pages[1].keys) is not None
        assert state.match_url(pages[2].keys) is None, "claimed, never written: released"
        assert state.match_content(signature(bodies[2]), 0.5) is None
        assert state.unsettled_runs("-w1") == []
    assert (output / f"articles-{run}.jsonl").exists()


def test_workers_started_at_the_same_moment_begin_one_round(tmp_path):
    """The first worker to start when none is at work begins a round (clears the round's
    dupefilter and written count); the others join it, even when all start at once."""
    keys = RedisKeys("t:")
    with RedisServer(tmp_path / "redis") as redis:
        client = redis.client()
        client.hset(keys.dupefilter, "left from the last round", 0)
        rosters = [WorkerRoster(redis.client(), keys, f"w{n}") for n in range(4)]
        began: list[bool] = []
        barrier = threading.Barrier(len(rosters))

        def join(roster: WorkerRoster) -> None:
            barrier.wait()
            began.append(roster.join())
            if not began[-1]:
                client.hset(keys.dupefilter, f"requested by {roster.worker}", 1)

        threads = [threading.Thread(target=join, args=(r,)) for r in rosters]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted(began) == [False, False, False, True]
        assert not client.hexists(keys.dupefilter, "left from the last round")
        assert client.hlen(keys.dupefilter) == 3  # what the joiners requested was kept
        assert sorted(workers_at_work(client, keys)) == ["w0", "w1", "w2", "w3"]
        for roster in rosters:
            roster.leave()
        assert workers_at_work(client, keys) == []
        assert WorkerRoster(client, keys, "w5").join() is True  # nobody at work: a new round
        assert client.hlen(keys.dupefilter) == 0
