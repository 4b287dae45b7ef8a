"""Does a plainly fetched page need a browser? A pure decision on its HTML.

A page needs rendering only when it carries scripts *and* its plain HTML shows
a hole that scripts fill: a list heading with no links under it (or a
"Loading…" placeholder), a counter shown without its number, a template page
with no article body, or any page that says it is an article (Article data,
``og:type`` article) and shows too little text for one (an app that writes its
story in the browser). An empty list on a page without scripts is simply empty.
"""

from __future__ import annotations

import re

from ..extractors import SECTIONS, Extraction, HtmlPage

EMPTY_COUNTER_RE = re.compile(r"very\s*good\s*[!！]\s*\(\s*\)|very\s*good\s*[!！]\s*$", re.I | re.M)
PLACEHOLDER_RE = re.compile(r"^(?:loading|加载中)\W*$", re.I)
#: Placeholders and counters sit on short lines of their own.
SHORT_LINE = 40
NON_CODE_SCRIPT_TYPES = ("application/ld+json", "application/json", "text/template", "text/html")


def has_scripts(page: HtmlPage) -> bool:
    for script in page.root.iter("script"):
        kind = (script.get("type") or "").lower()
        if kind in NON_CODE_SCRIPT_TYPES:
            continue
        if script.get("src") or (script.text or "").strip():
            return True
    return False


def empty_lists(page: HtmlPage, extraction: Extraction) -> list[str]:
    """The lists whose heading is on the page with no link under it."""
    return [s for s in SECTIONS if s in extraction.headings and not extraction.links.get(s)]


def render_reason(page: HtmlPage, extraction: Extraction) -> str | None:
    """Why this page should be rendered, or ``None`` when its plain HTML is enough."""
    if not has_scripts(page):
        return None
    empty = empty_lists(page, extraction)
    if empty:
        return f"empty_list:{empty[0]}"
    short = [block.text for block in page.blocks if len(block.text) <= SHORT_LINE]
    if any(PLACEHOLDER_RE.match(text) for text in short):
        return "placeholder"
    if extraction.extractor == "template" and extraction.skip_reason == "no_body":
        return "missing_body"
    if extraction.skip_reason == "too_short" and page.structured.declares_article:
        return "missing_body"
    if any(EMPTY_COUNTER_RE.search(text) for text in short):
        return "script_counter"
    return None
