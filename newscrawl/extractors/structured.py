"""Structured data a page declares about itself: JSON-LD and ``<meta>`` tags.

JSON-LD is read leniently (several scripts, ``@graph``, lists, a trailing
comma or an HTML comment around it) and the node that describes the article
is picked by its ``@type``.
"""

from __future__ import annotations

import html
import json
import logging
import re
from functools import cached_property

from .page import HtmlPage
from .text import normalize_space

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting", "report",
    "scholarlyarticle", "techarticle", "liveblogposting",
})
_TRAILING_COMMA_RE = re.compile(r",\s*([}\]])")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _types(node: dict) -> set[str]:
    raw = node.get("@type") or []
    if isinstance(raw, str):
        raw = [raw]
    return {str(t).rsplit("/", 1)[-1].lower() for t in raw if t}


def _walk(value, out: list[dict]) -> None:
    if isinstance(value, list):
        for v in value:
            _walk(v, out)
    elif isinstance(value, dict):
        out.append(value)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in value:
                _walk(value[key], out)


def _loads(text: str):
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:].rsplit("-->", 1)[0]
    text = text.replace("<![CDATA[", "").replace("]]>", "")
    try:
        return json.loads(text)
    except ValueError:
        try:
            return json.loads(_TRAILING_COMMA_RE.sub(r"\1", _CONTROL_RE.sub(" ", text)))
        except ValueError:
            return None


class StructuredData:
    def __init__(self, page: HtmlPage) -> None:
        self.page = page

    @cached_property
    def nodes(self) -> list[dict]:
        nodes: list[dict] = []
        for script in self.page.root.iter("script"):
            if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
                data = _loads(script.text)
                if data is None:
                    logger.debug("Unreadable JSON-LD on %s", self.page.url)
                    continue
                _walk(data, nodes)
        return nodes

    @cached_property
    def types(self) -> set[str]:
        found: set[str] = set()
        for node in self.nodes:
            found |= _types(node)
        return found

    @cached_property
    def article(self) -> dict | None:
        """The JSON-LD node of the article: the Article-typed node with the most to say."""
        candidates = [n for n in self.nodes if _types(n) & ARTICLE_TYPES]
        if not candidates:
            return None
        return max(candidates, key=lambda n: (bool(n.get("articleBody")), bool(n.get("headline")), len(n)))

    @cached_property
    def article_authors(self):
        """The article's ``author`` (else ``creator``) value. When the page describes its
        article twice (a CMS and its SEO plugin each write a node with the same headline), from
        the node that names the most: one of them often lists only the first author."""
        chosen = self.article
        if chosen is None:
            return None
        headline = _folded_text(chosen.get("headline"))
        same = [chosen] + [n for n in self.nodes if n is not chosen and _types(n) & ARTICLE_TYPES
                           and headline and _folded_text(n.get("headline")) == headline]
        values = [v for v in (n.get("author") or n.get("creator") for n in same) if v not in (None, "", [], {})]
        return max(values, key=lambda v: len(v) if isinstance(v, list) else 1, default=None)

    @cached_property
    def declares_article(self) -> bool:
        """Does the page say it is an article (Article-typed data, or ``og:type`` article)?"""
        return self.article is not None or (self.page.meta("og:type") or "").lower() == "article"

    @cached_property
    def is_live_blog(self) -> bool:
        return "liveblogposting" in self.types

    def article_value(self, *keys: str):
        node = self.article or {}
        for key in keys:
            value = node.get(key)
            if value not in (None, "", [], {}):
                return value
        return None

    @cached_property
    def publisher_name(self) -> str | None:
        publisher = self.article_value("publisher")
        if isinstance(publisher, list):
            publisher = publisher[0] if publisher else None
        if isinstance(publisher, dict):
            return normalize_space(publisher.get("name")) or None
        return None

    def meta(self, *names: str) -> str | None:
        return self.page.meta(*names)


def _folded_text(value) -> str:
    text = as_text(value) or ""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def as_text(value) -> str | None:
    """A JSON-LD value as one string (first of a list, ``name`` or ``@value`` of an object)."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url")
    if isinstance(value, (int, float)):
        value = str(value)
    # JSON-LD written by CMS templates often carries HTML entities (&#8217;).
    return normalize_space(html.unescape(value)) if isinstance(value, str) else None
