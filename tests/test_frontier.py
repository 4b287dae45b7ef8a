"""The frontier in the crawl state: killed, capped and stopped runs are continued by the next.

Real ``python -m newscrawl.cron`` and ``scrapy crawl`` runs in subprocesses against a
site of 90 articles chained 90 links deep (``tests/chain_site.py``) on loopback.
Every wait is for progress (lines in the run's ``.part`` file, a log line), never a
fixed time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from . import chain_site
from .helpers import REPO, StaticSite, cron_cmd, new_part_lines, outputs, read_jsonl, run_cron, wait_for

pytestmark = pytest.mark.crawl
ARTICLES = 90


def chain_args(site, *extra: str) -> tuple[str, ...]:
    # The default scheduler walks the chain depth first; the delay makes a run last long
    # enough to be interrupted at each progress point.
    return ("-a", f"url={site.origin}{chain_site.page_path(0)}", "-a", "depth=200",
            "-s", "DOWNLOAD_DELAY=0.02", "-s", "NEWSCRAWL_SYNC_EVERY=3", *extra)


def headlines(tmp_path: Path) -> Counter:
    return Counter(item["headline"] for item in read_jsonl(outputs(tmp_path)))


def assert_every_article_once(tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert not list(output.glob("*.part")), "a .part file was left"
    for path in outputs(tmp_path):
        for line in path.read_bytes().splitlines(keepends=True):
            assert line.endswith(b"\n") and json.loads(line), f"torn line in {path.name}"
    counts = headlines(tmp_path)
    assert max(counts.values()) == 1, f"written twice: {[h for h, n in counts.items() if n > 1]}"
    missing = {chain_site.headline(i) for i in range(ARTICLES)} - set(counts)
    assert not missing, f"{len(missing)} articles never written, e.g. {sorted(missing)[:3]}"


def finish_with_clean_runs(tmp_path: Path, args: tuple[str, ...], most: int = 4) -> list[subprocess.CompletedProcess]:
    """Clean runs until one writes nothing new."""
    runs = []
    for _ in range(most):
        runs.append(run_cron(tmp_path, *args))
        assert runs[-1].returncode == 0, runs[-1].stderr
        if " 0 new" in runs[-1].stderr:
            return runs
    raise AssertionError(f"still writing new articles after {most} clean runs: {runs[-1].stderr}")


def start_cron(tmp_path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(cron_cmd(tmp_path, *args), cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def parts(tmp_path: Path) -> set[str]:
    return {p.name for p in (tmp_path / "output").glob("*.part")}


def test_kill_9_at_progress_points_then_clean_runs_write_every_article_once(tmp_path):
    kills = 0
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        args = chain_args(site)
        for lines in (3, 9, 5, 12, 7, 4):
            before = parts(tmp_path)
            proc = start_cron(tmp_path, *args)
            wait_for(lambda: new_part_lines(tmp_path / "output", before)() >= lines, proc, what=f"{lines} lines")
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.communicate(timeout=60)
        assert kills >= 5
        runs = finish_with_clean_runs(tmp_path, args)
    assert_every_article_once(tmp_path)
    final = json.loads((tmp_path / "stats.json").read_text())
    assert final["newscrawl/frontier/pending"] == 0
    assert "0 links pending" in runs[-1].stderr


def test_capped_runs_continue_where_the_last_stopped(tmp_path):
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        args = chain_args(site, "-a", "max_articles=15")
        written = []
        for _ in range(ARTICLES // 15 + 3):
            run = run_cron(tmp_path, *args)
            assert run.returncode == 0, run.stderr  # the limit is a normal finish
            stats = json.loads((tmp_path / "stats.json").read_text())
            written.append(stats.get("newscrawl/state/new", 0))
            assert written[-1] <= 15
            if written[-1] == 0:
                break
            assert stats["finish_reason"] in ("closespider_itemcount", "finished")
            assert f"{stats['newscrawl/frontier/pending']} links pending" in run.stderr
    assert written[-1] == 0 and sum(written) == ARTICLES
    assert len(written) <= ARTICLES // 15 + 2
    assert_every_article_once(tmp_path)


def test_a_page_limit_is_a_normal_finish_and_the_next_run_continues(tmp_path):
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        run = run_cron(tmp_path, *chain_args(site, "-s", "CLOSESPIDER_PAGECOUNT=20"))
        assert run.returncode == 0, run.stderr
        stats = json.loads((tmp_path / "stats.json").read_text())
        assert stats["finish_reason"] == "closespider_pagecount" and stats["newscrawl/frontier/pending"] >= 1
        finish_with_clean_runs(tmp_path, chain_args(site))
    assert_every_article_once(tmp_path)


def test_sigterm_during_the_crawl_finishes_the_file_and_the_next_run_continues(tmp_path):
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        args = chain_args(site)
        proc = start_cron(tmp_path, *args)
        wait_for(lambda: new_part_lines(tmp_path / "output", set())() >= 10, proc, what="10 lines")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 1 and "FAILED (finish reason shutdown)" in err
        assert not parts(tmp_path) and len(outputs(tmp_path)) == 1
        assert 10 <= sum(headlines(tmp_path).values()) < ARTICLES
        finish_with_clean_runs(tmp_path, args)
    assert_every_article_once(tmp_path)


def test_two_sigterms_stop_at_once_and_the_next_run_recovers(tmp_path):
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        args = chain_args(site, "-s", "DOWNLOAD_DELAY=0.5")
        proc = start_cron(tmp_path, *args)
        wait_for(lambda: new_part_lines(tmp_path / "output", set())() >= 3, proc, what="3 lines")
        proc.send_signal(signal.SIGTERM)
        log = lambda: next((tmp_path / "logs").glob("run-*.log")).read_text()  # noqa: E731
        wait_for(lambda: "shutting down gracefully" in log(), proc, what="the graceful-shutdown log line")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode != 0
        assert "forcing unclean shutdown" in log()
        finish_with_clean_runs(tmp_path, chain_args(site))
    assert_every_article_once(tmp_path)


def test_sigterm_before_the_crawl_started_is_a_clear_failure(tmp_path):
    fifo = tmp_path / "urls.fifo"
    os.mkfifo(fifo)
    proc = start_cron(tmp_path, "-a", f"urls_file={fifo}")
    # Opening the FIFO for writing returns once the run has opened it for reading:
    # the run is past its signal set-up and has not started the crawl.
    with fifo.open("w") as writer:
        proc.send_signal(signal.SIGTERM)
        writer.write("http://127.0.0.1:9/html/never.html\n")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.count("\n") == 1 and "stopped before the crawl started, SIGTERM" in err and "Traceback" not in err
    assert not (tmp_path / "output").exists()


def test_a_link_that_fails_three_runs_running_is_given_up(tmp_path):
    failing = "/html/flaky0001.html"
    with StaticSite(chain_site.routes(12, fail=(failing,))) as site:
        args = chain_args(site, "-s", "RETRY_TIMES=0")
        for attempt in (1, 2, 3):
            run = run_cron(tmp_path, *args)
            assert run.returncode == 0, run.stderr
            assert site.requests.count(failing) == attempt
        assert "1 given up" in run.stderr
        fourth = run_cron(tmp_path, *args)
        assert fourth.returncode == 0 and site.requests.count(failing) == 3, "a link given up was fetched again"
    status = subprocess.run([sys.executable, "-m", "newscrawl.cron", "--status", "-s",
                             f"NEWSCRAWL_STATE_PATH={tmp_path / 'state' / 'state.sqlite3'}"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "links failed for good: 1" in status.stdout and "HTTP 503: 1" in status.stdout


def test_the_frontier_cap_drops_links_and_counts_them(tmp_path):
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        run = run_cron(tmp_path, *chain_args(site, "-a", "max_articles=5", "-s", "NEWSCRAWL_FRONTIER_MAX=2"))
    assert run.returncode == 0, run.stderr
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["newscrawl/frontier/dropped_over_cap"] >= 1
    assert stats["newscrawl/frontier/pending"] <= 2


def test_known_deep_pages_are_followed_from_their_stored_lists(tmp_path):
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        # A first crawl that stops at depth 30 (the Ranking list puts article 2 at depth 1) ...
        first = run_cron(tmp_path, *chain_args(site, "-a", "depth=30"))
        assert first.returncode == 0, first.stderr
        assert sum(headlines(tmp_path).values()) == 32
        site.requests.clear()
        # ... then a deeper one: the 31 known pages are not fetched again beyond the
        # refresh depth, yet what lies behind them is reached.
        second = run_cron(tmp_path, *chain_args(site))
        assert second.returncode == 0, second.stderr
        fetched = Counter(site.requests)
    assert_every_article_once(tmp_path)
    assert all(fetched[chain_site.page_path(i)] == 0 for i in range(3, 32))
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["newscrawl/state/expanded"] >= 29


def test_jobdir_pause_and_resume_write_each_story_once(sample_server, tmp_path):
    sample_server.rebuild()
    jobdir = tmp_path / "job"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "article", "-a", "url=" + ",".join(sample_server.site.start_urls),
           "-s", f"JOBDIR={jobdir}", "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'output'}",
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS=1"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: new_part_lines(tmp_path / "output", set())() >= 5, proc, what="5 lines")
    proc.send_signal(signal.SIGTERM)  # Scrapy's pause: finish what is in flight, keep the job
    proc.wait(timeout=60)
    paused = read_jsonl(outputs(tmp_path))
    assert 5 <= len(paused) < 44
    resumed = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=180)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    story_of = {a.url: a.story.key for a in sample_server.site.articles}
    counts = Counter(story_of[item["url"]] for item in read_jsonl(outputs(tmp_path)))
    assert max(counts.values()) == 1 and len(counts) == 44
    dropped = Counter(row["url"] for row in read_jsonl((tmp_path / "output").glob("duplicates-*.jsonl")))
    assert len(dropped) == 20 and max(dropped.values()) == 1


def test_a_link_with_a_bad_port_is_counted_and_the_page_other_links_are_followed(tmp_path):
    routes = chain_site.routes(12)
    status, kind, body = routes[chain_site.page_path(0)]
    marker = b'<h2 class="htitle">Recommendation</h2><ul>'
    assert marker in body
    bad = b'<li><a href="http://127.0.0.1:99999/html/x.html">Bad port</a></li><li><a href="http://[::1/html/y.html">Bad host</a></li>'
    routes[chain_site.page_path(0)] = (status, kind, body.replace(marker, marker + bad))
    with StaticSite(routes) as site:
        run = run_cron(tmp_path, *chain_args(site))
    assert run.returncode == 0, run.stderr
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["newscrawl/links/invalid"] == 2
    assert "spider_exceptions/ValueError" not in stats
    assert sum(headlines(tmp_path).values()) == 12


def test_a_link_that_redirects_is_decided_with_the_page_it_leads_to(tmp_path):
    routes = chain_site.routes(12)
    status, kind, body = routes[chain_site.page_path(0)]
    marker = b'<h2 class="htitle">Recommendation</h2><ul>'
    routes[chain_site.page_path(0)] = (status, kind, body.replace(marker, marker + b'<li><a href="/go/11">Moved</a></li>'))
    routes["/go/11"] = (301, "text/html", chain_site.page_path(11).encode())
    with StaticSite(routes) as site:
        run = run_cron(tmp_path, *chain_args(site))
        assert "/go/11" in site.requests
    assert run.returncode == 0, run.stderr
    # Nothing left pending: the redirected link is not fetched again by every later run.
    assert json.loads((tmp_path / "stats.json").read_text())["newscrawl/frontier/pending"] == 0
    assert sum(headlines(tmp_path).values()) == 12


def test_links_held_back_from_a_full_queue_are_fed_back_from_the_state(tmp_path):
    # A queue of one request: nearly every followed link waits in the state, on disk, and is
    # fed back when the queue runs dry; a run killed meanwhile leaves them pending for the next.
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        args = chain_args(site, "-s", "NEWSCRAWL_QUEUE_MAX=1")
        before = parts(tmp_path)
        proc = start_cron(tmp_path, *args)
        wait_for(lambda: new_part_lines(tmp_path / "output", before)() >= 10, proc, what="10 lines")
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        first = finish_with_clean_runs(tmp_path, args)[0]
        stats = json.loads((tmp_path / "stats.json").read_text())
    assert first.returncode == 0
    assert_every_article_once(tmp_path)
    assert stats["newscrawl/frontier/pending"] == 0


def test_a_queue_limit_holds_back_links_and_the_run_still_writes_everything(tmp_path):
    with StaticSite(chain_site.routes(ARTICLES)) as site:
        run = run_cron(tmp_path, *chain_args(site, "-s", "NEWSCRAWL_QUEUE_MAX=1"))
    assert run.returncode == 0, run.stderr
    assert_every_article_once(tmp_path)
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["newscrawl/frontier/held_back"] > 0
    assert stats["newscrawl/frontier/fed_back"] >= stats["newscrawl/frontier/held_back"]
    assert stats["newscrawl/frontier/pending"] == 0
