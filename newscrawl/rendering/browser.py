"""What runs inside the browser: the downloaded HTML handed over, off-host and
heavy requests blocked, and a bounded wait until scripts have filled the page."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Route

from ..extractors.template import SECTION_LABELS

logger = logging.getLogger(__name__)

#: Meta key holding the HTML already downloaded for a page.
HTML_META_KEY = "newscrawl_html"
BLOCKED_RESOURCE_TYPES = frozenset({"image", "font", "media", "imageset", "texttrack", "object", "beacon", "csp_report"})

# True once every list heading has a link after it in its block, no reaction
# counter is waiting for its number, and a template page has body text.
READY_JS = """
(labels) => {
  const wanted = new Set(labels);
  const norm = (s) => (s || "").replace(/\\s+/g, " ").trim().toLowerCase().replace(/[:：]\\s*$/, "");
  const body = document.body;
  if (!body) return false;
  for (const el of body.querySelectorAll("*")) {
    if (!wanted.has(norm(el.textContent))) continue;
    if (el.parentElement && norm(el.parentElement.textContent) === norm(el.textContent)) continue;
    let block = el.parentElement, found = false;
    for (let up = 0; block && up < 4 && !found; up++, block = block.parentElement) {
      for (const a of block.querySelectorAll("a[href]")) {
        if (!el.contains(a) && (el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)) { found = true; break; }
      }
    }
    if (!found) return false;
  }
  return !/very\\s*good\\s*[!！]\\s*\\(\\s*\\)/i.test(body.innerText);
}
"""


async def fulfill_with_downloaded_html(page: Page, request) -> None:
    """scrapy-playwright page-init callback: serve the page's own document from
    the HTML Scrapy already downloaded, so the site is not asked twice."""
    html = request.meta.get(HTML_META_KEY)
    if not html:
        return
    url = request.url

    async def handle(route: Route) -> None:
        await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    await page.route(lambda candidate: candidate == url, handle)


async def wait_until_filled(page: Page, timeout_ms: float, lists: list[str] | None = None) -> bool:
    """Wait for scripts to fill lists and counters; ``False`` when the bounded
    wait ran out (the page is then read as it is). ``lists``: the lists the plain
    HTML had empty, the only ones waited for; every list when not known."""
    labels = sorted(label for label, section in SECTION_LABELS.items() if lists is None or section in lists)
    try:
        await page.wait_for_function(READY_JS, arg=labels, timeout=timeout_ms, polling=100)
        return True
    except PlaywrightError as exc:
        logger.debug("Gave up waiting for scripts on %s: %s", page.url, exc)
        return False


def should_abort(request) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: block heavy resources and anything off the page's host."""
    if request.resource_type in BLOCKED_RESOURCE_TYPES:
        return True
    if request.is_navigation_request() and request.frame.parent_frame is None:
        return False
    try:
        page_host = urlsplit(request.frame.page.url).hostname
    except PlaywrightError:
        return True
    host = urlsplit(request.url).hostname
    return bool(page_host) and host != page_host


