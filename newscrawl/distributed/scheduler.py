"""scrapy-redis's scheduler with the leased stream queue and the URL-key dupefilter."""

from __future__ import annotations

import redis
from scrapy_redis.scheduler import Scheduler

from ..config import NewscrawlConfig
from ..state.redis import connect
from .dupefilter import UrlKeyDupeFilter
from .keys import RedisKeys
from .lost import is_lost, redis_lost
from .queue import LeasedStreamQueue
from .roster import WorkerRoster


class SharedScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler) -> "SharedScheduler":
        config = NewscrawlConfig.of(crawler)
        keys = RedisKeys(config.redis_prefix)
        scheduler = cls(server=connect(config.redis_url), persist=True, queue_key=keys.requests,
                        dupefilter=UrlKeyDupeFilter.from_crawler(crawler))
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        scheduler.keys = keys
        scheduler.worker = config.worker_id
        scheduler.lease_ms = int(config.redis_lease * 1000)
        return scheduler

    def open(self, spider) -> None:
        self.spider = spider
        self.queue = LeasedStreamQueue(self.server, spider, self.queue_key, keys=self.keys,
                                       worker=self.worker, lease_ms=self.lease_ms)
        self.roster = WorkerRoster(self.server, self.keys, self.worker)
        began = self.roster.join()
        self.roster.keep_place()
        if began:
            # No other worker at work: this run begins a new round (start pages fetched
            # again, -a max_articles counted afresh); what earlier runs left queued is continued.
            spider.log(f"Beginning a round of the shared crawl ({len(self.queue)} requests queued)")
        else:
            spider.log(f"Joining a shared crawl ({len(self.queue)} requests queued, {self.queue.leased()} held)")

    def close(self, reason) -> None:
        self.roster.leave()
        super().close(reason)

    # Redis gone for longer than the client's retries: stop the run, and ask nothing more.

    def _or_else(self, call, fallback):
        if is_lost(self.crawler):
            return fallback
        try:
            return call()
        except redis.RedisError as exc:
            redis_lost(self.crawler, exc)
            return fallback

    def enqueue_request(self, request) -> bool:
        return self._or_else(lambda: super(SharedScheduler, self).enqueue_request(request), False)

    def next_request(self):
        return self._or_else(super().next_request, None)

    def has_pending_requests(self) -> bool:
        return self._or_else(super().has_pending_requests, False)
