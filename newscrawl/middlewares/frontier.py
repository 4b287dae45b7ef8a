"""The crawl frontier kept in the crawl state, so no run loses what it had not reached.

* **Seeding**: after the spider's start requests, every link earlier runs left
  pending (within this run's hosts and depth limit) is requested, shallowest
  first, a batch at a time so a large frontier never sits in memory.
* **Admitting** (``request_scheduled``, which sees every request, whichever
  callback or errback made it): a followed link is recorded as pending until
  its page is decided. A link that failed for good is not requested. A known
  page (written, or dropped as a copy, by any run) deeper than
  ``NEWSCRAWL_REFRESH_DEPTH`` is not fetched again: its stored lists are
  followed instead, so what lies behind it is still reached. A known page that a
  sitemap, a feed or a front page lists is not fetched again at all.
* **Deciding**: the pipelines decide written, copy and known pages; the spider's
  ``page_skipped`` and ``page_failed`` signals decide the rest. A link that fails
  in ``NEWSCRAWL_MAX_ATTEMPTS`` runs is recorded as failed for good.
"""

from __future__ import annotations

import logging
from collections import deque

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.utils.asyncio import sleep

from .. import signals as newscrawl_signals
from .. import stats as keys
from ..config import NewscrawlConfig
from ..extensions.state import CrawlStateExtension
from ..sources import SOURCE_VIAS
from ..scheduler import PENDING_META, REFED_META
from ..state import CrawlState, PendingLink
from ..urls import InvalidURL, url_key

logger = logging.getLogger(__name__)

#: Pending links read from the state at a time.
SEED_BATCH = 500
#: Seeding pauses while more requests than this wait in the scheduler.
SEED_QUEUE_HIGH = 2_000
SEED_PAUSE = 0.05


