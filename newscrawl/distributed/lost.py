"""What a worker does when Redis is gone for longer than the client's retries ride out."""

from __future__ import annotations

import logging

from scrapy.utils.defer import deferred_from_coro

from .. import stats as keys

logger = logging.getLogger(__name__)


def is_lost(crawler) -> bool:
    """Whether this run has lost Redis (or its state in Redis): then nothing more asks it, so a
    stopping worker does not wait out the client's retries once more for every call."""
    stats = crawler.stats
    return bool(stats.get_value(keys.ERROR_KIND.format("redis")) or stats.get_value(keys.ERROR_KIND.format("state")))


def redis_lost(crawler, exc: Exception) -> None:
    """Stop the run (finish reason ``redis_lost``, exit 1): what it wrote stays in its output
    file, and the next run, with Redis back, goes on from the shared queue."""
    if crawler.stats.get_value(keys.ERROR_KIND.format("redis")):
        return  # said once
    crawler.stats.inc_value(keys.ERROR_KIND.format("redis"))
    logger.error("Lost Redis (%s): stopping this worker", exc)
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=keys.FINISH_REDIS_LOST))
