"""Counts what the written articles carry, and runs :mod:`newscrawl.monitors` when the run ends.

The results go into the stats (``newscrawl/monitors/…``), where the summary, the run
report and the cron entry's exit code read them.
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy import signals

from .. import stats as keys
from ..config import COVERAGE_FIELDS, NewscrawlConfig
from ..monitors import failed_text, run_monitors

logger = logging.getLogger(__name__)


class RunMonitors:
    def __init__(self, stats, config: NewscrawlConfig) -> None:
        self.stats = stats
        self.config = config

    @classmethod
    def from_crawler(cls, crawler) -> "RunMonitors":
        ext = cls(crawler.stats, NewscrawlConfig.of(crawler))
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        # Before the summary (connected later), which prints the results.
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def item_scraped(self, item, spider) -> None:
        adapter = ItemAdapter(item)
        for name in COVERAGE_FIELDS:
            if adapter.get(name):
                self.stats.inc_value(keys.COVERAGE_FIELD.format(name))

    def engine_stopped(self) -> None:
        results = [r.as_dict() for r in run_monitors(self.stats.get_stats(), self.config)]
        failed = sum(not r["ok"] for r in results)
        self.stats.set_value(keys.MONITORS_RESULTS, results)
        self.stats.set_value(keys.MONITORS_FAILED, failed)
        if failed:
            logger.warning("Monitors failed: %s", failed_text(results))
