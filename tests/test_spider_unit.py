"""Spider behaviour that a crawl cannot easily provoke, tested on a real spider object."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newscrawl.rendering.planner import RenderPlanner
from newscrawl.spiders import article as article_module
from newscrawl.spiders.article import ArticleSpider


def make_spider():
    crawler = get_crawler(ArticleSpider, {"NEWSCRAWL_RENDER": "never"})
    spider = ArticleSpider.from_crawler(crawler, url="http://127.0.0.1/html/a.html")
    # What spider_opened sets up, without an engine.
    spider.renderer = RenderPlanner(spider.config, crawler.stats)
    return spider


def test_an_extractor_crash_is_a_counted_error_not_a_lost_crawl(monkeypatch, caplog):
    spider = make_spider()

    def broken(page):
        raise ZeroDivisionError("bug in an extractor")

    monkeypatch.setattr(article_module, "extract_page", broken)
    url = "http://127.0.0.1/html/a.html"
    response = HtmlResponse(url=url, body=b"<html><body><p>x</p></body></html>", encoding="utf-8",
                            request=Request(url), headers={"Content-Type": "text/html"})
    assert list(spider.parse_page(response, {"via": "start", "fromUrl": None, "depth": 0})) == []
    assert spider.crawler.stats.get_value("newscrawl/errors/extraction/ZeroDivisionError") == 1
    assert "Extraction failed on http://127.0.0.1/html/a.html" in caplog.text
