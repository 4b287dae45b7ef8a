"""The SQLite store of what has been written: URL keys and content signatures.

One file (``NEWSCRAWL_STATE_PATH``) holds every article written by every run,
so a later run writes only what is new. Without a path the same store lives in
memory for one run, which still deduplicates within that run.

Rows are added inside a transaction that the caller commits only once the
articles are durably in an output file (see :mod:`newscrawl.dedupe.journal`).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .signatures import Signature, minhash_from_bytes

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
#: SQLite page cache. More keeps lookups flat as the store grows; less keeps a long crawl's memory flat.
DEFAULT_CACHE_MB = 32
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
"""


class StateError(RuntimeError):
    """The state file cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Match:
    article_id: int
    url: str
    run: str
    reason: str  # "url", "exact" or "near"
    similarity: float


def best_near_match(sig: Signature, candidates, threshold: float) -> Match | None:
    """The most similar of ``(id, url, run, minhash)`` candidates at or above ``threshold``."""
    best = None
    for article_id, url, run, minhash in candidates:
        similarity = sig.similarity(minhash)
        if similarity >= threshold and (best is None or similarity > best.similarity):
            best = Match(article_id, url, run, "near", similarity)
    return best


class MemoryStore:
    """What :class:`StateStore` keeps, for a run without a state path: plain
    dictionaries, because a SQL statement per lookup is most of the per-item
    cost when nothing has to survive the run."""

    persistent = False

    def __init__(self) -> None:
        self._articles: list[tuple[str, str, object]] = []  # (url, run, minhash) by id
        self._exact: dict[bytes, int] = {}
        self._urls: dict[str, int] = {}
        self._bands: dict[int, list[int]] = {}

    def _match(self, article_id: int, reason: str, similarity: float = 1.0) -> Match:
        url, run, _ = self._articles[article_id]
        return Match(article_id, url, run, reason, similarity)

    def match_url(self, keys: list[str]) -> Match | None:
        for key in keys:
            if key in self._urls:
                return self._match(self._urls[key], "url")
        return None

    def is_known_url(self, key: str, before_run: str) -> bool:
        return key in self._urls and self._articles[self._urls[key]][1] != before_run

    def match_content(self, sig: Signature, threshold: float) -> Match | None:
        if sig.exact in self._exact:
            return self._match(self._exact[sig.exact], "exact")
        ids = {i for band in sig.bands for i in self._bands.get(band, ())}
        return best_near_match(sig, ((i, *self._articles[i]) for i in sorted(ids)), threshold)

    def add_article(self, url: str, keys: list[str], sig: Signature, run: str, output: str | None) -> int:
        article_id = len(self._articles)
        self._articles.append((url, run, sig.minhash))
        self._exact.setdefault(sig.exact, article_id)
        for band in sig.bands:
            self._bands.setdefault(band, []).append(article_id)
        self.add_url_keys(keys, article_id)
        return article_id

    def add_url_keys(self, keys: list[str], article_id: int) -> None:
        for key in keys:
            self._urls.setdefault(key, article_id)

    def commit(self) -> None:
        """Nothing to make durable."""

    def close(self) -> None:
        self._articles.clear()


class StateStore:
    def __init__(self, path: Path | None, cache_mb: int = DEFAULT_CACHE_MB) -> None:
        self.path = path
        self.persistent = path is not None
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.exists() and path.stat().st_size and not _looks_like_sqlite(path):
                    raise StateError(f"state file {path} is not a newscrawl state database; "
                                     "move it away or reset state (see README, 'State')")
            self.db = sqlite3.connect(str(path) if path else ":memory:", isolation_level="DEFERRED")
            self.db.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
            self.db.execute("PRAGMA synchronous=FULL")
            # Keep the hot part of the indexes in memory as the store grows.
            self.db.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
            self.db.executescript(SCHEMA)
            self._check_schema()
            self.db.commit()
        except sqlite3.DatabaseError as exc:
            raise StateError(f"state file {path} cannot be used ({exc}); "
                             "fix its permissions, restore it, or reset state (see README, 'State')") from exc
        except OSError as exc:
            raise StateError(f"state file {path} cannot be opened: {exc.strerror}") from exc

    def _check_schema(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif row[0] != SCHEMA_VERSION:
            raise StateError(f"state file {self.path} has schema {row[0]}, this newscrawl reads {SCHEMA_VERSION}")
        if self.persistent:
            check = self.db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StateError(f"state file {self.path} is corrupt ({check}); restore it or reset state")

    # -- queries --------------------------------------------------------------

    def match_url(self, keys: list[str]) -> Match | None:
        for key in keys:
            row = self.db.execute(
                "SELECT a.id, a.url, a.run FROM url_keys k JOIN articles a ON a.id = k.article_id WHERE k.key = ?", (key,)
            ).fetchone()
            if row:
                return Match(row[0], row[1], row[2], "url", 1.0)
        return None

    def is_known_url(self, key: str, before_run: str) -> bool:
        """Whether a run other than ``before_run`` wrote (or dropped as a copy) this URL key."""
        row = self.db.execute(
            "SELECT 1 FROM url_keys k JOIN articles a ON a.id = k.article_id WHERE k.key = ? AND a.run != ?",
            (key, before_run),
        ).fetchone()
        return row is not None

    def match_content(self, sig: Signature, threshold: float) -> Match | None:
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

    # -- changes (committed by the caller) -----------------------------------

    def add_article(self, url: str, keys: list[str], sig: Signature, run: str, output: str | None) -> int:
        cur = self.db.execute(
            "INSERT INTO articles (url, exact, minhash, run, output) VALUES (?, ?, ?, ?, ?)",
            (url, sig.exact, sig.minhash_bytes(), run, output),
        )
        article_id = cur.lastrowid
        self.db.executemany("INSERT INTO bands (band, article_id) VALUES (?, ?)", [(b, article_id) for b in sig.bands])
        self.add_url_keys(keys, article_id)
        return article_id

    def add_url_keys(self, keys: list[str], article_id: int) -> None:
        self.db.executemany("INSERT OR IGNORE INTO url_keys (key, article_id) VALUES (?, ?)", [(k, article_id) for k in keys])

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        self.db.rollback()

    def close(self) -> None:
        self.db.close()


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def reset_state(path: Path) -> list[Path]:
    """Delete the state database (and its WAL files); returns what was removed."""
    removed = []
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            candidate.unlink()
            removed.append(candidate)
    return removed
