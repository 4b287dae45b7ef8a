"""Writes each new article to the run's crash-safe file, when the state persists.

Output first, state second: the state is committed only right after the file
is fsynced (every ``NEWSCRAWL_SYNC_EVERY`` articles, and at the end), so the
state never names an article that is not safely in a file. Without a
persistent state, Scrapy's feed exports write the output instead
(:mod:`newscrawl.output.addon` decides which).
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from .. import stats as keys
from ..config import NewscrawlConfig
from ..extensions.state import CrawlStateExtension
from ..output.addon import uses_journal
from ..output.journal import Journal
from ..state import CrawlState, StateError

logger = logging.getLogger(__name__)


class JournalPipeline:
    def __init__(self, state: CrawlState, stats, journal: Journal, sync_every: int, crawler=None, run: str = "") -> None:
        self.run = run
        self.state = state
        self.stats = stats
        self.journal = journal
        self.sync_every = sync_every
        self.crawler = crawler
        self.failure: Exception | None = None
        self._unsynced = 0

    @classmethod
    def from_crawler(cls, crawler) -> "JournalPipeline":
        config = NewscrawlConfig.of(crawler)
        if not uses_journal(config):
            raise NotConfigured("no state path: Scrapy's feed exports write the output (newscrawl.output.addon)")
        ext = crawler.get_extension(CrawlStateExtension)
        return cls(ext.state, crawler.stats, Journal(config.output_dir, ext.run), config.sync_every, crawler, ext.run)

    def process_item(self, item):
        if self.failure is None:
            try:
                self.journal.write(item)
                self._unsynced += 1
                if self._unsynced >= self.sync_every:
                    self._sync()
                return item
            except (OSError, StateError) as exc:
                self._fail(exc)
        # What the state holds since the last commit names articles that may not
        # be in the file: forget it. Complete lines are recovered by the next run.
        self.state.rollback()
        raise DropItem(f"not written, the output failed ({self.failure})")

    def _sync(self) -> None:
        self.journal.sync()
        self.state.commit()
        self._unsynced = 0

    def _fail(self, exc: Exception) -> None:
        """Stop writing: the file stays a ``.part``, which the next run records and finishes."""
        self.failure = exc
        self.journal.abandon()
        if isinstance(exc, StateError):
            return  # the state extension says so and stops the run
        self.stats.inc_value(keys.ERROR_KIND.format("output"))
        logger.error("Cannot write the output file %s (%s): stopping the run", self.journal.part, exc)
        if self.crawler is not None and self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=keys.FINISH_OUTPUT_FAILED))

    def close_spider(self) -> None:
        if self.failure is None:
            try:
                # State first, then the final name: a crash or a failed rename in between
                # leaves a .part file whose articles the next run finds already recorded.
                self.journal.sync()
                self.state.commit()
                final = self.journal.finish()
                self.state.settle(self.run)  # every claim of this run is in the finished file
            except (OSError, StateError) as exc:
                self._fail(exc)
            else:
                if final is not None:
                    self.stats.set_value(keys.OUTPUT, str(final))
                    logger.info("Wrote %d new articles to %s", self.journal.count, final)
                return
        self.state.rollback()
