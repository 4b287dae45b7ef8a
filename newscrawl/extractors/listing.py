"""Which links look like articles: for the three lists of an article page, and for
every link of a front or section page (a listing)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import tldextract

from .page import HtmlPage
from .text import CHROME_TAGS, normalize_space

#: Paths of pages that are not articles (index, tag, author, account pages).
NOT_ARTICLE_LINK_RE = re.compile(r"/(?:tags?|topics?|category|categories|authors?|search|video|videos|live|"
                                 r"newsletters?|subscribe|account|login|signup)(?:/|$)", re.I)
#: An article's path has a long slug, a number of four digits or more, or ends in .html.
_ARTICLE_SEGMENT_RE = re.compile(r"\d{4,}|\.html?$")
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_of(url: str) -> str:
    """The registered domain (``example.co.uk`` of ``news.example.co.uk``)."""
    parts = _SUFFIXES(url)
    return (parts.top_domain_under_public_suffix or parts.domain or "").lower()


def article_links(page_url: str, entries: list[dict]) -> list[dict]:
    """The entries (``{"url", "title"}``) that look like articles on ``page_url``'s site, other than the page."""
    site = site_of(page_url)
    own = page_url.split("#")[0]
    kept = []
    for entry in entries:
        url = entry["url"]
        parts = urlsplit(url)
        if site_of(url) != site or url.split("#")[0] == own or NOT_ARTICLE_LINK_RE.search(parts.path):
            continue
        segments = [s for s in parts.path.split("/") if s]
        if not segments or not any(len(s) >= 12 or _ARTICLE_SEGMENT_RE.search(s) for s in segments):
            continue
        kept.append(entry)
    return kept


def listing_links(page: HtmlPage) -> list[dict]:
    """The article links of a front or section page, in page order, once each; links in
    navigation, footers and asides are left out."""
    entries, seen = [], set()
    for anchor in page.root.iter("a"):
        url = page.absolute(anchor.get("href"))
        if not url or url in seen or any(a.tag in CHROME_TAGS for a in anchor.iterancestors()):
            continue
        seen.add(url)
        entries.append({"url": url, "title": normalize_space(anchor.text_content())})
    return article_links(page.url, entries)
