"""Turn an lxml tree into the lines a reader sees, in reading order.

Extractors anchor on visible labels and text order rather than class names,
so they need the page as a sequence of text blocks (what the seed file shows)
while keeping, for each block, the element it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lxml import etree


#: Elements that start a new line when rendered.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body center dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html
    li main nav ol p pre section summary table tbody td tfoot th thead tr ul""".split()
)
#: Elements whose content is never visible text.
INVISIBLE_TAGS = frozenset(
    "script style noscript template head title iframe svg canvas select option textarea button object embed".split()
)


def normalize_space(text: str | None) -> str:
    """Collapse runs of white space (including non-breaking spaces) to one space."""
    return " ".join(text.split()) if text else ""


#: Longer text is never a heading label; checking length first keeps label tests cheap.
MAX_LABEL_CHARS = 48


def normalize_label(text: str | None) -> str:
    """Text as compared with a label: NFKC, case-folded, no trailing colon
    ("" for text too long to be a label)."""
    if not text or len(text) > 4 * MAX_LABEL_CHARS:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    label = " ".join(text.split()).casefold().rstrip(":： ").strip()
    return label if len(label) <= MAX_LABEL_CHARS else ""


def tag_name(el) -> str:
    """Lower-case local tag name, or "" for comments and processing instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    if "}" in tag:
        tag = tag.rsplit("}", 1)[1]
    return tag.lower()


def element_text(el) -> str:
    """Visible text of ``el`` with white space normalised (scripts and styles left out)."""
    if not len(el):
        return normalize_space(el.text)
    if next(el.iterdescendants(*_STRUCTURE_TAGS), None) is None:
        # Only inline children: lxml's C-level itertext gives the same text.
        return normalize_space("".join(el.itertext()))
    parts: list[str] = []
    _collect(el, parts, top=True)
    return normalize_space("".join(parts))


def _collect(el, parts: list[str], top: bool) -> None:
    tag = tag_name(el)
    if tag and tag not in INVISIBLE_TAGS:
        if tag in BLOCK_TAGS or tag == "br":
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            _collect(child, parts, top=False)
        if tag in BLOCK_TAGS:
            parts.append(" ")
    if not top and el.tail:
        parts.append(el.tail)


_STRUCTURE_TAGS = tuple(BLOCK_TAGS | INVISIBLE_TAGS | {"br"})

#: Page chrome: text inside these is never article text.
CHROME_TAGS = frozenset("footer nav aside".split())


@dataclass(slots=True)
class Block:
    """One rendered line: its text, the block element it belongs to, how much
    of its text sits inside links, and whether it is inside page chrome."""

    text: str
    element: object
    link_chars: int
    in_chrome: bool = False

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def linearize(root) -> list[Block]:
    """Return the visible text blocks of ``root`` in document order.

    One pass of lxml's ``iterwalk``: this is the hot path of every extraction,
    hence the flat loop and local names.
    """
    blocks: list[Block] = []
    append_block = blocks.append
    buffer: list[str] = []
    push = buffer.append
    owners = [root]
    link_chars = links = chrome = skip = 0
    block_tags, invisible, chrome_tags = BLOCK_TAGS, INVISIBLE_TAGS, CHROME_TAGS

    def flush(owner, link_chars: int, in_chrome: bool) -> None:
        text = " ".join("".join(buffer).split())
        if text:
            append_block(Block(text, owner, min(link_chars, len(text)), in_chrome))
        buffer.clear()

    for event, el in etree.iterwalk(root, events=("start", "end", "comment")):
        if event == "start":
            if skip:
                skip += 1
                continue
            tag = el.tag
            if tag in invisible:
                skip = 1
                continue
            if tag in block_tags or tag == "br":
                if buffer:
                    flush(owners[-1], link_chars, chrome > 0)
                link_chars = 0
                if tag != "br":
                    owners.append(el)
            elif tag == "a":
                links += 1
            if tag in chrome_tags:
                chrome += 1
            text = el.text
            if text:
                push(text)
                if links:
                    link_chars += len(text.strip())
            continue
        if event == "end":
            if skip:
                skip -= 1
                if skip:
                    continue
            else:
                tag = el.tag
                if tag in block_tags:
                    if buffer:
                        flush(owners[-1], link_chars, chrome > 0)
                    link_chars = 0
                    owners.pop()
                elif tag == "a":
                    links -= 1
                if tag in chrome_tags:
                    chrome -= 1
        elif skip:
            continue  # a comment inside a script or style
        tail = el.tail
        if tail and el is not root:
            push(tail)
            if links:
                link_chars += len(tail.strip())
    if buffer:
        flush(owners[-1], link_chars, chrome > 0)
    return blocks


def document_order(root) -> dict:
    """Map each element to its position in document order."""
    return {el: i for i, el in enumerate(root.iter())}


def is_inside(el, ancestor) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False


