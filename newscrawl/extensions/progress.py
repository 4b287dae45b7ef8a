"""One line on the terminal, updated every few seconds while a crawl runs:

    newscrawl: 1,204 pages, 388 articles written, 41 duplicates, 2,310 links pending, 23.5 pages/s

Only when stderr is a terminal (never in cron, a pipe or a log file) and
``NEWSCRAWL_PROGRESS_INTERVAL`` is above 0; the line is cleared when the run ends.
"""

from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from .. import stats as keys
from ..config import NewscrawlConfig

CLEAR = "\r\x1b[K"


class ProgressLine:
    def __init__(self, crawler, interval: float, stream) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self._loop: task.LoopingCall | None = None
        self._began = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler) -> "ProgressLine":
        interval = NewscrawlConfig.of(crawler).progress_interval
        if interval <= 0 or not sys.stderr.isatty():
            raise NotConfigured  # without a reason: Scrapy would log one as a warning on every run
        ext = cls(crawler, interval, sys.stderr)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        self._began = time.monotonic()
        self._loop = task.LoopingCall(self.show)
        self._loop.start(self.interval, now=False)

    def spider_closed(self, spider, reason) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.stream.write(CLEAR)
        self.stream.flush()

    def line(self) -> str:
        stats = self.crawler.stats
        pages = stats.get_value("response_received_count", 0)
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        try:
            pending = len(scheduler) if scheduler is not None else 0
        except TypeError:  # a scheduler without a length
            pending = 0
        rate = pages / max(time.monotonic() - self._began, 1e-6)
        return (f"newscrawl: {pages:,} pages, {stats.get_value(keys.WRITTEN, 0):,} articles written, "
                f"{stats.get_value(keys.DEDUPE_DROPPED, 0):,} duplicates, {pending:,} links pending, {rate:.1f} pages/s")

    def show(self) -> None:
        self.stream.write(CLEAR + self.line())
        self.stream.flush()
