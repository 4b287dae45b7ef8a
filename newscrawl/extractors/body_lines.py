"""trafilatura's lines mended: what it kept that is not the story goes, what it left out
of the story comes back.

Dropped: the headline's line, teasers of other pages (list items, paragraphs that are a
link or sit inside one, "Read more: …" lines), repeats, the byline, a template's unfilled
slot and the closing copyright notice. Put back: the standfirst (one block or several) and
the subheadings and lists trafilatura's fallback leaves out. Each rule reads the page's
tree only to judge the lines trafilatura gave.
"""

from __future__ import annotations

import re

from .authors import is_byline
from .page import HtmlPage
from .pruning import SUBHEADING_TAGS
from .text import element_text, folded, letters_only

#: A block more than this share of links is a list of them, not a standfirst.
MAX_STANDFIRST_LINK_SHARE = 0.3
#: A standfirst set as several blocks is a few of them (a hostile page's run of tiny blocks is cut short).
MAX_STANDFIRST_BLOCKS = 6
#: A shorter description is a label, not a standfirst.
MIN_STANDFIRST_CHARS = 40
#: A description this long that ends in no full stop was cut short by the CMS (or ends in "…").
MIN_CUT_DESCRIPTION_CHARS = 100
SENTENCE_ENDS = frozenset(".!?。！？\"”’»)")
#: A standfirst may open with a dateline the description leaves out ("Berlin.").
MAX_DATELINE_CHARS = 30
#: A shorter paragraph may well come twice in a story ("Read more", a refrain).
MIN_REPEAT_CHARS = 40
#: An item of a list of links is this much link text at least (the rest: separators, "»").
LINK_ITEM_SHARE = 0.8
#: A paragraph this much link text is a link, not the story's text (a teaser's title).
ALL_LINK_SHARE = 0.95
#: A "Read more:" label is at most this long, and its link at least this share of its paragraph.
MAX_LABEL_CHARS = 30
READ_MORE_LINK_SHARE = 0.6
#: A list of fewer links may be the story's own (two sources, say).
MIN_LINK_LIST_ITEMS = 3
#: A longer heading is a teaser's or a caption's text, not a subheading.
MAX_SUBHEADING_CHARS = 200
#: A list's wrapper (a ``<div>`` holding nothing else) is this many levels up at most.
MAX_WRAPPERS = 3
#: An element is told to be a paragraph of the body by this much of its opening text.
OPENING_CHARS = 40
#: A shorter list item is a list's entry, not a teaser.
MIN_TEASER_CHARS = 20
#: A copyright notice: the sign, the word, or the phrase, in a short line.
COPYRIGHT_RE = re.compile(r"^\W{0,2}(?:©|ⓒ|\(c\)\s|copyright\s*(?:[:©ⓒ]|\(c\)|\d{4}))|all rights reserved", re.I)
MAX_NOTICE_CHARS = 150
#: A template's slot left unfilled: $$NAME$$, {{ name }}, %%NAME%%, [[NAME]].
UNFILLED_SLOT_RE = re.compile(r"\$\$\w+\$\$|\{\{\s*[\w.]+\s*\}\}|%%\w+%%|\[\[\w+\]\]")


def mended_lines(page: HtmlPage, paragraphs: list[str], headline: str | None, descriptions: list) -> list[str]:
    """trafilatura's ``paragraphs`` of ``page`` without the headline's line, repeats and
    teasers, with the subheadings, lists and standfirst it left out. ``descriptions``: the
    page's structured and meta descriptions, which tell its standfirst."""
    # The headline is not the body: the one chosen, and the page's visible one (often
    # another wording of it), where trafilatura kept it as the first lines.
    titles = {letters_only(headline or "")} | {letters_only(element_text(h1)) for h1 in page.root.iter("h1")}
    titles.discard("")
    paragraphs = list(paragraphs)
    while paragraphs and letters_only(paragraphs[0]) in titles:
        paragraphs.pop(0)
    paragraphs = [p for p in paragraphs if p != headline]
    paragraphs = without_repeats(paragraphs)
    paragraphs = with_subheadings(page.root, paragraphs)
    items = {folded(p[2:]) for p in paragraphs if p.startswith("- ")}
    if items:
        # A list item that is mostly a link's text is a teaser of another page, not the story.
        teasers = teaser_items(page.root, items)
        paragraphs = [p for p in paragraphs if not (p.startswith("- ") and folded(p[2:]) in teasers)]
    if paragraphs:
        # Links to other pages, set between the story's paragraphs.
        links = link_paragraphs(page.root, {folded(p) for p in paragraphs})
        paragraphs = [p for p in paragraphs if folded(p) not in links]
    if paragraphs:
        standfirst = shown_standfirst(page, descriptions, paragraphs)
        if standfirst:
            # What trafilatura kept of it goes, to come back in the standfirst's order.
            shown = {folded(p) for p in standfirst}
            while paragraphs and folded(paragraphs[0]) in shown:
                paragraphs.pop(0)
            paragraphs[:0] = standfirst
    return paragraphs


