"""Scrapy's scheduler, holding at most ``NEWSCRAWL_QUEUE_MAX`` requests in memory.

Without ``JOBDIR`` (cron runs have none), Scrapy keeps every request it has not sent yet in
memory: on a large site that is most of the site, and the crawl's memory grows with it.
But every link the crawl follows is recorded as pending in the crawl state before it
reaches the scheduler (:mod:`newscrawl.middlewares.frontier` marks such a request). So
while the queue is full, such a request is simply not queued: it stays pending in the
state, on disk, and the frontier middleware feeds it back when the crawl runs dry. Start
requests, refreshed known pages and requests fed back are always queued.

With ``JOBDIR`` the queue is on disk already, and nothing is held back.
"""

from __future__ import annotations

from scrapy.core.scheduler import Scheduler

from . import stats as keys
from .config import NewscrawlConfig

#: Set by the frontier middleware on a request whose link the state records as pending.
PENDING_META = "newscrawl_pending"
#: Set on a request fed back from the state: queued whatever the queue holds.
REFED_META = "newscrawl_refed"


class StateBackedScheduler(Scheduler):
    #: Requests held back because the queue was full, since the frontier last began feeding them back.
    held_back: int = 0
    queue_max: int = 0

    @classmethod
    def from_crawler(cls, crawler) -> "StateBackedScheduler":
        scheduler = super().from_crawler(crawler)
        scheduler.queue_max = 0 if scheduler.dqdir else NewscrawlConfig.of(crawler).queue_max
        return scheduler

    def enqueue_request(self, request) -> bool:
        if (self.queue_max and request.meta.get(PENDING_META) and not request.meta.get(REFED_META)
                and not request.dont_filter and len(self) >= self.queue_max):
            self.held_back += 1
            self.stats.inc_value(keys.FRONTIER_HELD_BACK)
            return True  # not dropped: it is pending in the state
        return super().enqueue_request(request)
