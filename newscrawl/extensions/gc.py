"""Fewer garbage-collector passes while a crawl runs.

Every page leaves thousands of short-lived container objects behind (parsed
elements, text blocks, link dicts, Scrapy's requests, deferreds and asyncio
tasks). With Python's generation-0 threshold of 700 the cyclic collector runs
several times per page and, every hundred passes, walks the whole heap. A
threshold of 10,000 made the benchmark crawl about 9% faster (README,
Performance). Reference counting still frees almost everything at once; only
reference cycles wait longer, and some hold whole pages: at 50,000 a crawl of
20,000 pages was hardly faster and peaked at 279 MiB instead of 211.
"""

from __future__ import annotations

import gc
import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

from ..config import NewscrawlConfig

logger = logging.getLogger(__name__)


class GcThreshold:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self._saved: tuple[int, ...] | None = None

    @classmethod
    def from_crawler(cls, crawler) -> "GcThreshold":
        threshold = NewscrawlConfig.of(crawler).gc_threshold
        if not threshold:
            raise NotConfigured("NEWSCRAWL_GC_THRESHOLD is 0")
        ext = cls(threshold)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_started(self) -> None:
        self._saved = gc.get_threshold()
        gc.set_threshold(self.threshold, *self._saved[1:])
        logger.debug("Garbage-collection threshold %s while crawling (was %s)", self.threshold, self._saved[0])

    def engine_stopped(self) -> None:
        # The process may go on (the cron entry, tests): give it back its collector.
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
