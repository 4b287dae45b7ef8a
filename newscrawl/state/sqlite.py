"""The crawl state in one SQLite file (``NEWSCRAWL_STATE_PATH``), the default.

WAL journal with ``synchronous=FULL``: a commit is durable, and ``--status``
can read while a run writes. Schema 1 files (before the frontier) are
upgraded in place: the new tables are added, nothing is rewritten.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sqlite3
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from .base import (
    CrawlState,
    Match,
    PageRecord,
    PendingLink,
    RunRecord,
    StateError,
    StatusReport,
    best_near_match,
)

if TYPE_CHECKING:
    from ..dedupe.signatures import Signature

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
READABLE_SCHEMAS = {"1", "2"}
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    exact BLOB NOT NULL,
    minhash BLOB NOT NULL,
    run TEXT NOT NULL,
    output TEXT
);
CREATE INDEX IF NOT EXISTS articles_exact ON articles (exact);
CREATE TABLE IF NOT EXISTS url_keys (key TEXT PRIMARY KEY, article_id INTEGER NOT NULL) WITHOUT ROWID;
-- Clustered on the band key: a lookup reads one small range, and the index is the table.
CREATE TABLE IF NOT EXISTS bands (
    band INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (band, article_id)
) WITHOUT ROWID;
-- The three lists of every known page (zlib-compressed JSON of URLs), to follow it without a fetch.
CREATE TABLE IF NOT EXISTS page_links (key TEXT PRIMARY KEY, url TEXT NOT NULL, links BLOB NOT NULL) WITHOUT ROWID;
-- Clustered on (depth, admission order): seeding reads it in that order, shallowest
-- first, and new links are appended at the end of their depth. The unique key is a
-- 64-bit hash of the URL key, so its index stays small. So the cost of a change
-- hardly grows with the frontier.
CREATE TABLE IF NOT EXISTS pending (
    depth INTEGER NOT NULL,
    id INTEGER NOT NULL,
    key_hash INTEGER NOT NULL,
    url TEXT NOT NULL,
    via TEXT NOT NULL,
    from_url TEXT,
    host TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (depth, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS pending_key ON pending (key_hash);
-- Pending links counted by depth and host, kept with every change: `--status` reads
-- these few rows instead of a million, and no per-host index has to be kept.
CREATE TABLE IF NOT EXISTS pending_counts (
    depth INTEGER NOT NULL,
    host TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (depth, host)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS failed (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    failed_run TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
    run TEXT PRIMARY KEY,
    started TEXT NOT NULL,
    ended TEXT,
    finish_reason TEXT,
    exit_code INTEGER,
    written INTEGER
) WITHOUT ROWID;
"""
#: SQLite page cache. More keeps lookups flat as the store grows; less keeps a long crawl's memory flat.
DEFAULT_CACHE_MB = 32
DEFAULT_FRONTIER_MAX = 1_000_000


