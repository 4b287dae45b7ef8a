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
from ..state import CrawlState, open_state

logger = logging.getLogger(__name__)


def run_stamp() -> str:
    """A run's id: its start in UTC, to the microsecond (also the name of its output file)."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class CrawlStateExtension:
    def __init__(self, state: CrawlState, stats, run: str, recovered: int = 0) -> None:
        self.state = state
        self.stats = stats
        self.run = run
        self.recovered = recovered

    @classmethod
    def from_crawler(cls, crawler) -> "CrawlStateExtension":
        recovered = crawler.settings.getint(RECOVERED_SETTING)
        ext = cls(open_state(NewscrawlConfig.of(crawler)), crawler.stats, run_stamp(), recovered)
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

    def spider_closed(self, spider, reason: str) -> None:
        self.state.finish_run(self.run, utc_now(), reason, self.stats.get_value(keys.WRITTEN, 0))
        if self.state.persistent:
            self.stats.set_value(keys.FRONTIER_PENDING, self.state.pending_count())
        self.state.commit()
        self.close()

    def close(self) -> None:
        if self.state is not None:
            self.state.close()
            self.state = None
