"""Choose the extractor for a page: the first registered one that applies.

Site-family extractors come first; a generic extractor, when registered, goes
last and applies to every page.
"""

from __future__ import annotations

from .base import Extraction, Extractor
from .page import HtmlPage
from .generic import GenericExtractor
from .template import TemplateExtractor

#: Tried in order; the first whose ``applies`` is true reads the page.
DEFAULT_EXTRACTORS: tuple[Extractor, ...] = (TemplateExtractor(), GenericExtractor())


def extract_page(page: HtmlPage, extractors: tuple[Extractor, ...] = DEFAULT_EXTRACTORS) -> Extraction:
    for extractor in extractors:
        if extractor.applies(page):
            return extractor.extract(page)
    return Extraction(extractor="none", skip_reason="unsupported_page")
