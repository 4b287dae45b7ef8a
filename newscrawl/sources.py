"""What a start URL is, told by its content: a sitemap, a feed, or an HTML page.

Pure functions, bytes in and entries out, so the spider only wires requests:

* sitemaps (urlset, sitemap index, Google News sitemap, gzip) are read with
  Scrapy's :class:`~scrapy.utils.sitemap.Sitemap` (entities never resolved) and
  :func:`~scrapy.utils.gz.gunzip` (bounded by ``DOWNLOAD_MAXSIZE``, so a gzip bomb
  stops at the limit);
* RSS and Atom feeds are read with feedparser, given bytes (never a URL: it
  would fetch one itself, past the crawler's address guard).

An HTML page is not read here: the extractors say whether it is an article or a
listing (:attr:`~newscrawl.extractors.base.Extraction.listing`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import feedparser
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

#: ``discovery.via`` of the pages a source lists.
VIA_SITEMAP = "sitemap"
VIA_FEED = "feed"
VIA_LISTING = "listing"
SOURCE_VIAS = frozenset({VIA_SITEMAP, VIA_FEED, VIA_LISTING})

GZIP_MAGIC = b"\x1f\x8b\x08"
SITEMAP = "sitemap"
SITEMAP_INDEX = "sitemap_index"
FEED = "feed"

#: The first element of an XML document, after its declaration, comments and doctype.
_ROOT_RE = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_SNIFF_BYTES = 4096
_FEED_ROOTS = {b"rss", b"feed", b"RDF"}
_SITEMAP_ROOTS = {b"urlset": SITEMAP, b"sitemapindex": SITEMAP_INDEX}


class SourceError(ValueError):
    """A sitemap or feed that cannot be read; the message is the skip reason."""


@dataclass(frozen=True)
class Entry:
    url: str
    #: When the source says the page was published (or last changed); ``None`` when it does not say.
    published: datetime | None = None


@dataclass
class Source:
    kind: str  # SITEMAP, SITEMAP_INDEX or FEED
    entries: list[Entry] = field(default_factory=list)

    @property
    def via(self) -> str:
        return VIA_FEED if self.kind == FEED else VIA_SITEMAP

    def since(self, day: date | None) -> tuple[list[Entry], int]:
        """The entries not dated before ``day`` (undated ones are kept), and how many were left out."""
        if day is None:
            return self.entries, 0
        floor = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        kept = [e for e in self.entries if e.published is None or e.published >= floor]
        return kept, len(self.entries) - len(kept)


def read_source(body: bytes, max_size: int = 0) -> Source | None:
    """The sitemap or feed ``body`` holds (gzip or not); ``None`` for anything else (HTML).

    Raises :class:`SourceError` when it is one but cannot be read, or inflates past ``max_size``.
    """
    if body[:3] == GZIP_MAGIC:
        try:
            body = gunzip(body, max_size=max_size)
        except ValueError as exc:  # over max_size
            raise SourceError("too_large") from exc
        except OSError as exc:
            raise SourceError("bad_gzip") from exc
    root = _root_name(body)
    if root in _SITEMAP_ROOTS:
        return _read_sitemap(body)
    if root in _FEED_ROOTS:
        return _read_feed(body)
    return None


def _root_name(body: bytes) -> bytes | None:
    head = body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    head = re.sub(rb"<!--.*?-->", b"", head, flags=re.S)
    match = _ROOT_RE.search(head)
    return match.group(2) if match else None


class _NewsSitemap(Sitemap):
    """Scrapy's Sitemap, also reading the ``<news:publication_date>`` of a Google News
    sitemap (Scrapy keeps only direct children, and ``<news:news>`` nests its date)."""

    def _process_sitemap_element(self, elem):
        news_date = None
        for child in elem:
            if self._get_tag_name(child) == "news":
                for grandchild in child:
                    if self._get_tag_name(grandchild) == "publication_date" and grandchild.text:
                        news_date = grandchild.text.strip()
        entry = super()._process_sitemap_element(elem)
        if entry is not None and news_date:
            entry["publication_date"] = news_date
        return entry


def _read_sitemap(body: bytes) -> Source:
    try:
        sitemap = _NewsSitemap(body)
    except Exception as exc:  # lxml gives up even in recover mode on some bytes
        raise SourceError("malformed_sitemap") from exc
    kind = SITEMAP_INDEX if sitemap.type == "sitemapindex" else SITEMAP
    entries = []
    for item in sitemap:
        loc = (item.get("loc") or "").strip()
        if loc:
            entries.append(Entry(loc, w3c_datetime(item.get("publication_date") or item.get("lastmod"))))
    return Source(kind, entries)


def _read_feed(body: bytes) -> Source:
    parsed = feedparser.parse(body, resolve_relative_uris=False, sanitize_html=False)
    if parsed.bozo and not parsed.entries:
        raise SourceError("malformed_feed")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next((l.get("href") for l in item.get("links", ()) if l.get("href")), None)
        if not link:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(Entry(link.strip(), datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc) if stamp else None))
    return Source(FEED, entries)


def w3c_datetime(text: str | None) -> datetime | None:
    """A sitemap date (W3C Datetime: ``2025-04-16``, ``2025-04-16T09:30:00+02:00``, ``…Z``) in UTC;
    ``None`` when absent or unreadable. A date without a zone is taken as UTC."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
