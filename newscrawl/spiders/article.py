"""``scrapy crawl article``: start from article pages, follow their three link lists.

The spider only wires requests: reading a page is the extractors' job, and
what happens to an item afterwards is the pipelines' and feed exports'.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..config import NewscrawlConfig
from ..extractors import EmptyPage, HtmlPage, extract_page
from ..items import Article
from ..pipelines import DedupePipeline
from ..rendering.browser import HTML_META_KEY
from ..rendering.planner import NO_RENDER_META_KEY, REASON_META_KEY, RenderPlanner
from ..rendering.policy import render_reason
from ..urls import InvalidURL, host_of
from .frontier import Frontier
from .options import SpiderOptions

logger = logging.getLogger(__name__)

STATS_PREFIX = "newscrawl"


class ArticleSpider(scrapy.Spider):
    name = "article"

    def __init__(self, *args, url=None, urls_file=None, sections=None, depth=None, max_articles=None, hosts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = SpiderOptions.parse(url, urls_file, sections, depth, max_articles, hosts)
        self._sample_server = None
        #: Articles yielded and not dropped by a pipeline, for -a max_articles.
        self._articles = 0
        self._frontier = Frontier()
        self._dedupe: DedupePipeline | None = None  # found when the spider opens

    @classmethod
    def check_arguments(cls, **kwargs) -> None:
        """Raise :class:`scrapy.exceptions.UsageError` for bad ``-a`` arguments."""
        SpiderOptions.parse(**{k: v for k, v in kwargs.items() if k in SpiderOptions.ARGUMENTS})

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        if not settings.getdict("FEEDS") and not settings.get("NEWSCRAWL_STATE_PATH"):
            # No -o/-O/FEEDS: one JSON Lines file per run under NEWSCRAWL_OUTPUT_DIR.
            # (With state, the dedupe pipeline writes that file itself, crash-safe.)
            output_dir = NewscrawlConfig.from_settings(settings).output_dir
            settings.set(
                "FEEDS",
                {str(output_dir / "articles-%(time)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}},
                priority="spider",
            )

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = NewscrawlConfig.from_settings(crawler.settings)
        if spider.options.max_articles:
            # Scrapy's CloseSpider extension counts items that passed the pipelines.
            crawler.settings.set("CLOSESPIDER_ITEMCOUNT", spider.options.max_articles, priority="spider")
        crawler.signals.connect(spider._spider_opened, signal=scrapy.signals.spider_opened)
        crawler.signals.connect(spider._stop_sample_site, signal=scrapy.signals.spider_closed)
        crawler.signals.connect(spider._item_dropped, signal=scrapy.signals.item_dropped)
        return spider

    def _spider_opened(self, spider) -> None:
        # Stats and the engine's pipelines exist from here on.
        self.renderer = RenderPlanner(self.config, self.crawler.stats)
        self._dedupe = self.crawler.get_item_pipeline(DedupePipeline)

    async def start(self):
        if not self.options.start_urls:
            self._serve_sample_site()
        for url in self.options.start_urls:
            self._frontier.add(url)
            yield self._request(url, {"via": "start", "fromUrl": None, "depth": 0})

    # -- requests -------------------------------------------------------------

    def _request(self, url: str, discovery: dict) -> scrapy.Request:
        reason = self.renderer.direct_reason(host_of(url))
        return scrapy.Request(
            url, callback=self.parse_page, errback=self.on_error, cb_kwargs={"discovery": discovery},
            meta=self.renderer.meta(reason) if reason else {},
        )

    def _render_request(self, response: Response, discovery: dict, reason: str) -> scrapy.Request:
        # Same URL again, through the browser, handed the HTML we already have.
        return scrapy.Request(
            response.url, callback=self.parse_page, errback=self.on_error, cb_kwargs={"discovery": discovery},
            meta=self.renderer.meta(reason, html=response.text), dont_filter=True,
        )

    def _follow(self, links: dict[str, list[dict]], response: Response, depth: int):
        for section in self.options.sections:
            for link in links.get(section, ()):
                try:
                    url = self._frontier.admit(link["url"])
                except InvalidURL:
                    self.crawler.stats.inc_value(f"{STATS_PREFIX}/links/invalid")
                    continue
                if url is None:
                    continue  # already requested (or decided on) this run
                if self.options.hosts is not None and host_of(url) not in self.options.hosts:
                    self.crawler.stats.inc_value(f"{STATS_PREFIX}/links/offsite")
                    continue
                if depth + 1 > self.config.refresh_depth and self._dedupe is not None and self._dedupe.is_known(url):
                    # Written by an earlier run and too deep to hold new links worth a fetch.
                    self.crawler.stats.inc_value(f"{STATS_PREFIX}/state/not_fetched")
                    continue
                yield self._request(url, {"via": section, "fromUrl": response.url, "depth": depth + 1})

    # -- callbacks ------------------------------------------------------------

    def parse_page(self, response: Response, discovery: dict, note: str | None = None):
        skip = self._unreadable(response)
        if skip:
            self._skip(response, skip)
            return
        try:
            page = HtmlPage(url=response.url, html=response.text)
            extraction = extract_page(page)
        except EmptyPage:
            self._skip(response, "empty")
            return
        except Exception as exc:  # noqa: BLE001 - one odd page must not cost the rest of the crawl
            # Counted as an error (the cron entry's error rate sees it) and
            # logged with its traceback, so the extractor bug can be fixed.
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/errors/extraction/{type(exc).__name__}")
            logger.exception("Extraction failed on %s; page skipped", response.url)
            return
        rendered = bool(response.meta.get("playwright"))
        reason = response.meta.get(REASON_META_KEY) if rendered else note
        if rendered:
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/render/rendered")
        elif note is None and not response.meta.get(NO_RENDER_META_KEY):
            needed = render_reason(page, extraction)
            self.renderer.observe(host_of(response.url), needed is not None)
            if needed and self.renderer.can_render:
                yield self._render_request(response, discovery, needed)
                return
            if needed:
                reason = self.renderer.not_rendered(needed)
            else:
                self.crawler.stats.inc_value(f"{STATS_PREFIX}/render/plain")
        yield from self._emit(response, extraction, discovery, rendered, reason)

    def _emit(self, response: Response, extraction, discovery: dict, rendered: bool, reason: str | None):
        if extraction.is_article and self._limit_reached():
            # CloseSpider is already stopping the crawl; pages in flight are not written.
            self._skip(response, "max_articles_reached")
            return
        if extraction.is_article:
            self._articles += 1
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/pages/article")
            yield Article(
                url=response.url,
                **extraction.fields,
                links=extraction.links,
                discovery=discovery,
                metadata={
                    "dateDownloaded": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
                    **extraction.metadata(),
                    "statusCode": response.status,
                    "rendered": rendered,
                    "renderReason": reason,
                },
            )
        else:
            self._skip(response, extraction.skip_reason or "not_article")
        if discovery["depth"] < self.options.depth:
            yield from self._follow(extraction.links, response, discovery["depth"])

    def _limit_reached(self) -> bool:
        return bool(self.options.max_articles) and self._articles >= self.options.max_articles

    def _item_dropped(self, item, response, exception, spider) -> None:
        self._articles -= 1

    def _unreadable(self, response: Response) -> str | None:
        if not isinstance(response, TextResponse):
            return "not_html"
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if content_type and "html" not in content_type and "xml" not in content_type:
            return "not_html"
        if not response.body.strip():
            return "empty"
        return None

    def _skip(self, response: Response, reason: str) -> None:
        self.crawler.stats.inc_value(f"{STATS_PREFIX}/skipped/{reason}")
        logger.info("Skipped %s: %s", response.url, reason)

    def on_error(self, failure: Failure):
        request = failure.request
        discovery = request.cb_kwargs.get("discovery", {})
        if request.meta.get("playwright") and not failure.check(HttpError):
            yield from self._render_fallback(failure)
            return
        if failure.check(HttpError):
            status = failure.value.response.status
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/skipped/http_{status}")
            reason = f"HTTP {status}"
        else:
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/errors/{failure.type.__name__}")
            reason = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        if discovery.get("via") == "start":
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/errors/start_failed")
            logger.error("Start URL failed: %s (%s)", request.url, reason)
        else:
            logger.warning("Could not fetch %s (%s), linked from %s", request.url, reason, discovery.get("fromUrl"))

    def _render_fallback(self, failure: Failure):
        """A render that failed (no browser, crash, timeout) falls back to the plain HTML."""
        request = failure.request
        note = self.renderer.failed(request.meta.get(REASON_META_KEY, "render"), failure)
        html = request.meta.get(HTML_META_KEY)
        if html is None:
            # It went straight to the browser: fetch it plainly now.
            yield scrapy.Request(
                request.url, callback=self.parse_page, errback=self.on_error, dont_filter=True,
                cb_kwargs={**request.cb_kwargs, "note": note}, meta={NO_RENDER_META_KEY: True},
            )
            return
        plain = HtmlResponse(url=request.url, body=html.encode("utf-8"), encoding="utf-8",
                             request=request.replace(meta={NO_RENDER_META_KEY: True}))
        yield from self.parse_page(plain, request.cb_kwargs["discovery"], note=note)

    # -- the bundled sample site ----------------------------------------------

    def _serve_sample_site(self) -> None:
        from ..sample_site import SampleSiteServer

        hosts = dict(zip(("lotrade", "predictiq"), self.config.sample_hosts))
        self._sample_server = SampleSiteServer(hosts)
        site = self._sample_server.start()
        self.options = self.options.with_start_urls(site.start_urls)
        logger.info(
            "No start URL given: serving the bundled sample site (%d articles%s on %s) on loopback and crawling it from %s",
            len(site.articles), ", the seed article among them" if site.seed_from_file else "", ", ".join(m.origin for m in site.mirrors.values()), ", ".join(site.start_urls),
        )

    def _stop_sample_site(self, spider) -> None:
        if self._sample_server is not None:
            self._sample_server.stop()
            self._sample_server = None
        #: Articles yielded and not dropped by a pipeline, for -a max_articles.
        self._articles = 0
        self._frontier = Frontier()
