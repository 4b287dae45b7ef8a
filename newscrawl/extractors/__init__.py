"""Pure extraction: HTML in, Article fields and link lists out. No crawling here.

``extract(html, url)`` is the entry point for people and scripts;
the spider builds the :class:`HtmlPage` (parsed once, from the response's text) and
calls :func:`extract_page`, then hands the same page to the render policy.
"""

from __future__ import annotations

from .base import SECTIONS, Extraction, Extractor
from .listing import listing_links
from .page import EmptyPage, HtmlPage
from .registry import DEFAULT_EXTRACTORS, extract_page

__all__ = ["SECTIONS", "EmptyPage", "Extraction", "Extractor", "HtmlPage", "DEFAULT_EXTRACTORS", "extract", "extract_page",
           "listing_links"]


def extract(html: str, url: str) -> dict | None:
    """Article fields of ``html`` (served at ``url``) plus ``links`` and
    ``metadata.extractor``, or ``None`` when the page is not an article."""
    try:
        page = HtmlPage(url=url, html=html)
    except EmptyPage:
        return None
    result = extract_page(page)
    if not result.is_article:
        return None
    return result.as_dict(url)
