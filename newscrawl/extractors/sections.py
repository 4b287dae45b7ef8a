"""Find the Related / Ranking / Recommendation link lists by their visible headings.

A list is anchored on its heading text, not on class names: the heading is the
outermost element whose whole text is the label, and the list is made of the
links that follow it inside its enclosing block, up to the next heading.
"""

from __future__ import annotations

from lxml import etree

from .page import HtmlPage
from .text import INVISIBLE_TAGS, MAX_LABEL_CHARS, element_text, is_inside, normalize_label, normalize_space

HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())

#: How many ancestors above a heading may be searched for its links.
MAX_CLIMB = 3


class Labels:
    """Heading texts of each section: exact labels, and prefixes such as
    "more from" (for "More from The Guardian"); all normalised."""

    def __init__(self, exact: dict[str, str], prefixes: dict[str, str] | None = None) -> None:
        self.exact = exact
        self.prefixes = tuple((prefix, section) for prefix, section in (prefixes or {}).items())
        #: First letters of every label: most texts on a page are rejected on these alone.
        self.starts = frozenset(label[:2] for label in [*exact, *(prefixes or {})])

    def may_match(self, text: str) -> bool:
        return text.lstrip()[:2].lower() in self.starts or not text.isascii()

    def get(self, label: str) -> str | None:
        section = self.exact.get(label)
        if section is None and label:
            for prefix, candidate in self.prefixes:
                if label.startswith(prefix):
                    return candidate
        return section

    def __contains__(self, label: str) -> bool:
        return self.get(label) is not None


def find_headings(page: HtmlPage, labels: dict[str, str] | Labels) -> list[tuple[object, str]]:
    """``[(heading element, section), …]`` in document order, for every element
    whose text is one of ``labels`` (normalised label → section)."""
    found = []
    seen = set()
    longest = 4 * MAX_LABEL_CHARS
    if not isinstance(labels, Labels):
        labels = Labels(labels)
    may_match = labels.may_match
    for el in page.root.iter(etree.Element):
        text = el.text
        if not text or len(text) > longest or not may_match(text):
            continue
        section = labels.get(normalize_label(text))
        if section is None or el.tag in INVISIBLE_TAGS:
            continue
        # The label must be the whole of the element's text, so a paragraph
        # that merely starts with "Related" is not a heading.
        if len(el) and labels.get(normalize_label(element_text(el))) != section:
            continue
        heading = el
        parent = heading.getparent()
        while parent is not None and _only_wraps(parent, heading):
            heading, parent = parent, parent.getparent()
        if heading not in seen:
            seen.add(heading)
            found.append((heading, section))
    return found


def _last_descendant(el):
    # Down the last-child chain: depth steps, not a walk of the whole subtree.
    while len(el):
        el = el[-1]
    return el


def _only_wraps(parent, child) -> bool:
    """Whether ``parent`` shows nothing but ``child`` (so it is the heading too)."""
    return (len(parent) == 1 and not (parent.text or "").strip() and not (child.tail or "").strip()
            and parent.tag not in ("body", "html"))


def _chrome_links(root) -> set:
    """Links inside <footer> and <nav>: site chrome, never part of a list."""
    return {a for chrome in root.iter("footer", "nav") for a in chrome.iter("a")}


def _has_empty_list_after(container, order, after: int) -> bool:
    return any(order[lst] > after and not len(lst.xpath(".//a")) for lst in container.iter("ul", "ol"))


def _holds_other_heading(el, heading, heading_nodes) -> bool:
    return any(node is not heading and node is not el and is_inside(node, el) and not is_inside(heading, node)
               for node in heading_nodes)


def link_entry(page: HtmlPage, a) -> dict | None:
    url = page.absolute(a.get("href"))
    if url is None:
        return None
    title = element_text(a)
    if not title or title.isdigit():
        # A rank number ("1") is not a title; the link's title attribute is.
        title = normalize_space(a.get("title")) or title
    if not title:
        for alt in a.xpath(".//img/@alt"):
            title = normalize_space(alt)
            if title:
                break
    return {"url": url, "title": title or None}


def find_link_lists(
    page: HtmlPage, labels: dict[str, str] | Labels, sections: tuple[str, ...]
) -> tuple[dict[str, list[dict]], set[str]]:
    """Links under each section heading (a section seen twice keeps its first
    list), and the sections whose heading is on the page at all."""
    result: dict[str, list[dict]] = {s: [] for s in sections}
    headings = find_headings(page, labels)
    seen = {section for _, section in headings}
    if not headings:
        return result, seen
    order = page.order
    heading_starts = sorted(order[h] for h, _ in headings)
    h_elements = list(page.root.iter(*HEADING_TAGS))
    other_heads = sorted(order[el] for el in h_elements)
    heading_nodes = [h for h, _ in headings] + h_elements
    chrome = _chrome_links(page.root)
    filled: set[str] = set()
    for heading, section in headings:
        if section in filled:
            continue
        after = order[_last_descendant(heading)]
        start = order[heading]
        stop = min(
            [p for p in heading_starts if p > start] + [p for p in other_heads if p > after] + [len(order)]
        )
        container = heading.getparent()
        for _ in range(MAX_CLIMB + 1):
            if container is None:
                break
            anchors = [a for a in container.iter("a") if after < order[a] < stop and a not in chrome]
            if anchors:
                entries, seen_urls = [], set()
                for a in anchors:
                    entry = link_entry(page, a)
                    if entry and entry["url"] not in seen_urls:
                        seen_urls.add(entry["url"])
                        entries.append(entry)
                if entries:
                    result[section] = entries
                    filled.add(section)
                break
            if _has_empty_list_after(container, order, after):
                break  # the list is there and empty (scripts may fill it)
            parent = container.getparent()
            if parent is None or _holds_other_heading(parent, heading, heading_nodes):
                break  # climbing further would reach another block's links
            container = parent
    return result, seen
