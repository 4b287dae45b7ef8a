"""scrapy-redis's dupefilter on newscrawl's request fingerprint, aware of link depth.

scrapy-redis hashes ``canonicalize_url`` by itself, so ``?utm_source=`` variants,
``www.`` and http/https forms of a page would be fetched again; here the
fingerprint is the crawler's (:mod:`newscrawl.fingerprint`, the URL key). As in
:mod:`newscrawl.dupefilter`, a request for a page met nearer a start page than
before (by any worker) passes: the hash keeps each fingerprint's smallest depth."""

from __future__ import annotations

from scrapy_redis.dupefilter import RFPDupeFilter

from ..config import NewscrawlConfig
from ..dupefilter import request_depth
from ..state.redis import connect
from .keys import RedisKeys

# KEYS: the hash fingerprint → depth. ARGV: fingerprint, depth (-1: none). Returns 1 when seen.
SEEN_LUA = """
local depth = tonumber(ARGV[2])
local seen = redis.call('HGET', KEYS[1], ARGV[1])
if seen and (depth < 0 or depth >= tonumber(seen)) then return 1 end
redis.call('HSET', KEYS[1], ARGV[1], depth < 0 and 0 or depth)
return 0
"""


class UrlKeyDupeFilter(RFPDupeFilter):
    fingerprinter = None

    @classmethod
    def from_crawler(cls, crawler) -> "UrlKeyDupeFilter":
        config = NewscrawlConfig.of(crawler)
        dupefilter = cls(connect(config.redis_url), key=RedisKeys(config.redis_prefix).dupefilter,
                         debug=crawler.settings.getbool("DUPEFILTER_DEBUG"))
        dupefilter.fingerprinter = crawler.request_fingerprinter
        dupefilter._seen = dupefilter.server.register_script(SEEN_LUA)
        return dupefilter

    def request_fingerprint(self, request) -> str:
        return self.fingerprinter.fingerprint(request).hex()

    def request_seen(self, request) -> bool:
        depth = request_depth(request)
        return bool(self._seen(keys=[self.key], args=[self.request_fingerprint(request), -1 if depth is None else depth]))
