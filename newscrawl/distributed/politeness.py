"""Per-host limits that hold for the whole shared crawl, not for each worker.

Scrapy keeps ``CONCURRENT_REQUESTS_PER_DOMAIN`` and the download delay (fixed, or
AutoThrottle's) per process: ten workers would hit one site ten times as hard.
This downloader middleware, last before the download, takes one of the host's
``CONCURRENT_REQUESTS_PER_DOMAIN`` slots in Redis for each request, and waits its
turn after the host's last request by the delay this worker's downloader keeps
for it (so AutoThrottle's delay, learnt from the server's latency, is shared
too). A slot is given back when the response (or the error) comes, and lapses by
itself after ``DOWNLOAD_TIMEOUT`` plus a margin if its worker died. The clock is
Redis's, so machines with skewed clocks agree.
"""

from __future__ import annotations

import uuid

import redis

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached

from ..config import NewscrawlConfig
from ..state.redis import connect
from .keys import RedisKeys
from .lost import is_lost, redis_lost

TOKEN_META_KEY = "newscrawl_host_slot"
#: Seconds a slot outlives DOWNLOAD_TIMEOUT before it lapses (its worker died mid-request).
SLOT_MARGIN = 30
#: Waits, in ms, before asking again when every slot of a host is taken: doubling from the
#: first to the last, so a busy host costs few round trips.
POLL_MS = (25, 400)

# KEYS: the host's slots (sorted set, score = lapse time in ms), the host's next allowed start.
# ARGV: limit, slot lease ms, delay ms, token. Returns 0 when the slot is taken, else ms to wait.
ACQUIRE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, lease, delay, token = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if next_start > now then return next_start - now end
if redis.call('ZCARD', KEYS[1]) >= limit then return -1 end
redis.call('ZADD', KEYS[1], now + lease, token)
redis.call('PEXPIRE', KEYS[1], lease)
if delay > 0 then redis.call('SET', KEYS[2], now + delay, 'PX', delay) end
return 0
"""


class SharedHostLimit:
    def __init__(self, crawler, client, keys: RedisKeys, limit: int, lease_ms: int) -> None:
        self.crawler = crawler
        self.db = client
        self.keys = keys
        self.limit = limit
        self.lease_ms = lease_ms
        self._acquire = client.register_script(ACQUIRE_LUA)

    @classmethod
    def from_crawler(cls, crawler) -> "SharedHostLimit":
        config = NewscrawlConfig.of(crawler)
        if not config.redis_url:
            raise NotConfigured("no NEWSCRAWL_REDIS_URL")
        settings = crawler.settings
        lease_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT") + SLOT_MARGIN) * 1000)
        return cls(crawler, connect(config.redis_url), RedisKeys(config.redis_prefix),
                   settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), lease_ms)

    async def process_request(self, request) -> None:
        if request.meta.get("playwright"):
            return None  # the browser is handed the page already downloaded
        if is_lost(self.crawler):
            raise IgnoreRequest("Redis was lost: this worker is stopping")
        host = urlparse_cached(request).hostname or ""
        token = uuid.uuid4().hex
        slots, next_start = self.keys.host_slots(host), self.keys.host_next(host)
        delay_ms = int(self._delay(request) * 1000)
        poll = POLL_MS[0]
        while True:
            try:
                wait = self._acquire(keys=[slots, next_start], args=[self.limit, self.lease_ms, delay_ms, token])
            except redis.RedisError as exc:
                redis_lost(self.crawler, exc)
                raise
            if wait == 0:
                break
            if wait < 0:
                await sleep(poll / 1000)
                poll = min(2 * poll, POLL_MS[1])
            else:
                await sleep(min(wait, 5000) / 1000)
        request.meta[TOKEN_META_KEY] = (slots, token)
        return None

    def _delay(self, request) -> float:
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        return slot.delay if slot is not None else self.crawler.settings.getfloat("DOWNLOAD_DELAY")

    def _release(self, request) -> None:
        held = request.meta.pop(TOKEN_META_KEY, None)
        if held is not None and not is_lost(self.crawler):
            try:
                self.db.zrem(*held)
            except redis.RedisError:
                pass  # the slot lapses by itself

    def process_response(self, request, response):
        self._release(request)
        return response

    def process_exception(self, request, exception) -> None:
        self._release(request)
        return None
