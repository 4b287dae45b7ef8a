"""What runs inside the browser: the downloaded HTML handed over, off-host and
heavy requests blocked, and a bounded wait until scripts have filled the page."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Route

from ..extractors import SECTIONS
from ..extractors.generic import GENERIC_LABELS
from ..extractors.template import LIST_HEADINGS

logger = logging.getLogger(__name__)

#: Meta key holding the HTML already downloaded for a page.
HTML_META_KEY = "newscrawl_html"
BLOCKED_RESOURCE_TYPES = frozenset({"image", "font", "media", "imageset", "texttrack", "object", "beacon", "csp_report"})

# True once the block of every heading of a list being waited for has a link
# after the heading and no reaction counter is waiting for its number. A
# heading's block is its largest ancestor (at most four levels up) that holds no
# other list heading: a filled list further down the page must not count for an
# empty one above it. Also true once the loaded page has not changed for `quiet`
# ms: a list its scripts leave empty is empty, and must not cost the whole timeout.
READY_JS = """
({labels, prefixes, wait, quiet}) => {
  if (!window.__newscrawlQuiet) {
    const seen = window.__newscrawlQuiet = {last: Date.now()};
    new MutationObserver(() => { seen.last = Date.now(); })
      .observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  }
  const settled = () => document.readyState === "complete" && Date.now() - window.__newscrawlQuiet.last >= quiet;
  const norm = (s) => (s || "").normalize("NFKC").replace(/\\s+/g, " ").trim().toLowerCase().replace(/[:：\\s]+$/, "");
  const sectionOf = (text) => {
    if (!text || text.length > 60) return null;
    if (Object.prototype.hasOwnProperty.call(labels, text)) return labels[text];
    for (const [prefix, section] of prefixes) if (text.startsWith(prefix)) return section;
    return null;
  };
  const body = document.body;
  if (!body) return settled();
  const headings = [];
  for (const el of body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(el.tagName)) continue;
    const text = norm(el.textContent);
    const section = sectionOf(text);
    if (section === null) continue;
    if (el.parentElement && norm(el.parentElement.textContent) === text) continue;
    headings.push([el, section]);
  }
  const holdsOther = (block, el) => headings.some(([h]) => h !== el && !el.contains(h) && block.contains(h));
  for (const [el, section] of headings) {
    if (!wait.includes(section)) continue;
    let block = el;
    for (let up = 0; up < 4 && block.parentElement && !holdsOther(block.parentElement, el); up++) block = block.parentElement;
    let found = false;
    for (const a of block.querySelectorAll("a[href]")) {
      if (!el.contains(a) && (el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)) { found = true; break; }
    }
    if (!found) return settled();
  }
  return !/very\\s*good\\s*[!！]\\s*\\(\\s*\\)/i.test(body.innerText) || settled();
}
"""


#: Milliseconds without a change to the loaded page after which it counts as done.
QUIET_MS = 2000
#: Every list heading the extractors know (the template's and the generic ones), for the page.
HEADINGS_ARG = {
    "labels": {**LIST_HEADINGS.exact, **GENERIC_LABELS.exact},
    "prefixes": [list(pair) for pair in (*LIST_HEADINGS.prefixes, *GENERIC_LABELS.prefixes)],
}


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
    arg = {**HEADINGS_ARG, "wait": list(SECTIONS if lists is None else lists), "quiet": QUIET_MS}
    try:
        await page.wait_for_function(READY_JS, arg=arg, timeout=timeout_ms, polling=100)
        return True
    except PlaywrightError as exc:
        logger.debug("Gave up waiting for scripts on %s: %s", page.url, exc)
        return False


def should_abort(request) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: block heavy resources, anything off the page's host, and
    every top-level navigation but the first (the page itself, served from the HTML Scrapy
    downloaded): a script's ``location.href = …`` must not make the browser fetch, and the
    crawl record, another page."""
    if request.resource_type in BLOCKED_RESOURCE_TYPES:
        return True
    if request.is_navigation_request() and request.frame.parent_frame is None:
        try:
            return request.frame.page.url not in ("", "about:blank")
        except PlaywrightError:
            return True
    try:
        page_host = urlsplit(request.frame.page.url).hostname
    except PlaywrightError:
        return True
    host = urlsplit(request.url).hostname
    return bool(page_host) and host != page_host


