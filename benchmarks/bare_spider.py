"""The baseline: a bare Scrapy spider that follows the same three lists and
yields ``{url, title}``, leaving duplicate links to Scrapy's dupefilter.

Run with ``scrapy runspider`` from the project, it gets the project's settings
(concurrency, ``CONCURRENT_ITEMS``, robots.txt, user agent) and none of
newscrawl's components. With ``-a like_for_like=1`` it gets newscrawl's tricks
that are not extraction, dedupe or output: the seen-set that skips building a
request for a link already requested, and (given ``-s EXTENSIONS=…`` with the
GC extension, as the benchmark does) the raised garbage-collection threshold."""

from __future__ import annotations

import json
from pathlib import Path

import scrapy

from newscrawl.extensions.summary import peak_rss_bytes
from newscrawl.spiders.frontier import Frontier
from newscrawl.stats import PEAK_RSS
from newscrawl.urls import InvalidURL

LISTS = ("//*[self::h2 or self::h3][normalize-space()='Related' or normalize-space()='Ranking' "
         "or normalize-space()='Recommendation']/following-sibling::*//a/@href")


class BareSpider(scrapy.Spider):
    name = "bare"
    # Plain Scrapy: none of newscrawl's middlewares, pipelines, extensions (so
    # Python's own garbage-collection threshold), add-ons or fingerprinter.
    custom_settings = {
        "SPIDER_MIDDLEWARES": {},
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},
        "ADDONS": {},
        "REQUEST_FINGERPRINTER_CLASS": "scrapy.utils.request.RequestFingerprinter",
        "COMMANDS_MODULE": "",
    }

    def __init__(self, url: str = "", like_for_like: str = "", *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.urls = [u for u in url.split(",") if u]
        self.seen = Frontier() if like_for_like else None

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, self.parse)

    def parse(self, response):
        yield {"url": response.url, "title": response.xpath("normalize-space(//h1)").get()}
        for href in response.xpath(LISTS).getall():
            if self.seen is None:
                yield response.follow(href, self.parse)
                continue
            try:
                url = self.seen.admit(response.urljoin(href), 0)
            except InvalidURL:
                continue
            if url is not None:
                yield scrapy.Request(url, self.parse)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._dump_stats, signal=scrapy.signals.engine_stopped)
        return spider

    def _dump_stats(self) -> None:
        # Same stats file as newscrawl's run summary writes, for the benchmark to read.
        path = self.settings.get("NEWSCRAWL_STATS_FILE")
        if path:
            stats = dict(self.crawler.stats.get_stats())
            stats[PEAK_RSS] = peak_rss_bytes()
            Path(path).write_text(json.dumps(stats, default=str))