def _storage_errors(cls):
    """Every public method of ``cls`` turns an SQLite error (a full disk, an I/O error)
    into :class:`StateError`, marks the store broken, and tells ``on_failure``; a broken
    store commits nothing more, so it never names articles it could not record whole."""

    def guard(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            if self.broken is not None and method.__name__ == "commit":
                raise self.broken
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                self._break(exc)

        return guarded

    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_") and name not in ("close", "rollback"):
            setattr(cls, name, guard(value))
    return cls


@_storage_errors
class SqliteState(CrawlState):
    def __init__(self, path: Path | None, cache_mb: int = DEFAULT_CACHE_MB,
                 frontier_max: int = DEFAULT_FRONTIER_MAX, read_only: bool = False, verify: bool = True) -> None:
        """``verify``: run SQLite's integrity check, which reads the whole file. The entry
        point verifies once per run, before recovery; later opens in the same run skip it."""
        self.path = path
        self.persistent = path is not None
        self.frontier_max = frontier_max
        self._run: str | None = None
        try:
            if path is not None:
                _check_file(path, read_only)
            if read_only:
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            else:
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(str(path) if path else ":memory:", isolation_level="DEFERRED")
                self.db.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
                self.db.execute("PRAGMA synchronous=FULL")
            # Keep the hot part of the indexes in memory as the store grows.
            self.db.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
            self._open_schema(read_only, verify)
            self._pending = self._count_pending()
            self._last_id = self._largest_id()
        except sqlite3.DatabaseError as exc:
            raise StateError(f"state file {path} cannot be used ({exc}); "
                             "fix its permissions, restore it, or reset state (see README, 'State')") from exc
        except OSError as exc:
            raise StateError(f"state file {path} cannot be opened: {exc.strerror}") from exc

    def _open_schema(self, read_only: bool, verify: bool) -> None:
        row = None
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and row[0] not in READABLE_SCHEMAS:
            raise StateError(f"state file {self.path} has schema {row[0]}, this newscrawl reads {SCHEMA_VERSION}")
        if self.persistent and verify and not read_only:
            # A run refuses a damaged file before it writes; `--status` only reads, and must be quick.
            check = self.db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StateError(f"state file {self.path} is corrupt ({check}); restore it or reset state")
        if read_only:
            if row is None or row[0] != SCHEMA_VERSION:
                raise StateError(f"state file {self.path} has not been used by this newscrawl yet; run a crawl first")
            return
        self.db.executescript(SCHEMA)  # adds what schema 1 lacks
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        self.db.commit()

    # -- known pages and content ---------------------------------------------

    def match_url(self, keys) -> Match | None:
        for key in keys:
            row = self.db.execute(
                "SELECT a.id, a.url, a.run FROM url_keys k JOIN articles a ON a.id = k.article_id WHERE k.key = ?", (key,)
            ).fetchone()
            if row:
                return Match(row[0], row[1], row[2], "url", 1.0)
        return None

    def is_known(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM url_keys WHERE key = ?", (key,)).fetchone() is not None

    def match_content(self, sig: Signature, threshold: float) -> Match | None:
        # Imported here: datasketch (through signatures) takes half a second to import,
        # and `--status` must not wait for it.
        from ..dedupe.signatures import minhash_from_bytes

        row = self.db.execute("SELECT id, url, run FROM articles WHERE exact = ? LIMIT 1", (sig.exact,)).fetchone()
        if row:
            return Match(row[0], row[1], row[2], "exact", 1.0)
        bands = sig.bands
        marks = ",".join("?" * len(bands))
        candidates = self.db.execute(
            f"SELECT DISTINCT a.id, a.url, a.run, a.minhash FROM bands b JOIN articles a ON a.id = b.article_id "
            f"WHERE b.band IN ({marks})", bands,
        ).fetchall()
        return best_near_match(sig, ((i, u, r, minhash_from_bytes(m)) for i, u, r, m in candidates), threshold)

    def add_article(self, page: PageRecord, sig: Signature, run: str, output: str | None) -> int:
        cur = self.db.execute(
            "INSERT INTO articles (url, exact, minhash, run, output) VALUES (?, ?, ?, ?, ?)",
            (page.url, sig.exact, sig.minhash_bytes(), run, output),
        )
        article_id = cur.lastrowid
        self.db.executemany("INSERT INTO bands (band, article_id) VALUES (?, ?)", [(b, article_id) for b in sig.bands])
        self.add_page(page, article_id)
        return article_id

    def add_page(self, page: PageRecord, article_id: int) -> None:
        self.db.executemany("INSERT OR IGNORE INTO url_keys (key, article_id) VALUES (?, ?)",
                            [(k, article_id) for k in page.keys])
        if page.links:
            # Under the page's own URL key, the one the links that lead to it carry.
            blob = zlib.compress(json.dumps(page.links, separators=(",", ":")).encode("utf-8"), 1)
            self.db.execute("INSERT OR REPLACE INTO page_links (key, url, links) VALUES (?, ?, ?)",
                            (page.keys[0], page.url, blob))
        self.decide(*page.keys)

    def page_links(self, key: str):
        row = self.db.execute("SELECT url, links FROM page_links WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return row[0], json.loads(zlib.decompress(row[1]))

    # -- the frontier ---------------------------------------------------------

    def add_pending(self, link: PendingLink) -> int:
        key_hash = _hash(link.key)
        host = link.host
        self._last_id += 1
        cur = self.db.execute(
            "INSERT OR IGNORE INTO pending (depth, id, key_hash, url, via, from_url, host) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (link.depth, self._last_id, key_hash, link.url, link.via, link.from_url, host),
        )
        if cur.rowcount == 0:
            # Met again nearer a start page: keep the shorter way to it.
            row = self.db.execute("SELECT depth, attempts, last_error FROM pending WHERE key_hash = ?",
                                  (key_hash,)).fetchone()
            if row and row[0] > link.depth:
                self.decide(link.key)
                self.db.execute(
                    "INSERT INTO pending (depth, id, key_hash, url, via, from_url, host, attempts, last_error) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (link.depth, self._last_id, key_hash, link.url, link.via, link.from_url, host, row[1], row[2]))
                self._count(link.depth, host, 1)
                self._pending += 1
            return 0
        self._count(link.depth, host, 1)
        self._pending += 1
        if self._pending <= self.frontier_max:
            return 0
        gone = self.db.execute(
            "DELETE FROM pending WHERE (depth, id) IN "
            "(SELECT depth, id FROM pending ORDER BY depth DESC, id DESC LIMIT ?) RETURNING depth, host",
            (self._pending - self.frontier_max,),
        ).fetchall()
        for depth, gone_host in gone:
            self._count(depth, gone_host, -1)
        self._pending -= len(gone)
        return len(gone)

    def decide(self, *keys: str) -> None:
        marks = ",".join("?" * len(keys))
        for depth, host in self.db.execute(f"DELETE FROM pending WHERE key_hash IN ({marks}) RETURNING depth, host",
                                           [_hash(key) for key in keys]).fetchall():
            self._count(depth, host, -1)
            self._pending -= 1

    def _count(self, depth: int, host: str, change: int) -> None:
        self.db.execute("INSERT INTO pending_counts VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
                        (depth, host, change))

    def fail(self, key: str, reason: str, max_attempts: int) -> int:
        key_hash = _hash(key)
        row = self.db.execute("SELECT url, attempts FROM pending WHERE key_hash = ?", (key_hash,)).fetchone()
        if row is None:
            return 0  # not a pending link (a start URL, or a known page refreshed)
        url, attempts = row[0], row[1] + 1
        if attempts < max_attempts:
            self.db.execute("UPDATE pending SET attempts = ?, last_error = ? WHERE key_hash = ?", (attempts, reason, key_hash))
        else:
            self.db.execute("INSERT OR REPLACE INTO failed (key, url, reason, attempts, failed_run) VALUES (?, ?, ?, ?, ?)",
                            (key, url, reason, attempts, self._run))
            self.decide(key)
        return attempts

    def is_failed(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM failed WHERE key = ?", (key,)).fetchone() is not None

    def link_state(self, key: str) -> str | None:
        failed, known = self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM failed WHERE key = ?1), EXISTS (SELECT 1 FROM url_keys WHERE key = ?1)", (key,)
        ).fetchone()
        return "failed" if failed else "known" if known else None

    def pending_batch(self, max_depth: int, after: PendingLink | None, limit: int) -> list[PendingLink]:
        depth, row_id = after.cursor if after is not None else (-1, 0)
        rows = self.db.execute(
            "SELECT id, url, via, from_url, depth FROM pending WHERE (depth, id) > (?, ?) AND depth <= ? "
            "ORDER BY depth, id LIMIT ?", (depth, row_id, max_depth, limit),
        ).fetchall()
        return [PendingLink(url, via, from_url, depth, cursor=(depth, row_id)) for row_id, url, via, from_url, depth in rows]

    def pending_count(self) -> int:
        return self._pending

    def _largest_id(self) -> int:
        # One index seek per depth: the depths are few, the links may be a million.
        depths = [row[0] for row in self.db.execute("SELECT DISTINCT depth FROM pending_counts")]
        ids = [self.db.execute("SELECT MAX(id) FROM pending WHERE depth = ?", (d,)).fetchone()[0] for d in depths]
        return max([i for i in ids if i is not None], default=0)

    def _count_pending(self) -> int:
        return self.db.execute("SELECT COALESCE(SUM(n), 0) FROM pending_counts").fetchone()[0]

    # -- runs -------------------------------------------------------------------

    def start_run(self, run: str, started: str) -> None:
        self._run = run
        self.db.execute("INSERT OR REPLACE INTO runs (run, started) VALUES (?, ?)", (run, started))

    def finish_run(self, run: str, ended: str, finish_reason: str, written: int) -> None:
        self.db.execute("UPDATE runs SET ended = ?, finish_reason = ?, written = ? WHERE run = ?",
                        (ended, finish_reason, written, run))

    def set_exit_code(self, run: str, exit_code: int) -> None:
        self.db.execute("UPDATE runs SET exit_code = ? WHERE run = ?", (exit_code, run))

    def status(self, hosts: int = 10, runs: int = 10) -> StatusReport:
        q = self.db.execute
        return StatusReport(
            articles=q("SELECT COUNT(*) FROM articles").fetchone()[0],
            pending=self._pending,
            pending_by_depth=q("SELECT depth, SUM(n) FROM pending_counts GROUP BY depth HAVING SUM(n) > 0 "
                               "ORDER BY depth").fetchall(),
            pending_by_host=q("SELECT host, SUM(n) AS total FROM pending_counts GROUP BY host HAVING total > 0 "
                              "ORDER BY total DESC, host LIMIT ?", (hosts,)).fetchall(),
            failed_by_reason=q("SELECT reason, COUNT(*) AS n FROM failed GROUP BY reason ORDER BY n DESC").fetchall(),
            runs=[RunRecord(*row) for row in q(
                "SELECT run, started, ended, finish_reason, exit_code, written FROM runs ORDER BY started DESC LIMIT ?",
                (runs,)).fetchall()],
        )

    # -- transactions -------------------------------------------------------------

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        try:
            self.db.rollback()
            self._pending = self._count_pending()
        except sqlite3.Error:
            if self.broken is None:
                raise

    def _break(self, exc: sqlite3.Error):
        first = self.broken is None
        if first:
            self.broken = StateError(f"cannot write the state file {self.path} ({exc}); nothing more is committed")
        self.rollback()
        if first and self.on_failure is not None:
            self.on_failure(self.broken)
        raise self.broken from exc

    def close(self) -> None:
        self.db.close()


def _hash(key: str) -> int:
    """A signed 64-bit hash of a URL key (SQLite integers are signed 64-bit)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def _check_file(path: Path, read_only: bool) -> None:
    if not path.exists():
        if read_only:
            raise StateError(f"no state file at {path}: no run has used it yet")
        return
    if path.is_dir():
        raise StateError(f"state file {path} is a directory; move it away or reset state (see README, 'State')")
    with path.open("rb") as fh:
        head = fh.read(16)
    if not head:
        # SQLite would take an empty file as a new database and every article would be written again.
        raise StateError(f"state file {path} is empty (truncated?); restore it, or reset state to start over")
    if head != b"SQLite format 3\x00":
        raise StateError(f"state file {path} is not a newscrawl state database; "
                         "move it away or reset state (see README, 'State')")


def reset_state(path: Path) -> list[Path]:
    """Delete the state database (and its WAL files); returns what was removed."""
    removed = []
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            candidate.unlink()
            removed.append(candidate)
    return removed
