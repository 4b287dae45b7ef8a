"""Keeps a worker of a shared crawl busy, and stops it once the crawl has been idle for
``NEWSCRAWL_REDIS_IDLE_TIMEOUT``.

* Scrapy asks an idle scheduler for work only every five seconds (the engine's
  heartbeat) or when one of its own requests ends: a worker would sit while others
  add requests to the shared queue. Every :data:`POLL` seconds, when the queue has
  requests, the engine is told to ask again (it takes what it has room for).
* Scrapy would close a spider whose own queue is empty at once; another worker may
  still hold requests whose pages add links. So an idle worker stays while the
  shared stream has requests queued or held by any worker, and stops once it has
  had neither for the timeout (the crawl round is then over).
"""

from __future__ import annotations

import logging
import time

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from ..config import NewscrawlConfig
from .lost import is_lost, redis_lost

logger = logging.getLogger(__name__)

#: Seconds between looks at the shared queue while this worker has nothing to do.
POLL = 0.25


class SharedIdleStop:
    def __init__(self, crawler, timeout: float) -> None:
        self.crawler = crawler
        self.timeout = timeout
        self._idle_since: float | None = None
        self._poll = task.LoopingCall(self._wake_if_work)

    @classmethod
    def from_crawler(cls, crawler) -> "SharedIdleStop":
        config = NewscrawlConfig.of(crawler)
        if not config.redis_url:
            raise NotConfigured("no NEWSCRAWL_REDIS_URL")
        ext = cls(crawler, config.redis_idle_timeout)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        self._poll.start(POLL, now=False)

    def spider_closed(self, spider) -> None:
        if self._poll.running:
            self._poll.stop()

    def _wake_if_work(self) -> None:
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        if slot is None or slot.closing or engine.scheduler is None or is_lost(self.crawler):
            return
        try:
            if len(engine.scheduler.queue):
                slot.nextcall.schedule()  # Scrapy's own "ask the scheduler again"
        except redis.RedisError as exc:
            redis_lost(self.crawler, exc)

    def spider_idle(self, spider) -> None:
        queue = self.crawler.engine.scheduler.queue
        if is_lost(self.crawler):
            return
        try:
            busy = len(queue) or queue.leased()
        except redis.RedisError as exc:
            redis_lost(self.crawler, exc)
            return
        if busy:
            self._idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.timeout:
            raise DontCloseSpider
        logger.info("The shared crawl has been idle for %.0f s: this worker stops", now - self._idle_since)
