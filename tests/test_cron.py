"""The cron entry: incremental runs, one at a time, exit codes, crash safety.

Everything runs for real: ``python -m newscrawl.cron`` in a subprocess,
a SQLite state file and output files under ``tmp_path``, the sample site on loopback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from newscrawl.lock import acquire, release

from .helpers import REPO, cron_cmd, new_part_lines, outputs, read_jsonl, run_cron, wait_for

pytestmark = pytest.mark.crawl


def stats(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "stats.json").read_text())


def start_arg(server) -> str:
    return "url=" + ",".join(server.site.start_urls)


@pytest.fixture
def site(sample_server):
    sample_server.rebuild()
    sample_server.requests.clear()
    yield sample_server
    sample_server.rebuild()


def test_second_run_writes_only_new_articles(site, tmp_path):
    first = run_cron(tmp_path, "-a", start_arg(site))
    assert first.returncode == 0, first.stderr
    assert first.stderr.count("\n") == 1 and first.stderr.startswith("newscrawl: ok: 44 new")
    assert len(outputs(tmp_path)) == 1
    first_requests = len(site.requests)

    site.rebuild(fresh=3)  # three new stories enter the Ranking list
    site.requests.clear()
    second = run_cron(tmp_path, "-a", start_arg(site))
    assert second.returncode == 0, second.stderr
    files = outputs(tmp_path)
    assert len(files) == 2
    new_items = read_jsonl([files[-1]])
    assert sorted(item["headline"] for item in new_items) == sorted(a.story.headline for a in site.site.articles[-3:])
    assert {item["discovery"]["via"] for item in new_items} == {"ranking"}
    run_stats = stats(tmp_path)
    assert run_stats["newscrawl/state/new"] == 3
    assert run_stats["newscrawl/state/not_fetched"] > 0
    assert len(site.requests) < first_requests / 2, "known deep pages must not be fetched again"

    third = run_cron(tmp_path, "-a", start_arg(site))
    assert third.returncode == 0
    assert "0 new" in third.stderr and "no new articles" in third.stderr
    assert len(outputs(tmp_path)) == 2
    # A dropped mirror copy is recorded once, by the run that dropped it.
    dropped = Counter(row["url"] for row in read_jsonl((tmp_path / "output").glob("duplicates-*.jsonl")))
    assert len(dropped) == 20 and max(dropped.values()) == 1


def test_overlapping_run_exits_75_at_once(site, tmp_path):
    lock = tmp_path / "state" / "state.sqlite3.lock"
    acquire(lock)
    try:
        started = time.monotonic()
        proc = run_cron(tmp_path, "-a", start_arg(site))
    finally:
        release(lock)
    assert proc.returncode == 75
    assert proc.stderr.count("\n") == 1 and "another newscrawl run holds" in proc.stderr
    assert time.monotonic() - started < 30
    assert not (tmp_path / "output").exists()


def test_run_whose_start_url_is_down_exits_1(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = run_cron(tmp_path, "-a", f"url=http://127.0.0.1:{port}/html/abcdefghij.html", "-s", "RETRY_TIMES=0")
    assert proc.returncode == 1
    assert "FAILED (every start URL failed)" in proc.stderr
    assert len(list((tmp_path / "logs").glob("run-*.log"))) == 1


def test_bad_arguments_exit_2(tmp_path):
    proc = run_cron(tmp_path, "-a", "url=notaurl")
    assert proc.returncode == 2 and "invalid start URL" in proc.stderr
    proc = run_cron(tmp_path, "-s", "NEWSCRAWL_REFRESH_DEPTH=-1")
    assert proc.returncode == 2 and "NEWSCRAWL_REFRESH_DEPTH" in proc.stderr


@pytest.mark.parametrize("damage", ["garbage", "truncated", "directory"])
def test_corrupt_state_is_a_clear_error_not_a_fresh_start(site, tmp_path, damage):
    assert run_cron(tmp_path, "-a", start_arg(site)).returncode == 0
    state = tmp_path / "state" / "state.sqlite3"
    if damage == "garbage":
        state.write_bytes(os.urandom(8192))
    elif damage == "truncated":
        data = state.read_bytes()
        state.write_bytes(data[: len(data) // 3] + os.urandom(4096))
    else:
        state.unlink()
        for extra in state.parent.glob("state.sqlite3-*"):
            extra.unlink()
        state.mkdir()
    before = outputs(tmp_path)
    proc = run_cron(tmp_path, "-a", start_arg(site))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "state" in proc.stderr and "Traceback" not in proc.stderr
    assert outputs(tmp_path) == before, "nothing may be re-emitted"


def test_reset_state_starts_over(site, tmp_path):
    assert run_cron(tmp_path, "-a", start_arg(site)).returncode == 0
    proc = run_cron(tmp_path, "-a", start_arg(site), "--reset-state")
    assert proc.returncode == 0 and "44 new" in proc.stderr


def story_counts(site, tmp_path) -> Counter:
    story_of = {a.url: a.story.key for a in site.site.articles}
    return Counter(story_of[item["url"]] for item in read_jsonl(outputs(tmp_path)))


def test_sigterm_finishes_the_file_and_jobdir_resumes(site, tmp_path):
    jobdir = ("-s", f"JOBDIR={tmp_path / 'job'}")
    slow = ("-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS=1")
    proc = subprocess.Popen(cron_cmd(tmp_path, "-a", start_arg(site), *slow, *jobdir), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert wait_for(new_part_lines(tmp_path / "output", set()) , proc, what="a written article") >= 1
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "shutdown" in err and "Traceback" not in err
    assert not list((tmp_path / "output").glob("*.part"))
    first = story_counts(site, tmp_path)
    assert 0 < sum(first.values()) < 44

    resumed = run_cron(tmp_path, "-a", start_arg(site), *jobdir)
    assert resumed.returncode == 0, resumed.stderr
    counts = story_counts(site, tmp_path)
    assert max(counts.values()) == 1
    assert set(counts) == {a.story.key for a in site.site.articles}
