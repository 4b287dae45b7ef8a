"""Turn an lxml tree into the lines a reader sees, in reading order.

Extractors anchor on visible labels and text order rather than class names,
so they need the page as a sequence of text blocks (what the seed file shows)
while keeping, for each block, the element it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


_SPACE_RE = re.compile(r"\s+")

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
    if not text:
        return ""
    return _SPACE_RE.sub(" ", text.replace("\xa0", " ")).strip()


def normalize_label(text: str | None) -> str:
    """Text as compared with a label: NFKC, case-folded, no trailing colon."""
    return normalize_space(unicodedata.normalize("NFKC", text or "")).casefold().rstrip(":： ").strip()


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


@dataclass(slots=True)
class Block:
    """One rendered line: its text, the block element it belongs to, and how
    much of its text sits inside links."""

    text: str
    element: object
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def linearize(root) -> list[Block]:
    """Return the visible text blocks of ``root`` in document order."""
    blocks: list[Block] = []
    buffer: list[str] = []
    state = {"link_chars": 0, "owner": root}

    def flush() -> None:
        text = normalize_space("".join(buffer))
        if text:
            # link_chars counted raw text; clamp after normalisation.
            blocks.append(Block(text, state["owner"], min(state["link_chars"], len(text))))
        buffer.clear()
        state["link_chars"] = 0

    def walk(el, in_link: bool) -> None:
        tag = tag_name(el)
        if tag and tag not in INVISIBLE_TAGS:
            is_block = tag in BLOCK_TAGS
            if is_block or tag == "br":
                flush()
            outer_owner = state["owner"]
            if is_block:
                state["owner"] = el
            link = in_link or tag == "a"
            if el.text:
                buffer.append(el.text)
                if link:
                    state["link_chars"] += len(normalize_space(el.text))
            for child in el:
                walk(child, link)
            if is_block:
                flush()
                state["owner"] = outer_owner
        if el.tail and el is not root:
            buffer.append(el.tail)
            if in_link:
                state["link_chars"] += len(normalize_space(el.tail))

    walk(root, False)
    flush()
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


