"""Drops URL variants, exact copies and near copies of articles already written.

The first copy seen is written; every dropped copy goes to the run's sidecar
``duplicates-<run>.jsonl`` as ``{"url", "duplicateOf", "reason", "similarity"}``
and is counted under ``newscrawl/dedupe/…``. With a persistent state, an
article an earlier run wrote is dropped as known (``newscrawl/state/known``).
``-a max_articles`` is enforced here, where "written" is decided (by the crawl
state's claim): an article over it is dropped and stays pending for the next run.
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.defer import deferred_from_coro

from .. import stats as keys
from ..config import NewscrawlConfig
from ..dedupe.signatures import signature
from ..extensions.state import CrawlStateExtension
from ..output.journal import output_name
from ..state import CrawlFull, CrawlState, Match, page_record

logger = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(self, state: CrawlState, stats, run: str, config: NewscrawlConfig, max_articles: int = 0,
                 crawler=None) -> None:
        self.crawler = crawler
        self.state = state
        self.stats = stats
        self.run = run
        self.output_dir = config.output_dir
        self.threshold = config.near_duplicate_threshold
        self.max_articles = max_articles
        self._sidecar = None
        self._sidecar_file = None

    @classmethod
    def from_crawler(cls, crawler) -> "DedupePipeline":
        ext = crawler.get_extension(CrawlStateExtension)
        # The spider turns -a max_articles into Scrapy's CloseSpider item count.
        return cls(ext.state, crawler.stats, ext.run, NewscrawlConfig.of(crawler),
                   crawler.settings.getint("CLOSESPIDER_ITEMCOUNT"), crawler)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        page = page_record(adapter)
        sig = signature(adapter.get("articleBody") or "")
        try:
            # One call finds a match or records the article: atomic in a shared store, so two
            # workers that fetch two copies of one story at the same moment write it once.
            match = self.state.claim(page, sig, self.run, output_name(self.run) if self.state.persistent else None,
                                     self.threshold, self.max_articles)
        except CrawlFull:
            # Pages in flight when the limit was reached (by this run, or by the workers of a
            # shared crawl together): left pending for the next run, and this run stops.
            self.stats.inc_value(keys.SKIPPED_REASON.format("max_articles_reached"))
            if self.crawler is not None:
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="closespider_itemcount"))
            raise DropItem(f"max_articles reached, left for the next run: {page.url}", log_level="DEBUG") from None
        if match is None:
            if self.state.persistent:
                self.stats.inc_value(keys.STATE_NEW)
            return item
        self.state.add_page(page, match.article_id)  # its keys, and its lists as they are now
        if match.reason == "url" and match.run != self.run:
            self.stats.inc_value(keys.STATE_KNOWN)
            raise DropItem(f"known from an earlier run: {page.url}", log_level="DEBUG")
        self._record_duplicate(page.url, match)
        raise DropItem(f"{match.reason} duplicate of {match.url}: {page.url}", log_level="DEBUG")

    def _record_duplicate(self, url: str, match: Match) -> None:
        self.stats.inc_value(keys.DEDUPE_DROPPED)
        self.stats.inc_value(keys.DEDUPE_REASON.format(match.reason))
        if self._sidecar is None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            self._sidecar_file = (self.output_dir / f"duplicates-{self.run}.jsonl").open("ab")
            self._sidecar = JsonLinesItemExporter(self._sidecar_file, encoding="utf-8", ensure_ascii=False)
        self._sidecar.export_item(
            {"url": url, "duplicateOf": match.url, "reason": match.reason, "similarity": round(match.similarity, 3)}
        )
        self._sidecar_file.flush()

    def close_spider(self) -> None:
        if self._sidecar_file is not None:
            self._sidecar_file.close()
