"""The crawl state, one interface: what every run before this one decided.

* **known pages**: URL keys of articles written or dropped as copies, with the
  three link lists of each, so a known page can be expanded without a fetch;
* **content signatures**: exact-body hashes and MinHash LSH bands;
* **the frontier**: every link admitted for following and not yet decided, and
  the links that failed for good;
* **run records**: start, end, finish reason, exit code, articles written.

:class:`~newscrawl.state.sqlite.SqliteState` (one file, the default) and
:class:`~newscrawl.state.memory.MemoryState` (one run, no file) implement it.
Changes are made inside a transaction that the caller commits only once the
articles they name are durably in an output file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..urls import InvalidURL, host_of, url_key

if TYPE_CHECKING:
    from ..dedupe.signatures import Signature


class CrawlFull(Exception):
    """The run has written its ``-a max_articles`` (in a shared crawl, its workers together)."""


class StateError(RuntimeError):
    """The state cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Match:
    article_id: int
    url: str
    run: str
    reason: str  # "url", "exact" or "near"
    similarity: float


@dataclass(frozen=True)
class PageRecord:
    """A decided article page: its URL, every key it is known by, and the URLs of its three lists."""

    url: str
    keys: tuple[str, ...]
    links: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class PendingLink:
    """A link admitted for following whose page is not decided yet."""

    url: str
    via: str
    from_url: str | None
    depth: int
    #: Where the store found it, to page on from there (opaque to callers).
    cursor: object = field(default=None, compare=False)

    @cached_property
    def key(self) -> str:
        """Its URL key, computed when asked for: seeding a run needs only the URL."""
        return url_key(self.url)

    @property
    def host(self) -> str:
        return host_of(self.url)

    @property
    def discovery(self) -> dict:
        return {"via": self.via, "fromUrl": self.from_url, "depth": self.depth}


@dataclass(frozen=True)
class RunRecord:
    run: str
    started: str
    ended: str | None
    finish_reason: str | None
    exit_code: int | None
    written: int | None


@dataclass
class StatusReport:
    articles: int
    pending: int
    pending_by_depth: list[tuple[int, int]]
    pending_by_host: list[tuple[str, int]]
    failed_by_reason: list[tuple[str, int]]
    runs: list[RunRecord]
    #: Workers of a shared crawl at work now (empty for an embedded store).
    workers: tuple[str, ...] = ()


def page_record(item) -> PageRecord:
    """The keys and link URLs of an Article item (or its dict)."""
    url = item["url"]
    keys = [url_key(url)]
    canonical = item.get("canonicalUrl")
    # A page's own canonical link is honoured on the same site only: a mirror
    # pointing its canonical at another host says nothing we can trust.
    if canonical and host_of(canonical) == host_of(url):
        try:
            keys.append(url_key(canonical))
        except InvalidURL:
            pass
    links = {section: [link["url"] for link in entries] for section, entries in (item.get("links") or {}).items()}
    return PageRecord(url, tuple(dict.fromkeys(keys)), links)


