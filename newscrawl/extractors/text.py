"""Turn an lxml tree into the lines a reader sees, in reading order.

Extractors anchor on visible labels and text order rather than class names,
so they need the page as a sequence of text blocks (what the seed file shows)
while keeping, for each block, the element it came from.
"""

from __future__ import annotations

import re

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


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


# Scripts written without spaces between words: Han, kana, Thai, Lao, Myanmar, Khmer.
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_TOKEN_RE = re.compile(f"[{_UNSPACED}]|[^\\s{_UNSPACED}]+")
#: What is not a letter or a digit: ``\w`` is what ``str.isalnum`` accepts, and the underscore.
_NOT_LETTERS_RE = re.compile(r"[\W_]+")


def count_words(text: str | None) -> int:
    """Words of ``text``: runs between spaces, and each character of a script written without
    spaces (a Japanese or Chinese article has few spaces, and ``str.split`` would count its
    paragraphs as words)."""
    return len(_WORD_TOKEN_RE.findall(text or ""))


def normalize_space(text: str | None) -> str:
    """Collapse runs of white space (including non-breaking spaces) to one space."""
    if not text:
        return ""
    # Most paragraphs are clean already. Every white-space character but the
    # ASCII space is unprintable, so these C-level scans prove there is nothing
    # to collapse, and spare splitting the text into one string per word.
    if text[0] != " " and text[-1] != " " and "  " not in text and (
        # ASCII: deleting the printable bytes leaves nothing. Three times
        # faster than isprintable, which looks up each character's category.
        not text.encode("ascii").translate(None, _PRINTABLE_ASCII) if text.isascii() else text.isprintable()
    ):
        return text
    return " ".join(text.split())


def folded(text: str) -> str:
    """Text as two titles or lines are compared: case and white space aside."""
    return "".join(text.casefold().split())


def letters_only(text: str) -> str:
    """Text as two headlines are compared: only its letters and digits, case aside (a headline
    whose kicker colon the style sheet draws reads "KickerHeadline" in the text)."""
    return _NOT_LETTERS_RE.sub("", text.casefold())


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


def element_text(el) -> str:
    """Visible text of ``el`` with white space normalised (scripts and styles left out)."""
    if not len(el):
        return normalize_space(el.text)
    breaks = False
    texts = _is_text(el.text)  # pieces of text a line break could fall between
    # (A Python loop: lxml's iterdescendants(*tags) rebuilds its matcher for
    # every call, which costs more than this on the small elements read here.)
    for descendant in el.iterdescendants():
        tag = descendant.tag
        if tag in INVISIBLE_TAGS:
            return _joined_lines(el)
        breaks = breaks or tag in _BREAK_TAGS
        texts += _is_text(descendant.tail) + (isinstance(tag, str) and _is_text(descendant.text))
    if breaks and (texts > 1 or el.tag in INVISIBLE_TAGS):
        return _joined_lines(el)
    # Inline elements only, or one piece of text (a link holding an image and
    # a title, say): no line break can fall inside it, so libxml2's text
    # serialisation gives the same text, in a tenth of the time.
    return normalize_space(etree.tostring(el, method="text", encoding=str, with_tail=False))


def _is_text(text: str | None) -> bool:
    return bool(text) and not text.isspace()


def _joined_lines(el) -> str:
    return " ".join(block.text for block in linearize(el))


_BREAK_TAGS = BLOCK_TAGS | {"br"}

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

    This is the hot path of every extraction. It recurses over block elements
    and reads leaf inline elements (most links, spans and bold text) in one
    step, so the Python work is about one step per element. lxml caps nesting
    at 256 levels, well inside Python's recursion limit.
    """
    if root.tag in INVISIBLE_TAGS:
        return []
    chrome = root.tag in CHROME_TAGS
    walker = _Linearizer()
    walker.walk(root, root, chrome, root.tag == "a")
    walker.flush(root, chrome)
    return walker.blocks


class _Linearizer:
    __slots__ = ("blocks", "buffer", "link_chars")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        #: Text pieces of the line being read, and how many of their characters are link text.
        self.buffer: list[str] = []
        self.link_chars = 0

    def flush(self, owner, in_chrome: bool) -> None:
        buffer = self.buffer
        if buffer:
            text = normalize_space("".join(buffer))
            if text:
                self.blocks.append(Block(text, owner, min(self.link_chars, len(text)), in_chrome))
            buffer.clear()
        self.link_chars = 0

    def walk(self, el, owner, in_chrome: bool, in_link: bool) -> None:
        """Read ``el``'s text and children (not its tail) into lines owned by ``owner``."""
        buffer = self.buffer
        push = buffer.append
        text = el.text
        # White space at the start of a line is never shown: not buffering it
        # spares a flush per indented element.
        if text and (buffer or not text.isspace()):
            push(text)
            if in_link:
                self.link_chars += len(text.strip())
        for child in el:
            tag = child.tag
            if tag in BLOCK_TAGS:
                if buffer:
                    self.flush(owner, in_chrome)
                child_chrome = in_chrome or tag in CHROME_TAGS
                if len(child):
                    self.walk(child, child, child_chrome, in_link)
                    if buffer:
                        self.flush(child, child_chrome)
                else:
                    # A block with text only (most paragraphs): one line, no buffering.
                    text = child.text
                    if text:
                        text = normalize_space(text)
                        if text:
                            self.blocks.append(Block(text, child, len(text) if in_link else 0, child_chrome))
            elif tag == "br":
                if buffer:
                    self.flush(owner, in_chrome)
            elif tag in INVISIBLE_TAGS or not isinstance(tag, str):
                pass  # scripts, styles, comments: only their tail is visible
            elif not len(child):
                text = child.text
                if text and (buffer or not text.isspace()):
                    push(text)
                    if in_link or tag == "a":
                        self.link_chars += len(text.strip())
            else:
                self.walk(child, owner, in_chrome, in_link or tag == "a")
            tail = child.tail
            if tail and (buffer or not tail.isspace()):
                push(tail)
                if in_link:
                    self.link_chars += len(tail.strip())


def document_order(root) -> dict:
    """Map each element to its position in document order."""
    return {el: i for i, el in enumerate(root.iter())}


def is_inside(el, ancestor) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False


