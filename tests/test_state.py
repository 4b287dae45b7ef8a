"""The SQLite crawl state: frontier, known pages with their lists, failures, runs, the cap, upgrades."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from newscrawl.dedupe.signatures import signature
from newscrawl.sample_site.stories import make_stories
from newscrawl.state import PageRecord, PendingLink, SqliteState, StateError
from newscrawl.state.status import status_text

from .helpers import REPO


def link(n: int, depth: int = 1, host: str = "a.example") -> PendingLink:
    return PendingLink(f"http://{host}/p{n}", "related", f"http://{host}/", depth)


@pytest.fixture
def state(tmp_path):
    s = SqliteState(tmp_path / "state.sqlite3", frontier_max=1000)
    yield s
    s.close()


def test_pending_links_survive_a_reopen_and_come_back_shallowest_first(tmp_path, state):
    for n, depth in [(1, 3), (2, 1), (3, 2), (4, 1)]:
        state.add_pending(link(n, depth))
    state.commit()
    state.close()
    again = SqliteState(tmp_path / "state.sqlite3")
    batch = again.pending_batch(max_depth=2, after=None, limit=10)
    assert [(p.key, p.depth) for p in batch] == [("a.example/p2", 1), ("a.example/p4", 1), ("a.example/p3", 2)]
    assert batch[0].discovery == {"via": "related", "fromUrl": "http://a.example/", "depth": 1}
    # Paging on (depth, key) gives each link once.
    first = again.pending_batch(9, None, 2)
    rest = again.pending_batch(9, first[-1], 10)
    assert [p.key for p in first + rest] == ["a.example/p2", "a.example/p4", "a.example/p3", "a.example/p1"]
    assert again.pending_count() == 4
    again.close()


def test_uncommitted_changes_are_lost_with_the_process(tmp_path, state):
    state.add_pending(link(1))
    state.close()  # no commit: as after kill -9
    with SqliteState(tmp_path / "state.sqlite3") as again:
        assert again.pending_count() == 0


def test_a_link_met_again_nearer_keeps_the_shorter_way(state):
    state.add_pending(link(1, depth=5))
    state.add_pending(PendingLink("http://a.example/p1", "ranking", "http://a.example/x", 2))
    state.add_pending(link(1, depth=7))
    [pending] = state.pending_batch(9, None, 10)
    assert (pending.depth, pending.via) == (2, "ranking")
    assert state.pending_count() == 1


def test_writing_an_article_decides_its_link_and_keeps_its_lists(state):
    story = make_stories(1)[0]
    state.add_pending(link(1))
    page = PageRecord("http://a.example/p1", ("a.example/p1",), {"related": ["http://a.example/p2"], "ranking": []})
    state.add_article(page, signature("\n\n".join(story.paragraphs)), "r1", None)
    assert state.pending_count() == 0
    assert state.is_known("a.example/p1")
    assert state.page_links("a.example/p1") == ("http://a.example/p1", {"related": ["http://a.example/p2"], "ranking": []})
    assert state.page_links("a.example/p2") is None


def test_a_link_fails_for_good_after_max_attempts(state):
    state.add_pending(link(1))
    assert state.fail("a.example/p1", "HTTP 503", 3) == 1
    assert state.fail("a.example/p1", "HTTP 503", 3) == 2
    assert not state.is_failed("a.example/p1") and state.pending_count() == 1
    assert state.fail("a.example/p1", "HTTP 503", 3) == 3
    assert state.is_failed("a.example/p1") and state.pending_count() == 0
    assert state.status().failed_by_reason == [("HTTP 503", 1)]
    assert state.fail("a.example/p9", "HTTP 503", 3) == 0  # not pending: nothing to count


def test_the_cap_drops_the_deepest_links_first(tmp_path):
    with SqliteState(tmp_path / "capped.sqlite3", frontier_max=3) as state:
        dropped = [state.add_pending(link(n, depth)) for n, depth in [(1, 1), (2, 4), (3, 2), (4, 3), (5, 9)]]
        assert dropped == [0, 0, 0, 1, 1]
        assert sorted(p.key for p in state.pending_batch(99, None, 10)) == ["a.example/p1", "a.example/p3", "a.example/p4"]
        assert state.pending_count() == 3


def test_status_counts_pending_by_depth_and_host_failed_and_runs(tmp_path, state):
    state.start_run("r1", "2026-01-01T00:00:00Z")
    for n in range(5):
        state.add_pending(link(n, depth=1 + n % 2, host="a.example" if n < 3 else "b.example"))
    state.add_pending(link(9))
    state.fail("a.example/p9", "TimeoutError: took too long", 1)
    state.finish_run("r1", "2026-01-01T00:05:00Z", "closespider_itemcount", 15)
    state.set_exit_code("r1", 0)
    state.commit()
    with SqliteState(tmp_path / "state.sqlite3", read_only=True) as reader:
        report = reader.status()
    assert report.pending == 5
    assert report.pending_by_depth == [(1, 3), (2, 2)]
    assert report.pending_by_host == [("a.example", 3), ("b.example", 2)]
    assert report.failed_by_reason == [("TimeoutError: took too long", 1)]
    [run] = report.runs
    assert (run.ended, run.exit_code, run.written, run.finish_reason) == ("2026-01-01T00:05:00Z", 0, 15, "closespider_itemcount")
    text = status_text(report)
    assert "links pending: 5" in text and "a.example: 3" in text and "exit 0" in text and "15 articles written" in text


def test_a_schema_1_file_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema', '1');
        CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT NOT NULL, exact BLOB NOT NULL,
                               minhash BLOB NOT NULL, run TEXT NOT NULL, output TEXT);
        CREATE TABLE url_keys (key TEXT PRIMARY KEY, article_id INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE bands (band INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (band, article_id)) WITHOUT ROWID;
        INSERT INTO articles VALUES (1, 'http://a.example/old', x'00', x'00', 'r0', NULL);
        INSERT INTO url_keys VALUES ('a.example/old', 1);
    """)
    db.commit()
    db.close()
    with SqliteState(path) as state:
        assert state.is_known("a.example/old")
        state.add_pending(link(1))
        state.commit()
    with SqliteState(path, read_only=True) as reader:
        assert reader.status().pending == 1


@pytest.mark.parametrize("damage", ["empty", "directory"])
def test_an_empty_state_file_or_a_directory_is_an_error(tmp_path, damage):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"") if damage == "empty" else path.mkdir()
    with pytest.raises(StateError, match="empty|directory"):
        SqliteState(path)


def test_status_command_prints_the_state_and_changes_nothing(tmp_path):
    path = tmp_path / "state.sqlite3"
    with SqliteState(path) as state:
        for n in range(20_000):
            state.add_pending(link(n, depth=n % 7, host=f"h{n % 13}.example"))
        state.commit()
    before = path.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "newscrawl.cron", "--status", "-s", f"NEWSCRAWL_STATE_PATH={path}"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "links pending: 20,000" in proc.stdout
    assert "by depth: 0: 2,858, 1: 2,857" in proc.stdout
    assert "h0.example: 1,539" in proc.stdout
    assert path.read_bytes() == before
    missing = subprocess.run([sys.executable, "-m", "newscrawl.cron", "--status", "-s",
                              f"NEWSCRAWL_STATE_PATH={tmp_path / 'none.sqlite3'}"],
                             cwd=REPO, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no state file" in missing.stderr
    assert not (tmp_path / "none.sqlite3").exists()
