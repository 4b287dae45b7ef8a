"""The crawl state of a run without a state path: dedupe within the run only.

Plain dictionaries, because a SQL statement per lookup is most of the per-item
cost when nothing has to survive the run. Nothing is pending across runs, so
the frontier and run records are not kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import CrawlState, Match, PageRecord, PendingLink, StatusReport, best_near_match

if TYPE_CHECKING:
    from ..dedupe.signatures import Signature


class MemoryState(CrawlState):
    persistent = False

    def __init__(self) -> None:
        self._articles: list[tuple[str, str, object]] = []  # (url, run, minhash) by id
        self._exact: dict[bytes, int] = {}
        self._urls: dict[str, int] = {}
        self._bands: dict[int, list[int]] = {}

    def _match(self, article_id: int, reason: str, similarity: float = 1.0) -> Match:
        url, run, _ = self._articles[article_id]
        return Match(article_id, url, run, reason, similarity)

    def match_url(self, keys) -> Match | None:
        for key in keys:
            if key in self._urls:
                return self._match(self._urls[key], "url")
        return None

    def is_known(self, key: str) -> bool:
        return key in self._urls

    def match_content(self, sig: Signature, threshold: float) -> Match | None:
        if sig.exact in self._exact:
            return self._match(self._exact[sig.exact], "exact")
        ids = {i for band in sig.bands for i in self._bands.get(band, ())}
        return best_near_match(sig, ((i, *self._articles[i]) for i in sorted(ids)), threshold)

    def add_article(self, page: PageRecord, sig: Signature, run: str, output: str | None) -> int:
        article_id = len(self._articles)
        self._articles.append((page.url, run, sig.minhash))
        self._exact.setdefault(sig.exact, article_id)
        for band in sig.bands:
            self._bands.setdefault(band, []).append(article_id)
        self.add_page(page, article_id)
        return article_id

    def add_page(self, page: PageRecord, article_id: int) -> None:
        for key in page.keys:
            self._urls.setdefault(key, article_id)

    def page_links(self, key: str):
        return None

    def add_pending(self, link: PendingLink) -> int:
        return 0

    def decide(self, *keys: str) -> None:
        pass

    def fail(self, key: str, reason: str, max_attempts: int) -> int:
        return 0

    def is_failed(self, key: str) -> bool:
        return False

    def pending_batch(self, max_depth, after, limit) -> list[PendingLink]:
        return []

    def pending_count(self) -> int:
        return 0

    def start_run(self, run: str, started: str) -> None:
        pass

    def finish_run(self, run: str, ended: str, finish_reason: str, written: int) -> None:
        pass

    def set_exit_code(self, run: str, exit_code: int) -> None:
        pass

    def status(self, hosts: int = 10, runs: int = 10) -> StatusReport:
        return StatusReport(len(self._articles), 0, [], [], [], [])

    def commit(self) -> None:
        """Nothing to make durable."""

    def close(self) -> None:
        self._articles.clear()
