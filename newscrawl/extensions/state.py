"""Opens the crawl state for the run's components and records the run in it.

The frontier middleware and the pipelines find the state here
(``crawler.get_extension(CrawlStateExtension).state``), so one run has one
connection and one transaction. The lock and the recovery of an interrupted
run's output happen before, in the entry point that owns the run
(:mod:`newscrawl.runguard`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from scrapy import signals

from .. import stats as keys
from ..config import NewscrawlConfig
from ..runguard import RECOVERED_SETTING
from scrapy.utils.defer import deferred_from_coro

from ..state import CrawlState, StateError, open_state

logger = logging.getLogger(__name__)


def run_stamp() -> str:
    """A run's id: its start in UTC, to the microsecond (also the name of its output file)."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class CrawlStateExtension:
    def __init__(self, state: CrawlState, stats, run: str, recovered: int = 0, crawler=None) -> None:
        self.state = state
        self.stats = stats
        self.run = run
        self.recovered = recovered
        self.crawler = crawler
        state.on_failure = self.state_failed

    @classmethod
    def from_crawler(cls, crawler) -> "CrawlStateExtension":
        recovered = crawler.settings.getint(RECOVERED_SETTING)
        config = NewscrawlConfig.of(crawler)
        # A worker of a shared crawl puts its id in its run id, so in its output file's name.
        run = run_stamp() + (f"-{config.worker_id}" if config.redis_url else "")
        ext = cls(open_state(config), crawler.stats, run, recovered, crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        # spider_closed comes after the pipelines closed (and committed) the output.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        # A run stopped before its spider opened gets no spider_closed: close the
        # state anyway (uncommitted changes are dropped), so the entry point can use it.
        crawler.signals.connect(ext.close, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider) -> None:
        self.stats.set_value(keys.RUN, self.run)
        if self.recovered:
            self.stats.set_value(keys.STATE_RECOVERED, self.recovered)
        self.state.start_run(self.run, utc_now())

    def state_failed(self, error) -> None:
        """The store could not write (a full disk): stop the run; it fails (exit 1), and the
        output of this run stays a ``.part`` file that the next run records and finishes."""
        self.stats.inc_value(keys.ERROR_KIND.format("state"))
        logger.error("%s: stopping the run", error)
        if self.crawler is not None and self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=keys.FINISH_STATE_FAILED))

    def spider_closed(self, spider, reason: str) -> None:
        if self.state.broken is None:
            try:
                self.state.finish_run(self.run, utc_now(), reason, self.stats.get_value(keys.WRITTEN, 0))
                if self.state.persistent:
                    self.stats.set_value(keys.FRONTIER_PENDING, self.state.pending_count())
                self.state.commit()
            except StateError:
                pass  # said by state_failed
        self.close()

    def close(self) -> None:
        if self.state is not None:
            self.state.close()
            self.state = None