class FrontierMiddleware:
    def __init__(self, crawler, state: CrawlState, refresh_depth: int, max_attempts: int) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = state
        self.refresh_depth = refresh_depth
        self.max_attempts = max_attempts
        self._to_expand: deque[tuple[str, int]] = deque()
        self._expanding = False
        #: Where feeding held-back links back stands in the pending links (None: between passes).
        self._feed_after: PendingLink | None = None

    @classmethod
    def from_crawler(cls, crawler) -> "FrontierMiddleware":
        state = crawler.get_extension(CrawlStateExtension).state
        if not state.persistent:
            raise NotConfigured("no state path: nothing is pending across runs")
        config = NewscrawlConfig.of(crawler)
        mw = cls(crawler, state, config.refresh_depth, config.max_attempts)
        crawler.signals.connect(mw.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(mw.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(mw.page_skipped, signal=newscrawl_signals.page_skipped)
        crawler.signals.connect(mw.page_failed, signal=newscrawl_signals.page_failed)
        crawler.signals.connect(mw.spider_idle, signal=signals.spider_idle)
        return mw

    # -- seeding ---------------------------------------------------------------

    async def process_start(self, start):
        async for item_or_request in start:
            yield item_or_request
        spider = self.crawler.spider
        options = spider.options
        after = None
        while batch := self.state.pending_batch(options.depth, after, SEED_BATCH):
            after = batch[-1]
            for link in batch:
                if not options.allows(link.host):
                    continue
                request = spider.request_for(link.url, link.discovery)
                if request is not None:
                    self.stats.inc_value(keys.FRONTIER_SEEDED)
                    yield request
            while self._queued() > SEED_QUEUE_HIGH:
                await sleep(SEED_PAUSE)

    # -- feeding back what the scheduler held back ---------------------------------

    def spider_idle(self, spider) -> None:
        """The queue ran dry: feed back, from the state, the links the scheduler held back
        while it was full (:mod:`newscrawl.scheduler`), a queue's worth at a time. A pass
        reads every pending link within the run's depth, shallowest first (those this run
        requested already are dropped by the dupefilter); another pass follows while more
        were held back meanwhile."""
        scheduler = self.crawler.engine.scheduler
        if not getattr(scheduler, "queue_max", 0):
            return
        if self._feed_after is None:
            if not scheduler.held_back:
                return  # nothing held back: the crawl may end
            scheduler.held_back = 0  # a new pass
        options = spider.options
        fed = 0
        while len(scheduler) < scheduler.queue_max:
            batch = self.state.pending_batch(options.depth, self._feed_after, SEED_BATCH)
            if not batch:
                self._feed_after = None
                break
            self._feed_after = batch[-1]
            for link in batch:
                if options.allows(link.host):
                    request = spider.request_again(link.url, link.discovery)
                    request.meta[REFED_META] = True
                    self.crawler.engine.crawl(request)
                    fed += 1
        self.stats.inc_value(keys.FRONTIER_FED_BACK, fed)
        if fed or self._feed_after is not None or scheduler.held_back:
            raise DontCloseSpider

    def _queued(self) -> int:
        return self.stats.get_value("scheduler/enqueued", 0) - self.stats.get_value("scheduler/dequeued", 0)

    # -- admitting ---------------------------------------------------------------

    def request_scheduled(self, request, spider) -> None:
        discovery = request.cb_kwargs.get("discovery")
        if not discovery or discovery.get("via") == "start":
            return
        try:
            key = url_key(request.url)
        except InvalidURL:
            return
        depth = discovery["depth"]
        # A redirect resolves the link it came from into this one: only this one is pending now.
        redirected = [url_key(url) for url in request.meta.get("redirect_urls", ())]
        if redirected:
            self.state.decide(*redirected)
        known = self.state.link_state(key)
        if known == "failed":
            self.stats.inc_value(keys.FRONTIER_FAILED_NOT_FETCHED)
            raise IgnoreRequest(f"failed in {self.max_attempts} runs: {request.url}")
        if known == "known":
            self.state.decide(key)
            if discovery.get("via") in SOURCE_VIAS and not request.dont_filter:
                # Listed again by a sitemap, a feed or a front page: written by an earlier run,
                # not fetched again (a cron run every ten minutes fetches only what is new).
                self.stats.inc_value(keys.SOURCES_KNOWN)
                raise IgnoreRequest(f"known page, listed again: {request.url}")
            if depth > self.refresh_depth and not request.dont_filter:
                # Written before and too deep for its lists to have changed much:
                # follow its stored lists instead of fetching it, once a crawl: the
                # scheduler's dupefilter (shared by the workers of a shared crawl) says
                # whether this page was requested or followed already. Without it every
                # worker would walk every page the others wrote.
                if self.crawler.engine.scheduler.df.request_seen(request):
                    raise IgnoreRequest(f"known page, followed already: {request.url}")
                self.stats.inc_value(keys.STATE_NOT_FETCHED)
                self._expand(key, depth)
                raise IgnoreRequest(f"known page, not fetched again: {request.url}")
            return  # near a start page: fetched again, its lists change
        if request.meta.get(REFED_META):
            return  # fed back from the pending links: recorded already
        dropped = self.state.add_pending(PendingLink(request.url, discovery["via"], discovery["fromUrl"], depth))
        request.meta[PENDING_META] = True  # the scheduler may leave it in the state while its queue is full
        self.stats.inc_value(keys.FRONTIER_ADDED)
        if dropped:
            self.stats.inc_value(keys.FRONTIER_OVER_CAP, dropped)

    def _expand(self, key: str, depth: int) -> None:
        """Follow a known page's stored lists. Its links are scheduled from here and
        come back through :meth:`request_scheduled`; known pages among them are queued,
        not recursed into, so a long chain of known pages costs no stack."""
        self._to_expand.append((key, depth))
        if self._expanding:
            return
        self._expanding = True
        try:
            while self._to_expand:
                key, depth = self._to_expand.popleft()
                known = self.state.page_links(key)
                if known is None:
                    continue
                url, links = known
                self.stats.inc_value(keys.STATE_EXPANDED)
                for request in self.crawler.spider.follow(links, url, depth):
                    self.crawler.engine.crawl(request)
        finally:
            self._expanding = False

    # -- deciding -----------------------------------------------------------------

    def request_dropped(self, request, spider) -> None:
        """A redirect to a page this run already requested resolves the link it came from."""
        redirected = request.meta.get("redirect_urls")
        if redirected and request.cb_kwargs.get("discovery"):
            self.state.decide(*(url_key(url) for url in redirected))

    def page_skipped(self, url: str, reason: str) -> None:
        try:
            self.state.decide(url_key(url))
        except InvalidURL:
            pass

    def page_failed(self, url: str, reason: str) -> None:
        try:
            key = url_key(url)
        except InvalidURL:
            return
        attempts = self.state.fail(key, reason, self.max_attempts)
        if attempts >= self.max_attempts:
            self.stats.inc_value(keys.FRONTIER_FAILED)
            logger.warning("Giving up on %s: failed in %d runs (%s)", url, attempts, reason)
        elif attempts:
            self.stats.inc_value(keys.FRONTIER_RETRY_LATER)
