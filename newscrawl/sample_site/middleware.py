"""Serves the bundled sample site when a crawl is given no start URL.

A spider middleware, so the spider does not know the sample site exists: before
the spider's ``start()`` runs, a spider without start URLs is given the sample
site's, and the site is stopped when the spider closes.
"""

from __future__ import annotations

import logging

from scrapy import signals

from ..config import NewscrawlConfig
from .server import SampleSiteServer

logger = logging.getLogger(__name__)


class SampleSiteMiddleware:
    def __init__(self, crawler, hosts: tuple[str, ...]) -> None:
        self.crawler = crawler
        self.hosts = hosts
        self.server: SampleSiteServer | None = None

    @classmethod
    def from_crawler(cls, crawler) -> "SampleSiteMiddleware":
        mw = cls(crawler, NewscrawlConfig.of(crawler).sample_hosts)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    async def process_start(self, start):
        spider = self.crawler.spider
        if not spider.options.start_urls:
            self.server = SampleSiteServer(dict(zip(("lotrade", "predictiq"), self.hosts)))
            site = self.server.start()
            spider.options = spider.options.with_start_urls(site.start_urls)
            logger.info(
                "No start URL given: serving the bundled sample site (%d articles%s on %s) on loopback and crawling it from %s",
                len(site.articles), ", the seed article among them" if site.seed_from_file else "",
                ", ".join(m.origin for m in site.mirrors.values()), ", ".join(site.start_urls),
            )
        async for item_or_request in start:
            yield item_or_request

    def spider_closed(self, spider) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None
