"""The Article item: one news article as written to JSON Lines.

Field names follow schema.org / zyte-common-items. Every field says its format
and where it comes from; raw values sit beside normalised ones. Fields a page
does not give are ``null`` (lists: empty), so every line has the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NotRequired, TypedDict


class Author(TypedDict):
    name: str
    #: Only on an organisation credited as the author (see ``Article.authors``).
    type: NotRequired[Literal["Organization"]]


class Link(TypedDict):
    url: str
    title: str | None


class Crumb(TypedDict):
    name: str
    url: str | None


class Image(TypedDict):
    url: str


class Lists(TypedDict):
    related: NotRequired[list[Link]]
    ranking: NotRequired[list[Link]]
    recommendation: NotRequired[list[Link]]


class Discovery(TypedDict):
    via: Literal["start", "related", "ranking", "recommendation", "listing", "sitemap", "feed"]
    fromUrl: str | None  # noqa: N815
    depth: int


class Metadata(TypedDict):
    dateDownloaded: str  # noqa: N815
    extractor: str
    fieldSources: NotRequired[dict[str, str]]  # noqa: N815
    statusCode: int  # noqa: N815
    rendered: bool
    renderReason: str | None  # noqa: N815


@dataclass(kw_only=True)
class Article:
    url: str
    """Final URL of the page, after redirects, without tracking parameters or fragment."""

    canonicalUrl: str | None = None  # noqa: N815 - schema.org naming
    """The page's own ``<link rel="canonical">``, absolute; ``null`` when it has none."""

    headline: str | None = None
    """Title of the article: the page's ``<h1>``, else the line after the
    breadcrumb, else ``<title>`` without its ``-SiteName`` suffix."""

    datePublished: str | None = None  # noqa: N815
    """ISO 8601 of ``datePublishedRaw``, e.g. ``2025-01-09T17:35:06``; no offset
    when the page gives none. On the mirror template this is when *this copy*
    was published on this mirror, not the story's original date."""

    datePublishedRaw: str | None = None  # noqa: N815
    """The date exactly as shown, e.g. ``2025-01-09 17:35:06``."""

    dateModified: str | None = None  # noqa: N815
    """ISO 8601 of ``dateModifiedRaw``, when the page says it was updated; never a copy
    of ``datePublished``."""

    dateModifiedRaw: str | None = None  # noqa: N815
    """The modification date exactly as the page gives it."""

    articleBody: str | None = None  # noqa: N815
    """Plain text of the article, paragraphs joined by a blank line. Never holds
    the breadcrumb, title, date line, reaction counter, navigation, link lists
    or the credit line."""

    description: str | None = None
    """``<meta name="description">`` (or ``og:description``)."""

    authors: list[Author] = field(default_factory=list)
    """People who wrote the article, ``[{"name": …}]``; empty rather than
    guessed when the page names no byline. A page whose structured data credits
    only an organisation (its newsroom, the site itself) gives that one,
    ``[{"name": "ORF.at", "type": "Organization"}]``."""

    dateline: str | None = None
    """Place at the start of the body, e.g. ``WASHINGTON`` or ``EAGLE PASS, Texas``."""

    agency: str | None = None
    """News agency from the dateline, e.g. ``AP`` in ``WASHINGTON (AP) —``."""

    creditLine: str | None = None  # noqa: N815
    """Text after a ``___`` line at the end of the story (reporting credits), kept out of the body."""

    breadcrumbs: list[Crumb] = field(default_factory=list)
    """Breadcrumb links, ``[{"name": "Home", "url": …}, {"name": "My", "url": …}]``."""

    articleSection: str | None = None  # noqa: N815
    """The category, the last breadcrumb other than Home (e.g. ``My``)."""

    siteName: str | None = None  # noqa: N815
    """The site's name, from the ``-SiteName`` suffix of the breadcrumb line or
    ``<title>``, else ``og:site_name``."""

    inLanguage: str | None = None  # noqa: N815
    """Language tag from ``<html lang>`` or a language meta tag, e.g. ``en-US``."""

    mainImage: Image | None = None  # noqa: N815
    """``{"url": …}`` of ``og:image``, else the first image inside the body."""

    reactionCount: int | None = None  # noqa: N815
    """Reactions shown by the page, 52 for ``veryGood! (52)``; ``null`` when not shown
    (e.g. left for a script to fill in)."""

    viewCount: int | None = None  # noqa: N815
    """Views shown next to ``View``, when the page shows a number."""

    wordCount: int | None = None  # noqa: N815
    """Number of words in ``articleBody`` (a character of Chinese, Japanese or Thai counts as one)."""

    links: Lists = field(default_factory=dict)
    """The page's link lists: ``{"related": [...], "ranking": [...], "recommendation": [...]}``,
    each entry ``{"url", "title"}`` with an absolute URL as it appears on the page."""

    discovery: Discovery = field(default_factory=dict)
    """How the crawl reached this page: ``{"via": "start"|"related"|"ranking"|"recommendation"
    |"listing"|"sitemap"|"feed", "fromUrl": URL or null, "depth": hops from a start page}``. Pages a
    front page, sitemap or feed lists are at depth 0, as start pages are."""

    metadata: Metadata = field(default_factory=dict)
    """About the extraction: ``{"dateDownloaded": UTC ISO 8601 with Z, "extractor": name,
    "fieldSources": which source gave each field (generic extractor: ``json-ld``, ``meta``,
    ``dom``, ``trafilatura``, ``title``, ``htmldate``, ``script`` for a body read from an app
    page's script state),
    "statusCode": HTTP status, "rendered": true when read after a browser ran its scripts,
    "renderReason": why it was (or needed to be) rendered, e.g. ``empty_list:related``, else null}``."""
