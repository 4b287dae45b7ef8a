"""The page an extractor reads: URL, HTML and its parsed tree, parsed once here (the spider
hands over the response's text: Scrapy builds its own selector only when asked, and nothing in a
crawl asks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from .text import Block, document_order, linearize, normalize_space


# lxml.html elements, which trafilatura (the generic body extractor) works on,
# so the one tree serves whichever extractor reads the page. The class lookup is
# lxml's C-level default one: lxml.html's own lookup calls Python for every
# element touched (to give form fields their own classes, which nothing here
# uses) and cost a fifth of a template extraction.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity,
))


class EmptyPage(ValueError):
    """The document has no parsable content."""


@dataclass
class HtmlPage:
    """A downloaded HTML page, parsed on creation. Readers do not change ``root``: several
    read the same page (an extractor, the render policy, the listing reader)."""

    url: str
    html: str = ""
    root: object = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.html or self.html.isspace():
            raise EmptyPage("empty document")
        try:
            self.root = etree.fromstring(self.html, _PARSER)
        except (etree.ParserError, ValueError) as exc:
            raise EmptyPage(f"unparsable document: {exc}") from exc
        if self.root is None:
            raise EmptyPage("no elements in document")

    @cached_property
    def blocks(self) -> list[Block]:
        # ``order`` holds a Python proxy of every element for the page's
        # lifetime. Built first, it lets the walk below (and every later
        # pass) reuse those proxies instead of lxml creating and freeing one
        # per element on each pass, a seventh of a template extraction.
        self.order
        body = next(self.root.iter("body"), None)
        return linearize(body if body is not None else self.root)

    @cached_property
    def structured(self):
        """The page's JSON-LD (:class:`StructuredData`), read once for every reader: the
        extractor, then the render policy."""
        from .structured import StructuredData  # it reads pages: imported here, not at the top

        return StructuredData(self)

    @cached_property
    def order(self) -> dict:
        """Each element's position in document order."""
        return document_order(self.root)

    @cached_property
    def base_url(self) -> str:
        for base in self.root.iter("base"):
            href = base.get("href")
            if href is not None:  # <base target=…> alone sets no URL
                return urljoin(self.url, href.strip())
        return self.url

    def absolute(self, href: str | None) -> str | None:
        """``href`` resolved against the page's base URL; ``None`` for
        non-http(s) links (javascript:, mailto:, empty or fragment-only)."""
        href = (href or "").strip()
        if not href or href.startswith("#"):
            return None
        if href.startswith(("http://", "https://")) and " " not in href:
            return href  # already absolute: skip urljoin, the hot path on link lists
        if href.startswith("/") and not href.startswith("//") and self._origin:
            return self._origin + href
        url = urljoin(self.base_url, href)
        return url if url.startswith(("http://", "https://")) else None

    @cached_property
    def _origin(self) -> str | None:
        parts = urlsplit(self.base_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
        return None

    @cached_property
    def title(self) -> str:
        title = next(self.root.iter("title"), None)
        if title is None:
            return ""
        # A title holds text only (libxml2 reads no markup inside it); itertext is for odd trees.
        return normalize_space(title.text if not len(title) else " ".join(title.itertext()))

    def meta(self, *names: str) -> str | None:
        """First non-empty ``<meta>`` content whose name or property is in ``names``."""
        found = [self._metas[name] for name in map(str.lower, names) if name in self._metas]
        return min(found)[1] if found else None

    def meta_names(self, prefix: str) -> list[str]:
        """The (lower-case) names of the page's non-empty metas that start with ``prefix``."""
        return [name for name in self._metas if name.startswith(prefix)]

    @cached_property
    def _metas(self) -> dict[str, tuple[int, str]]:
        """Each meta name's first non-empty content, with its position (pages ask for several names)."""
        metas: dict[str, tuple[int, str]] = {}
        for position, el in enumerate(self.root.iter("meta")):
            key = (el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv") or "").lower()
            if key and key not in metas:
                value = normalize_space(el.get("content"))
                if value:
                    metas[key] = (position, value)
        return metas

    def link_rel(self, rel: str) -> str | None:
        for el in self.root.iter("link"):
            if rel in (el.get("rel") or "").lower().split():
                url = self.absolute(el.get("href"))
                if url:
                    return url
        return None

    @cached_property
    def language(self) -> str | None:
        lang = self.root.get("lang") or self.root.get("{http://www.w3.org/XML/1998/namespace}lang")
        lang = normalize_space(lang) or self.meta("content-language", "og:locale", "language")
        return lang.replace("_", "-") if lang else None
