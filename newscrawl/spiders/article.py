"""``scrapy crawl article``: start from article pages, front pages, sitemaps or feeds, and
follow each article's three link lists.

A start URL is told apart by its content (:mod:`newscrawl.sources`): the pages a
sitemap, a feed or a listing names are requested at depth 0, like start articles.

The spider only wires requests: reading a page is the extractors' job, and
what happens to an item afterwards is the pipelines' and feed exports'.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from .. import stats as keys
from ..config import NewscrawlConfig
from ..extractors import EmptyPage, HtmlPage, extract_page, listing_links
from ..filters import filter_reason
from ..items import Article
from ..middlewares.guard import RequestRefused
from ..rendering.planner import RenderPlanner
from ..signals import page_failed, page_skipped
from ..sources import VIA_LISTING, Source, SourceError, read_source
from ..urls import InvalidURL, host_of, origin_of
from .frontier import Frontier
from .options import SpiderOptions

logger = logging.getLogger(__name__)

#: HTTP statuses that say "try again later" rather than "this page is not there".
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
#: Skip reasons of a page that may be a front or section page.
LISTING_SKIPS = frozenset({"index_page", "too_short", "listing"})
#: Sitemap indexes listing sitemap indexes: this many levels are read, no more.
MAX_SITEMAP_NESTING = 3


class ArticleSpider(scrapy.Spider):
    name = "article"

    def __init__(self, **arguments):
        super().__init__()
        self.options = SpiderOptions.parse(**arguments)

    @classmethod
    def check_arguments(cls, **arguments) -> None:
        """Raise :class:`scrapy.exceptions.UsageError` for bad or unknown ``-a`` arguments."""
        SpiderOptions.parse(**arguments)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = NewscrawlConfig.of(crawler)
        spider._frontier = Frontier()
        spider._max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        if spider.options.max_articles:
            # Scrapy's CloseSpider extension counts items that passed the pipelines;
            # the dedupe pipeline holds back what is still in flight then.
            crawler.settings.set("CLOSESPIDER_ITEMCOUNT", spider.options.max_articles, priority="spider")
        crawler.signals.connect(spider._spider_opened, signal=scrapy.signals.spider_opened)
        return spider

    def _spider_opened(self, spider) -> None:
        # Stats exist from here on.
        self.renderer = RenderPlanner(self.config, self.crawler.stats)

    async def start(self):
        for url in self.options.start_urls:
            request = self.request_for(url, {"via": "start", "fromUrl": None, "depth": 0})
            if request is not None:
                yield request
        if self.options.sitemaps_from_robots:
            for origin in dict.fromkeys(origin_of(url) for url in self.options.start_urls):
                yield scrapy.Request(f"{origin}/robots.txt", callback=self.parse_robots, errback=self.on_error,
                                     dont_filter=True)

    # -- requests -------------------------------------------------------------

    def request_for(self, url: str, discovery: dict) -> scrapy.Request | None:
        """The request for a page reached by ``discovery``; ``None`` when this run has
        already requested it from as near a start page."""
        try:
            url = self._frontier.admit(url, discovery["depth"])
        except InvalidURL:
            self.crawler.stats.inc_value(keys.LINKS_INVALID)
            return None
        return None if url is None else self._request(url, discovery)

    def request_again(self, url: str, discovery: dict) -> scrapy.Request:
        """The request for a pending link the scheduler held back (this run admitted it already)."""
        return self._request(url, discovery)

    def follow(self, links: dict[str, list[str]], from_url: str, depth: int):
        """Requests for the links of the chosen lists of a page at ``depth`` (within
        this run's depth limit and hosts). Also used by the frontier to follow a
        known page's stored lists without fetching it."""
        if depth >= self.options.depth:
            return
        for section in self.options.sections:
            for link in links.get(section, ()):
                if self._frontier.met(link, depth + 1):
                    continue  # most links of a list-heavy site: spare parsing their host
                # The host before admitting: a link this run will not follow must not enter
                # the seen-set, where it would hide the page if a later check changed.
                host = host_of(link)
                if host and not self.options.allows(host):
                    self.crawler.stats.inc_value(keys.LINKS_OFFSITE)
                    continue
                try:
                    url = self._frontier.admit(link, depth + 1)
                except InvalidURL:
                    self.crawler.stats.inc_value(keys.LINKS_INVALID)
                    continue
                if url is None:
                    continue  # already requested (or decided on) this run
                yield self._request(url, {"via": section, "fromUrl": from_url, "depth": depth + 1})

    def _follow_source(self, source: Source, response: Response, nesting: int = 0):
        """Requests for what a sitemap or feed lists: its pages at depth 0, or (an index) its sitemaps."""
        stats = self.crawler.stats
        stats.inc_value(keys.SOURCES_READ.format(source.kind))
        entries, older = source.since(self.options.since)
        stats.inc_value(keys.SOURCES_ENTRIES, len(source.entries))
        if older:
            stats.inc_value(keys.SOURCES_OLDER, older)
        for entry in entries:
            url = response.urljoin(entry.url)
            host = host_of(url)
            if not host or not self.options.allows(host):
                stats.inc_value(keys.SOURCES_OFFSITE)
                continue
            if source.kind == "sitemap_index":
                if nesting + 1 < MAX_SITEMAP_NESTING:
                    yield scrapy.Request(url, callback=self.parse_source, errback=self.on_error,
                                         cb_kwargs={"nesting": nesting + 1})
                continue
            request = self.request_for(url, {"via": source.via, "fromUrl": response.url, "depth": 0})
            if request is not None:
                yield request

    def _request(self, url: str, discovery: dict) -> scrapy.Request:
        # Nearer pages first (with the FIFO queues in settings, breadth-first): a page is
        # then first met at its smallest depth and seldom requested again from nearer.
        return scrapy.Request(
            url, callback=self.parse_page, errback=self.on_error, cb_kwargs={"discovery": discovery},
            meta=self.renderer.request_meta(host_of(url)), priority=-discovery["depth"],
        )

    # -- callbacks ------------------------------------------------------------

    def parse(self, response: Response, **kwargs):
        """``scrapy parse --spider article URL``: the page read as a start page."""
        yield from self.parse_page(response, discovery=kwargs.get("discovery") or {"via": "start", "fromUrl": None, "depth": 0})

    def parse_robots(self, response: Response):
        """The sitemaps a start host's robots.txt lists (``-a sitemaps_from_robots=1``)."""
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            host = host_of(url)
            if host and self.options.allows(host):
                yield scrapy.Request(url, callback=self.parse_source, errback=self.on_error)
            else:
                self.crawler.stats.inc_value(keys.SOURCES_OFFSITE)

    def parse_source(self, response: Response, nesting: int = 0):
        """A sitemap named by an index or by robots.txt."""
        try:
            source = read_source(response.body, self._max_size)
        except SourceError as exc:
            self._skip(response, str(exc))
            return
        if source is None:
            self._skip(response, "not_a_sitemap")
            return
        yield from self._follow_source(source, response, nesting)

    def parse_page(self, response: Response, discovery: dict):
        response = self.renderer.settle(response)
        if discovery["via"] == "start":
            try:
                source = read_source(response.body, self._max_size)
            except SourceError as exc:
                self._skip(response, str(exc))
                return
            if source is not None:
                yield from self._follow_source(source, response)
                return
        skip = self._unreadable(response)
        if skip:
            self._skip(response, skip)
            return
        try:
            page = HtmlPage(url=response.url, html=response.text)
            extraction = extract_page(page)
            if extraction.skip_reason in LISTING_SKIPS and discovery["via"] == "start":
                extraction.listing = listing_links(page)  # a front or section page?
        except EmptyPage:
            self._skip(response, "empty")
            return
        except Exception as exc:  # noqa: BLE001 - one odd page must not cost the rest of the crawl
            # Counted as an error (the cron entry's error rate sees it) and
            # logged with its traceback, so the extractor bug can be fixed.
            self.crawler.stats.inc_value(keys.ERROR_EXTRACTION.format(type(exc).__name__))
            logger.exception("Extraction failed on %s; page skipped", response.url)
            self.crawler.signals.send_catch_log(page_failed, url=response.url, reason=f"extraction: {type(exc).__name__}")
            return
        capped = extraction.cap_links(self.config.max_links_per_list)
        if capped:
            self.crawler.stats.inc_value(keys.LINKS_CAPPED, capped)
        # Rendering decides whether the plain HTML was enough; if not, the page comes
        # back here from the browser (or, should that fail, from its plain HTML again).
        render = self.renderer.review(response, page, extraction)
        if render.request is not None:
            yield render.request
            return
        yield from self._emit(response, extraction, discovery, render.rendered, render.reason)

    def _emit(self, response: Response, extraction, discovery: dict, rendered: bool, reason: str | None):
        # The links first: the crawl state records them as pending before the
        # article they come from can be committed as written.
        yield from self.follow({section: [link["url"] for link in entries] for section, entries in extraction.links.items()},
                               response.url, discovery["depth"])
        if not extraction.is_article and extraction.listing and discovery["via"] == "start":
            # A front or section page: its articles start the walk, as start articles do.
            self.crawler.stats.inc_value(keys.SOURCES_READ.format(VIA_LISTING))
            for link in extraction.listing:
                request = self.request_for(link["url"], {"via": VIA_LISTING, "fromUrl": response.url, "depth": 0})
                if request is not None:
                    yield request
            return
        left_out = extraction.is_article and filter_reason(extraction.fields, self.options.since, self.options.languages)
        if left_out:
            self._skip(response, left_out)
            return
        if extraction.is_article:
            self.crawler.stats.inc_value(keys.PAGES_ARTICLE)
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
        self.crawler.stats.inc_value(keys.SKIPPED_REASON.format(reason))
        logger.info("Skipped %s: %s", response.url, reason)
        self.crawler.signals.send_catch_log(page_skipped, url=response.url, reason=reason)

    def on_error(self, failure: Failure):
        request = failure.request
        discovery = request.cb_kwargs.get("discovery", {})
        fallback = self.renderer.fallback(failure)
        if fallback is not None:
            yield from self.parse_page(fallback, **fallback.request.cb_kwargs)
            return
        stat, reason, transient = failure_outcome(failure)
        if stat:
            self.crawler.stats.inc_value(stat)
        # Retried by a later run when it may pass then; otherwise decided.
        self.crawler.signals.send_catch_log(page_failed if transient else page_skipped, url=request.url, reason=reason)
        if discovery.get("via") == "start":
            self.crawler.stats.inc_value(keys.START_FAILED)
            logger.error("Start URL failed: %s (%s)", request.url, reason)
        else:
            logger.warning("Could not fetch %s (%s), linked from %s", request.url, reason, discovery.get("fromUrl"))


def failure_outcome(failure: Failure) -> tuple[str | None, str, bool]:
    """For a failed request: the stats key to count it under (``None`` when a middleware
    counted it already), the reason recorded, and whether a later run may try again."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return keys.SKIPPED_REASON.format(f"http_{status}"), f"HTTP {status}", status in TRANSIENT_STATUSES
    if failure.check(RequestRefused):
        return None, f"refused: {failure.value.reason}", False
    message = failure.getErrorMessage()
    if "DOWNLOAD_MAXSIZE" in message or "download max size" in message:
        # Scrapy cancels a body over the limit (or one that inflates past it): the page
        # is too large for good, not a passing failure.
        return keys.SKIPPED_REASON.format("too_large"), "too_large", False
    if failure.check(IgnoreRequest) and "max redirections" in message:
        return keys.SKIPPED_REASON.format("redirect_loop"), "redirect_loop", False
    reason = f"{failure.type.__name__}: {message}"
    return keys.ERROR_KIND.format(failure.type.__name__), reason, not failure.check(IgnoreRequest)
