"""Which requests go to the browser, and what to say when one cannot.

Rules (``NEWSCRAWL_RENDER``):

* ``never``: no page is rendered; pages that needed it are counted
  (``newscrawl/render/not_rendered``) and said so once in the log.
* ``always``: every page is rendered.
* ``auto``: a page is rendered when :func:`~newscrawl.rendering.policy.render_reason`
  finds script-filled holes in its plain HTML. Pages of hosts in
  ``NEWSCRAWL_RENDER_HOSTS`` are always rendered, and so are a host's pages once
  ``NEWSCRAWL_RENDER_LEARN_AFTER`` of them needed rendering and they are at
  least 80% of its pages seen so far.

Every page is first fetched by Scrapy, through the request guard
(:mod:`newscrawl.middlewares.guard`), and the browser is handed that HTML: it
never fetches a page itself, so no redirect it would follow escapes the host
and address rules. It is told which lists were found empty, and waits for those.

The round trip lives here: :meth:`RenderPlanner.review` turns a page read from
plain HTML into a render request when it needs one, and :meth:`RenderPlanner.fallback`
turns a failed render back into the plain page. The spider only passes them on.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy_playwright.page import PageMethod

from .. import stats as keys
from ..config import NewscrawlConfig
from ..urls import host_of
from .browser import HTML_META_KEY, fulfill_with_downloaded_html, wait_until_filled
from .policy import empty_lists, render_reason

logger = logging.getLogger(__name__)

REASON_META_KEY = "newscrawl_render_reason"
NO_RENDER_META_KEY = "newscrawl_no_render"
#: Why a page is rendered whatever its plain HTML shows (``always``, a render host, a learned host).
FORCED_META_KEY = "newscrawl_render_forced"
#: What the item says of a page read from plain HTML after its render failed.
NOTE_META_KEY = "newscrawl_render_note"
CONTEXT_NAME = "newscrawl"
LEARN_SHARE = 0.8


@dataclass(frozen=True)
class RenderReview:
    """What became of a page: ``request`` to send it to the browser, else how it was read."""

    rendered: bool = False
    reason: str | None = None
    request: Request | None = None


class RenderPlanner:
    def __init__(self, config: NewscrawlConfig, stats) -> None:
        self.config = config
        self.stats = stats
        self.can_render = config.render != "never" and config.browser_available
        self._pages: Counter[str] = Counter()
        self._needed: Counter[str] = Counter()
        self._said: set[str] = set()
        if config.render != "never" and not config.browser_available:
            self._say_once(
                "no-browser",
                f"NEWSCRAWL_RENDER={config.render} but no browser at {config.browser_path or 'any known path'} "
                "(install Debian's chromium or set NEWSCRAWL_BROWSER_PATH): pages that need JavaScript "
                "are read from their plain HTML",
            )

    def request_meta(self, host: str) -> dict:
        """Meta of a request to ``host``: marks pages that are rendered whatever their HTML shows."""
        reason = self._forced_reason(host)
        return {FORCED_META_KEY: reason} if reason else {}

    def _forced_reason(self, host: str) -> str | None:
        if not self.can_render:
            return None
        if self.config.render == "always":
            return "always"
        if host in self.config.render_hosts:
            return "render_host"
        needed = self._needed[host]
        if needed >= self.config.render_learn_after and needed >= LEARN_SHARE * self._pages[host]:
            return "host_learned"
        return None

    def observe(self, host: str, needed: bool) -> None:
        self._pages[host] += 1
        self._needed[host] += needed

    def review(self, response, page, extraction) -> RenderReview:
        """After a page was read: whether it goes to the browser, and what its item says."""
        if response.meta.get("playwright"):
            self.stats.inc_value(keys.RENDER_RENDERED)
            return RenderReview(True, response.meta.get(REASON_META_KEY))
        if response.meta.get(NO_RENDER_META_KEY):
            return RenderReview(False, response.meta.get(NOTE_META_KEY))
        needed = response.meta.get(FORCED_META_KEY)
        if needed is None:
            needed = render_reason(page, extraction)
            self.observe(host_of(response.url), needed is not None)
        if needed is None:
            self.stats.inc_value(keys.RENDER_PLAIN)
            return RenderReview()
        if not self.can_render:
            return RenderReview(False, self.not_rendered(needed))
        # Same URL again, through the browser, handed the HTML we already have.
        meta = self.meta(needed, html=response.text, lists=empty_lists(page, extraction))
        return RenderReview(request=response.request.replace(url=response.url, meta=meta, dont_filter=True))

    def fallback(self, failure) -> HtmlResponse | None:
        """For a render that failed (browser crash, deadline): the page's plain HTML to
        read instead; ``None`` for any other failure."""
        request = failure.request
        if not request.meta.get("playwright") or failure.check(HttpError):
            return None
        return self._plain(request, failure.type.__name__, failure.getErrorMessage())

    def settle(self, response):
        """The response to read. A rendered page that ended on another document (a script
        navigated away, the browser refused it and showed its own error page) is read
        from its plain HTML instead."""
        if not response.meta.get("playwright") or response.url == response.request.url:
            return response
        return self._plain(response.request, "NavigatedAway", f"the page navigated to {response.url[:200]}")

    def _plain(self, request, kind: str, message: str) -> HtmlResponse:
        note = self.failed(request.meta.get(REASON_META_KEY, "render"), kind, message)
        meta = {NO_RENDER_META_KEY: True, NOTE_META_KEY: note}
        html = request.meta[HTML_META_KEY]
        return HtmlResponse(url=request.url, body=html.encode("utf-8"), encoding="utf-8", request=request.replace(meta=meta))

    def meta(self, reason: str, html: str, lists: list[str]) -> dict:
        """Request meta that renders a page from its downloaded ``html``, waiting for the
        ``lists`` its plain HTML had empty."""
        meta = {
            "playwright": True,
            "playwright_context": CONTEXT_NAME,
            # Created with the first rendered page, so a crawl that needs none starts no browser.
            "playwright_context_kwargs": {"service_workers": "block"},
            "playwright_page_methods": [PageMethod(wait_until_filled, self.config.render_timeout * 1000, lists)],
            "playwright_page_init_callback": fulfill_with_downloaded_html,
            # A failed render is read from its plain HTML at once: trying a page that hung
            # the browser twice more would only triple the time it costs.
            "dont_retry": True,
            REASON_META_KEY: reason,
            HTML_META_KEY: html,
        }
        self.stats.inc_value(keys.RENDER_REQUESTED)
        self.stats.inc_value(keys.RENDER_REASON.format(reason.split(":")[0]))
        return meta

    def not_rendered(self, reason: str) -> str:
        """Note for a page that needed rendering and did not get it."""
        self.stats.inc_value(keys.RENDER_NOT_RENDERED)
        if self.config.render != "never":
            return f"{reason}; not rendered (no browser)"  # said once at start
        self._say_once(
            "not-rendered-never",
            f"Some pages need JavaScript ({reason} on the first) and are not rendered (NEWSCRAWL_RENDER=never): "
            "links and counts that scripts fill in are missed; see newscrawl/render/not_rendered",
            logging.WARNING,
        )
        return f"{reason}; not rendered (NEWSCRAWL_RENDER=never)"

    def failed(self, reason: str, kind: str, message: str) -> str:
        """Note for a page whose rendering failed; it is read from its plain HTML."""
        self.stats.inc_value(keys.RENDER_FAILED.format(kind))
        self._say_once(
            f"failed-{kind}",
            f"Rendering failed ({kind}: {message.splitlines()[0][:200] if message else ''}); "
            "such pages are read from their plain HTML; see newscrawl/render/failed",
        )
        return f"{reason}; render failed ({kind})"

    def _say_once(self, key: str, message: str, level: int = logging.ERROR) -> None:
        if key not in self._said:
            self._said.add(key)
            logger.log(level, message)