class CrawlState(ABC):
    #: Whether anything survives the run (a file or a server).
    persistent: bool = False
    #: Set once the store failed to write (a full disk): nothing more is committed this run.
    broken: StateError | None = None
    #: Called with the error when the store fails; the state extension stops the run.
    on_failure: Callable[[StateError], None] | None = None

    #: Articles :meth:`claim` recorded through this object (one run).
    claimed: int = 0

    # -- known pages and content --------------------------------------------

    @abstractmethod
    def match_url(self, keys) -> Match | None:
        """The article written under one of ``keys``, if any."""

    @abstractmethod
    def is_known(self, key: str) -> bool:
        """Whether any run wrote this page or dropped it as a copy."""

    @abstractmethod
    def match_content(self, sig: Signature, threshold: float) -> Match | None:
        """The article whose body is the same as, or at least ``threshold`` similar to, ``sig``."""

    @abstractmethod
    def add_article(self, page: PageRecord, sig: Signature, run: str, output: str | None) -> int:
        """Record a written article; decides its pending link."""

    def claim(self, page: PageRecord, sig: Signature, run: str, output: str | None, threshold: float,
              max_articles: int = 0) -> Match | None:
        """The article ``page`` matches (by URL, exact or near body), if any; else ``page``
        is recorded as a new article and ``None`` returned. Raises :class:`CrawlFull`
        instead when ``max_articles`` were claimed already: by this store in this run,
        or, in a shared store, by all the workers of the round (atomically there)."""
        match = self.match_url(page.keys) or self.match_content(sig, threshold)
        if match is not None:
            return match
        if max_articles and self.claimed >= max_articles:
            raise CrawlFull(max_articles)
        self.add_article(page, sig, run, output)
        self.claimed += 1
        return None

    @abstractmethod
    def add_page(self, page: PageRecord, article_id: int) -> None:
        """Record a page known as ``article_id`` (a copy dropped, or the article seen again):
        its keys and current lists; decides its pending link."""

    @abstractmethod
    def page_links(self, key: str) -> tuple[str, dict[str, list[str]]] | None:
        """``(url, {list: [url, …]})`` of a known page, for following it without a fetch."""

    # -- the frontier --------------------------------------------------------

    @abstractmethod
    def add_pending(self, link: PendingLink) -> int:
        """Record a link admitted for following (kept at its smallest depth).

        Returns how many pending links were dropped to stay within the cap
        (deepest first; possibly this one)."""

    @abstractmethod
    def decide(self, *keys: str) -> None:
        """The page of these keys was decided (written, a copy, skipped): no longer pending."""

    @abstractmethod
    def fail(self, key: str, reason: str, max_attempts: int) -> int:
        """Count one more run in which this pending link failed; returns its attempts so far
        (0: not a pending link). At ``max_attempts`` it is recorded as failed for good."""

    @abstractmethod
    def is_failed(self, key: str) -> bool:
        """Whether this link failed for good in earlier runs."""

    def link_state(self, key: str) -> str | None:
        """``"failed"`` (given up), ``"known"`` (written or a copy) or ``None``: what the
        frontier asks of every link it admits, in one look-up where the store can."""
        if self.is_failed(key):
            return "failed"
        return "known" if self.is_known(key) else None

    @abstractmethod
    def pending_batch(self, max_depth: int, after: PendingLink | None, limit: int) -> list[PendingLink]:
        """Up to ``limit`` pending links of depth ``max_depth`` or less, shallowest first
        (then in admission order), after the link ``after`` of the previous batch."""

    @abstractmethod
    def pending_count(self) -> int: ...

    # -- runs ----------------------------------------------------------------

    @abstractmethod
    def start_run(self, run: str, started: str) -> None: ...

    @abstractmethod
    def finish_run(self, run: str, ended: str, finish_reason: str, written: int) -> None: ...

    @abstractmethod
    def set_exit_code(self, run: str, exit_code: int) -> None: ...

    # Claims made before their line is in a file: only a shared store has them (a local store
    # commits after the fsync); see :mod:`newscrawl.state.redis`.

    def unsettled_runs(self, run_suffix: str) -> list[str]:
        return []

    def release_unwritten(self, run: str, written_urls: set[str]) -> int:
        return 0

    def settle(self, run: str) -> None:
        pass

    @abstractmethod
    def status(self, hosts: int = 10, runs: int = 10) -> StatusReport: ...

    # -- transactions --------------------------------------------------------

    @abstractmethod
    def commit(self) -> None: ...

    def rollback(self) -> None:
        """Forget every change since the last commit (the output could not be written)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def best_near_match(sig: Signature, candidates, threshold: float) -> Match | None:
    """The most similar of ``(id, url, run, minhash)`` candidates at or above ``threshold``."""
    best = None
    for article_id, url, run, minhash in candidates:
        similarity = sig.similarity(minhash)
        if similarity >= threshold and (best is None or similarity > best.similarity):
            best = Match(article_id, url, run, "near", similarity)
    return best
