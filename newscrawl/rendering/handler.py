"""scrapy-playwright's download handler with a hard deadline on every render.

A page's script can keep the browser's main thread busy for good
(``while (true) {}`` after load): Playwright's own timeouts cover navigation and
waits, but reading the page's HTML afterwards has none, so one hostile page
held a crawl (and its lock) forever, SIGTERM included. Here every render ends
within ``NEWSCRAWL_RENDER_TIMEOUT``-derived :attr:`~newscrawl.config.NewscrawlConfig.render_deadline`:
the page is closed, and should it not close, its browser context is dropped
(a new one is made for the next page). The request then fails with
:class:`RenderTimeout`, and the planner reads the page from its plain HTML.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from ..config import NewscrawlConfig

logger = logging.getLogger(__name__)

#: Seconds for a page, a context or the browser to close before it is given up.
CLOSE_TIMEOUT = 5.0
PAGE_META_KEY = "playwright_page"


class RenderTimeout(TimeoutError):
    """A render ran past its deadline and was abandoned."""


class BoundedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.deadline = NewscrawlConfig.of(crawler).render_deadline

    async def _download_request(self, request, spider=None):
        # The page is handed back to us (not closed by scrapy-playwright), so that a
        # render cut short can still be closed.
        request.meta["playwright_include_page"] = True
        try:
            response = await asyncio.wait_for(super()._download_request(request, spider), self.deadline)
        except asyncio.TimeoutError:
            await self._discard(request)
            raise RenderTimeout(f"render of {request.url} took longer than {self.deadline:.0f} s; abandoned") from None
        except BaseException:
            await self._discard(request)
            raise
        await self._discard(request)
        return response

    async def _discard(self, request) -> None:
        page = request.meta.pop(PAGE_META_KEY, None)
        if page is None or page.is_closed():
            return
        try:
            await asyncio.wait_for(page.close(), CLOSE_TIMEOUT)
            self.stats.inc_value("playwright/page_count/closed")
        except Exception as exc:  # noqa: BLE001 - a stuck page must not hold the crawl
            logger.warning("A page of %s would not close (%r); dropping its browser context", request.url, exc)
            await self._drop_context(request.meta.get("playwright_context"))

    async def _drop_context(self, name: str | None) -> None:
        wrapper = self.context_wrappers.pop(name, None)
        if wrapper is None:
            return
        try:
            await asyncio.wait_for(wrapper.context.close(), CLOSE_TIMEOUT)
        except Exception as exc:  # noqa: BLE001
            logger.error("A browser context would not close (%r); it is abandoned", exc)

    async def _close(self) -> None:
        # At the end of a run: a browser that will not close must not keep the process alive.
        try:
            await asyncio.wait_for(super()._close(), 3 * CLOSE_TIMEOUT)
        except Exception as exc:  # noqa: BLE001
            logger.error("The browser did not close cleanly (%r)", exc)
