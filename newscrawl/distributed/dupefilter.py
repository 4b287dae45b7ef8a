"""scrapy-redis's dupefilter, on newscrawl's request fingerprint.

scrapy-redis hashes ``canonicalize_url`` by itself, so ``?utm_source=`` variants,
``www.`` and http/https forms of a page would be fetched again; here the
fingerprint is the crawler's (:mod:`newscrawl.fingerprint`, the URL key)."""

from __future__ import annotations

from scrapy_redis.dupefilter import RFPDupeFilter

from ..config import NewscrawlConfig
from ..state.redis import connect
from .keys import RedisKeys


class UrlKeyDupeFilter(RFPDupeFilter):
    fingerprinter = None

    @classmethod
    def from_crawler(cls, crawler) -> "UrlKeyDupeFilter":
        config = NewscrawlConfig.of(crawler)
        dupefilter = cls(connect(config.redis_url), key=RedisKeys(config.redis_prefix).dupefilter,
                         debug=crawler.settings.getbool("DUPEFILTER_DEBUG"))
        dupefilter.fingerprinter = crawler.request_fingerprinter
        return dupefilter

    def request_fingerprint(self, request) -> str:
        return self.fingerprinter.fingerprint(request).hex()