def without_notices(paragraphs: list[str], authors: list[str] | None) -> list[str]:
    """``paragraphs`` (whichever source won) without the byline of ``authors`` (the names the
    page credits), a template's unfilled slot and the closing copyright notice."""
    if authors:
        paragraphs = [p for p in paragraphs if not is_byline(p, authors)]
    # A template's slot the page never filled ("$$ARTICLEAD$$", "{{ad}}") is no text.
    paragraphs = [p for p in paragraphs if not UNFILLED_SLOT_RE.fullmatch(p)]
    # Nor is the copyright notice the story ends with ("© dpa-infocom …", "All rights reserved").
    while paragraphs and len(paragraphs[-1]) <= MAX_NOTICE_CHARS and COPYRIGHT_RE.search(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


def teaser_items(root, candidates: set[str]) -> set[str]:
    """Of ``candidates`` (folded texts), those that are the text of a list item of links: one
    mostly made of link text (a teaser of another page), or a short one that is all link in a
    list of links (breadcrumbs, tags). Only the items whose text is a candidate are measured."""
    teasers = set()
    link_lists = {}  # each list measured once, however many of its items are candidates
    for li in root.iter("li"):
        text = folded(li.text_content())
        if text not in candidates:
            continue
        if len(text) >= MIN_TEASER_CHARS:
            if _mostly_link(li, text):
                teasers.add(text)
        elif _link_chars(li) >= LINK_ITEM_SHARE * len(text):
            parent = li.getparent()
            if parent not in link_lists:
                link_lists[parent] = _is_link_list(parent)
            if link_lists[parent]:
                teasers.add(text)
    return teasers


def link_paragraphs(root, candidates: set[str]) -> set[str]:
    """Of ``candidates`` (folded texts of paragraphs), those of a ``<p>`` that is a link to
    another page: nothing but a link (a teaser's title, or a paragraph set inside a link: a
    teaser card whose whole box is the link), or a label and a link ("Read more: …", "Lesen
    Sie auch: …", "Les også: …": a short text ending in a colon, then a link that is most of
    the paragraph)."""
    inside_links = (folded(p.text_content()) for a in root.iter("a") for p in a.iter("p"))
    found = {text for text in inside_links if text in candidates}
    for p in root.iter("p"):
        link = next(p.iter("a"), None)
        if link is None:
            continue  # most paragraphs: spare reading their text
        text = folded(p.text_content())
        if text not in candidates:
            continue
        linked = _link_chars(p)
        label = text[:text.find(folded(link.text_content()))].rstrip()
        if linked >= ALL_LINK_SHARE * len(text) or (
                label.endswith(":") and len(label) <= MAX_LABEL_CHARS and linked >= READ_MORE_LINK_SHARE * len(text)):
            found.add(text)
    return found


def with_subheadings(root, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the subheadings and lists trafilatura left out of the story's text
    (its fallback, when it finds no container it knows, keeps paragraphs only): a heading
    (``<h2>``–``<h6>``) or a list not of links whose next element with text is a paragraph
    of the body, or another such heading, goes in before that paragraph; never above the
    body's first paragraph (a kicker or the headline is set there), never a text the body
    has already."""
    starts = {}
    for index, paragraph in enumerate(paragraphs):
        starts.setdefault(folded(paragraph)[:OPENING_CHARS], index)
    # By letters alone: a heading the body has already, set with other dashes or soft hyphens.
    have = {letters_only(p) for p in paragraphs}
    inserts = []
    # From the end, so that a heading over another one that was put back is seen.
    for element in reversed(list(root.iter(*SUBHEADING_TAGS, "ul", "ol"))):
        if not _has_text(element):
            continue  # and the empty elements after it are walked past once only, from the one with text
        block = _wrapper_of(element) if element.tag in ("ul", "ol") else element
        following = block.getnext()
        while following is not None and not (isinstance(following.tag, str) and _has_text(following)):
            following = following.getnext()
        if following is None or following.tag not in ("p", "div", *SUBHEADING_TAGS):
            continue
        index = starts.get(_opening(following))
        if not index:
            continue  # not before a paragraph of the body, or before its first
        lines = _list_lines(element) if element.tag in ("ul", "ol") else _subheading_line(element)
        letters = [letters_only(line.removeprefix("- ")) for line in lines]
        if not lines or any(text in have for text in letters):
            continue
        inserts.append((index, lines))
        starts[_opening(block)] = index
        have.update(letters)
    paragraphs = list(paragraphs)
    for index, lines in sorted(inserts, key=lambda insert: -insert[0]):
        paragraphs[index:index] = lines
    return paragraphs


def _wrapper_of(element):
    """The outermost element holding nothing but ``element`` (a list's ``<div>``), looked for
    :data:`MAX_WRAPPERS` levels up at most: a hostile page of lists nested in lists would
    otherwise cost a climb to the top for each."""
    for _ in range(MAX_WRAPPERS):
        parent = element.getparent()
        if parent is None or sum(isinstance(c.tag, str) for c in parent) != 1:
            break
        element = parent
    return element


def _has_text(element) -> bool:
    return any(not text.isspace() for text in element.itertext())


def _opening(element) -> str:
    """The first :data:`OPENING_CHARS` of the element's folded text, read no further."""
    opening = ""
    for text in element.itertext():
        opening += folded(text)
        if len(opening) >= OPENING_CHARS:
            break
    return opening[:OPENING_CHARS]


def _subheading_line(heading) -> list[str]:
    text = element_text(heading)
    return [text] if text and len(text) <= MAX_SUBHEADING_CHARS else []


def _list_lines(items) -> list[str]:
    """A list's items as trafilatura writes them ("- …"); none for a gallery's captions or a list of links."""
    if next(items.iter("figure", "figcaption", "img"), None) is not None:
        return []
    entries = [li for li in items if li.tag == "li"]
    if any(_mostly_link(li, folded(li.text_content())) for li in entries):
        return []
    return [f"- {text}" for text in map(element_text, entries) if text]


def _mostly_link(item, text: str) -> bool:
    """Whether a list item (its folded ``text``) is half link or more: a teaser of another page."""
    return _link_chars(item) >= len(text) / 2


def _link_chars(element) -> int:
    return sum(len(folded(a.text_content())) for a in element.iter("a"))


def _is_link_list(parent) -> bool:
    """A list whose items are links, but for a few (a label: "Tags:", the page's own place in a breadcrumb)."""
    items = [li for li in parent if li.tag == "li"]
    links = sum(_link_chars(li) >= LINK_ITEM_SHARE * len(folded(li.text_content())) > 0 for li in items)
    return links >= MIN_LINK_LIST_ITEMS and links >= 2 * len(items) / 3


def without_repeats(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without the later copies of a paragraph of :data:`MIN_REPEAT_CHARS` or
    more: a teaser card the page embeds twice, a pull quote set again in full."""
    seen = set()
    kept = []
    for paragraph in paragraphs:
        key = folded(paragraph)
        if len(key) < MIN_REPEAT_CHARS or key not in seen:
            kept.append(paragraph)
            seen.add(key)
    return kept


def shown_standfirst(page: HtmlPage, descriptions: list, paragraphs: list[str]) -> list[str]:
    """The page's standfirst, a paragraph for each of its blocks, when trafilatura left it
    (or some of its blocks) out of ``paragraphs``: the blocks above the body's first paragraph
    that say, one or several in a row, what one of ``descriptions`` (the page's structured and
    meta descriptions) says. A description no block shows is only metadata; one shown in the
    page chrome, as a link, or below the body is no standfirst."""
    body = folded(" ".join(paragraphs))
    wanted = {key for key in (folded(text) for text in descriptions if text)
              if len(key) >= MIN_STANDFIRST_CHARS and key not in body}
    # A description the CMS cut short ("… This move, whic"), maybe after a label ("World News: "),
    # says the opening of its standfirst.
    openings = {key for key in map(_cut_description, filter(None, descriptions))
                if key and key not in body} - wanted
    body_element = next(page.root.iter("body"), page.root)
    shown = folded(body_element.text_content())
    wanted = {key for key in wanted if key in shown}  # a cheap look before the page's blocks are built
    openings = {key for key in openings if key in shown}
    if not wanted and not openings:
        return []
    first = folded(paragraphs[0])
    blocks = page.blocks
    for i, block in enumerate(blocks):
        text = folded(block.text)
        if _may_be_standfirst(block):
            said, run = text, None
            for j in range(i + 1, min(i + MAX_STANDFIRST_BLOCKS, len(blocks))):
                if not (any(key.startswith(said) for key in wanted) and _may_be_standfirst(blocks[j])):
                    break
                said += folded(blocks[j].text)
                if said in wanted:
                    run = blocks[i:j + 1]  # the longest run that says a description
            if run:
                return [b.text for b in run]
            if _says_one_of(text, wanted) or any(text.startswith(key) for key in openings):
                return [block.text]
        if text == first:
            return []
    return []


def _may_be_standfirst(block) -> bool:
    return not block.in_chrome and block.link_density < MAX_STANDFIRST_LINK_SHARE


def _cut_description(description: str) -> str | None:
    """The folded opening a description cut short says, without its last, cut word and without
    a label before it ("Pakistan News: …"); ``None`` for a description that ends a sentence."""
    description = description.strip()
    cut = description.endswith(("…", "..."))
    if len(description) < MIN_CUT_DESCRIPTION_CHARS or (description[-1] in SENTENCE_ENDS and not cut):
        return None
    label, colon, rest = description.partition(": ")
    if colon and len(label) <= MAX_LABEL_CHARS:
        description = rest
    return folded(description.rstrip(".…").rsplit(None, 1)[0])


def _says_one_of(text: str, descriptions: set[str]) -> bool:
    """Whether ``text`` is one of ``descriptions``, or one with a dateline before it ("Berlin. …")."""
    return text in descriptions or any(
        len(text) - len(key) <= MAX_DATELINE_CHARS and text.endswith(key) for key in descriptions)
