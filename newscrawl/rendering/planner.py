"""Which requests go to the browser, and what to say when one cannot.

Rules (``NEWSCRAWL_RENDER``):

* ``never``: no page is rendered; pages that needed it are counted
  (``newscrawl/render/not_rendered``) and said so once in the log.
* ``always``: every request goes straight to the browser.
* ``auto``: a page is fetched plainly; when :func:`~newscrawl.rendering.policy.render_reason`
  finds script-filled holes it is rendered from the HTML already downloaded.
  Hosts in ``NEWSCRAWL_RENDER_HOSTS`` go straight to the browser, and so does a
  host once ``NEWSCRAWL_RENDER_LEARN_AFTER`` of its pages needed rendering and
  they are at least 80% of its pages seen so far.
"""

from __future__ import annotations

import logging
from collections import Counter

from scrapy_playwright.page import PageMethod

from .. import stats as keys
from ..config import NewscrawlConfig
from .browser import HTML_META_KEY, fulfill_with_downloaded_html, wait_until_filled

logger = logging.getLogger(__name__)

REASON_META_KEY = "newscrawl_render_reason"
NO_RENDER_META_KEY = "newscrawl_no_render"
CONTEXT_NAME = "newscrawl"
LEARN_SHARE = 0.8


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

    def direct_reason(self, host: str) -> str | None:
        """Why a request to ``host`` should skip the plain fetch, if it should."""
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

    def meta(self, reason: str, html: str | None = None) -> dict:
        meta = {
            "playwright": True,
            "playwright_context": CONTEXT_NAME,
            # Created with the first rendered page, so a crawl that needs none starts no browser.
            "playwright_context_kwargs": {"service_workers": "block"},
            "playwright_page_methods": [PageMethod(wait_until_filled, self.config.render_timeout * 1000)],
            REASON_META_KEY: reason,
        }
        if html is not None:
            meta[HTML_META_KEY] = html
            meta["playwright_page_init_callback"] = fulfill_with_downloaded_html
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

    def failed(self, reason: str, failure) -> str:
        """Note for a page whose rendering failed; it is read from its plain HTML."""
        kind = failure.type.__name__
        self.stats.inc_value(keys.RENDER_FAILED.format(kind))
        self._say_once(
            f"failed-{kind}",
            f"Rendering failed ({kind}: {failure.getErrorMessage().splitlines()[0][:200]}); "
            "such pages are read from their plain HTML; see newscrawl/render/failed",
        )
        return f"{reason}; render failed ({kind})"

    def _say_once(self, key: str, message: str, level: int = logging.ERROR) -> None:
        if key not in self._said:
            self._said.add(key)
            logger.log(level, message)
