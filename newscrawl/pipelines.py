"""Item pipelines. They see plain Article items, never responses."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.exporters import JsonLinesItemExporter

from .config import NewscrawlConfig
from .dedupe import journal as journal_mod
from .dedupe.signatures import signature
from .dedupe.store import MemoryStore, StateStore
from .lock import acquire, release
from .urls import InvalidURL, host_of, url_key

logger = logging.getLogger(__name__)


def run_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


class DedupePipeline:
    """Drops URL variants, exact copies and near copies of articles already written.

    The first copy seen is written; every dropped copy goes to the run's sidecar
    ``duplicates-<stamp>.jsonl`` as ``{"url", "duplicateOf", "reason", "similarity"}``
    and is counted under ``newscrawl/dedupe/…``. With a state path, articles
    written by earlier runs count as known (``newscrawl/state/known``) and this
    pipeline writes the run's output itself, crash-safe (see
    :mod:`newscrawl.dedupe.journal`).
    """

    def __init__(self, stats, config: NewscrawlConfig) -> None:
        self.stats = stats
        self.config = config
        self.stamp = run_stamp()
        self.store: StateStore | MemoryStore | None = None
        self.journal: journal_mod.Journal | None = None
        self._sidecar = None
        self._sidecar_file = None
        self._unsynced = 0

    @classmethod
    def from_crawler(cls, crawler) -> "DedupePipeline":
        return cls(crawler.stats, NewscrawlConfig.from_settings(crawler.settings))

    @property
    def lock_path(self) -> Path:
        return self.config.state_path.with_name(self.config.state_path.name + ".lock")

    def open_spider(self) -> None:
        if self.config.state_path is not None:
            acquire(self.lock_path)
        if self.config.state_path is None:
            self.store = MemoryStore()
        else:
            self.store = StateStore(self.config.state_path, self.config.state_cache_mb)
        if self.store.persistent:
            self._recover()
            self.journal = journal_mod.Journal(self.config.output_dir, self.stamp)

    def _recover(self) -> None:
        if not self.config.output_dir.is_dir():
            return
        for final, items, dropped in journal_mod.recover(self.config.output_dir):
            for item in items:
                keys = self._keys(item)
                if not self.store.match_url(keys):
                    self.store.add_article(item["url"], keys, signature(item.get("articleBody") or ""), "recovered", final.name)
            self.stats.inc_value("newscrawl/state/recovered", len(items))
            self.stats.inc_value("newscrawl/state/recovered_torn", dropped)
        self.store.commit()

    def is_known(self, url: str) -> bool:
        """Whether an earlier run wrote this page (used by the spider to skip fetching)."""
        try:
            return self.store is not None and self.store.persistent and self.store.is_known_url(url_key(url), self.stamp)
        except InvalidURL:
            return False

    def _keys(self, item: dict) -> list[str]:
        keys = [url_key(item["url"])]
        canonical = item.get("canonicalUrl")
        # A page's own canonical link is honoured on the same site only: a
        # mirror pointing its canonical at another host says nothing we can trust.
        if canonical and host_of(canonical) == host_of(item["url"]):
            try:
                keys.append(url_key(canonical))
            except InvalidURL:
                pass
        return list(dict.fromkeys(keys))

    def process_item(self, item):
        adapter = ItemAdapter(item)
        keys = self._keys(adapter)
        match = self.store.match_url(keys)
        if match and match.run != self.stamp:
            self.stats.inc_value("newscrawl/state/known")
            raise DropItem(f"known from an earlier run: {adapter['url']}", log_level="DEBUG")
        sig = signature(adapter.get("articleBody") or "")
        if match is None:
            match = self.store.match_content(sig, self.config.near_duplicate_threshold)
        if match is not None:
            self.store.add_url_keys(keys, match.article_id)
            self._record_duplicate(adapter["url"], match)
            raise DropItem(f"{match.reason} duplicate of {match.url}: {adapter['url']}", log_level="DEBUG")
        output = None
        if self.journal is not None:
            self.journal.write(item)
            output = self.journal.final.name
        self.store.add_article(adapter["url"], keys, sig, self.stamp, output)
        if self.store.persistent:
            self.stats.inc_value("newscrawl/state/new")
        self._unsynced += 1
        if self._unsynced >= self.config.sync_every:
            self._sync()
        return item

    def _sync(self) -> None:
        # Durable output first, state second: state never names an article
        # that is not safely in a file.
        if self.journal is not None:
            self.journal.sync()
        self.store.commit()
        self._unsynced = 0

    def _record_duplicate(self, url: str, match) -> None:
        self.stats.inc_value("newscrawl/dedupe/dropped")
        self.stats.inc_value(f"newscrawl/dedupe/{match.reason}")
        if self._sidecar is None:
            self.config.output_dir.mkdir(parents=True, exist_ok=True)
            self._sidecar_file = (self.config.output_dir / f"duplicates-{self.stamp}.jsonl").open("ab")
            self._sidecar = JsonLinesItemExporter(self._sidecar_file, encoding="utf-8", ensure_ascii=False)
        self._sidecar.export_item(
            {"url": url, "duplicateOf": match.url, "reason": match.reason, "similarity": round(match.similarity, 3)}
        )
        self._sidecar_file.flush()

    def close_spider(self) -> None:
        if self.store is None:
            return
        final = self.journal.finish() if self.journal is not None else None
        self.store.commit()
        self.store.close()
        self.store = None
        if final is not None:
            self.stats.set_value("newscrawl/output", str(final))
            logger.info("Wrote %d new articles to %s", self.journal.count, final)
        if self._sidecar_file is not None:
            self._sidecar_file.close()
        if self.config.state_path is not None:
            release(self.lock_path)
