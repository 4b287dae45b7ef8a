"""The body of any article page: trafilatura's reading of the page; the page's own
structured ``articleBody`` when that is the better text; for an app's page that shows
no body, the article in its scripts' state.

trafilatura runs on the tree already parsed, in its own copy, with what never belongs
to the story pruned first: page chrome, what the page sets beside the story (landmarks,
a right-hand column, fact boxes, author boxes, sign-ups, embedded social posts) and the
other stories an infinite-scroll page stacks below its own. A body split into marked
parts is joined first (in a copy). From its lines, teasers, links to other pages, the
byline and a closing copyright notice are dropped; a standfirst it left out is put back,
and so are the subheadings and lists its fallback (paragraphs only) leaves out.
``page.root`` is left as it is: the render policy and the listing reader look at the page
after the extractors.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from copy import deepcopy

import lxml.html
import trafilatura
from lxml import etree

from .authors import is_byline
from .page import HtmlPage
from .structured import StructuredData, as_text
from .text import (count_words, document_order, element_text, folded, is_inside, letters_only, linearize,
                   normalize_space)

#: Elements that never hold the body.
NEVER_BODY_TAGS = ("nav", "footer", "form", "iframe", "svg", "noscript", "style", "button", "select")
CHROME_XPATH = "|".join(f"//{tag}" for tag in NEVER_BODY_TAGS)
#: ARIA landmarks that say the same as ``<nav>``, ``<footer>`` and ``<aside>``.
ASIDE_ROLES = frozenset({"navigation", "contentinfo", "complementary"})
#: Class names of a fact box: background set beside the story ("Fakta om …", "Weitere
#: Informationen"), a transcript, a glossary or links; CMSs name it in English.
FACT_BOX_CLASSES = ("factbox", "fact-box", "infobox", "info-box")
#: Class names of the box about the author (a biography, other stories by them).
AUTHOR_BOX_CLASSES = ("author-bio", "authorbio", "author-box", "author-info", "about-the-author")
#: Class names of posts embedded from social networks (the names their embed codes give): a
#: post the story quotes, with its author, date and links, is not the story's text.
EMBED_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "bluesky-embed", "reddit-embed")
ASIDE_CLASSES = (*FACT_BOX_CLASSES, *AUTHOR_BOX_CLASSES, *EMBED_CLASSES, "newsletter")
#: One of these is in every name above: a cheap first test (case-sensitive, on the lower-cased class).
_ASIDE_KEYS = ("box", "author", "newsletter", "tweet", "instagram", "tiktok", "bluesky", "reddit")
_ASIDE_KEY_RE = re.compile("|".join(_ASIDE_KEYS))
_CLASS_VALUES = etree.XPath("//@class")
#: Class names (whole, any letter case) and the microdata property that mark an article's body.
BODY_CLASSES = frozenset({"articlebody", "article-body", "article_body", "article__body", "story-body", "storybody",
                          "article-content", "article__content", "articlecontent", "entry-content", "post-content",
                          "article-text", "articletext"})
#: One of :data:`BODY_CLASSES` as a whole class name, in a lower-cased class attribute.
_BODY_CLASS_RE = re.compile(r"(?<!\S)(?:%s)(?!\S)" % "|".join(sorted(map(re.escape, BODY_CLASSES), key=len, reverse=True)))
_PROPERTY_VALUES = etree.XPath("//@itemprop")
#: A marked element with less text than this is a stub (an ad slot, an empty wrapper), not a part of the body.
MIN_PART_CHARS = 200
#: A page marks its body in a few places (one element per paragraph at most); with more marks,
#: finding the outermost would cost time on a hostile page, and they are no one body.
MAX_MARKED = 300
SUBHEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_ROLE_VALUES = etree.XPath("//@role")
#: Links that may lead to a subscription or login page, found by libxml2 (a predicate on links only,
#: not on every element); :data:`PROMPT_HREF_RE` then decides.
_PROMPT_LINKS = etree.XPath("//a[contains(@href, 'subscri') or contains(@href, '/abo') or contains(@href, 'log')"
                            " or contains(@href, 'sign') or contains(@href, '/premium')]")
#: Where a paywall or sign-in prompt links: subscription, login and premium pages (their paths
#: are English words on most sites, whatever the language of the page; "abo" is German/French).
PROMPT_HREF_RE = re.compile(r"subscri|/abo(?:nnement)?\b|/log-?in\b|/sign-?in\b|/premium\b", re.I)
#: A prompt is a few lines; a larger block around such a link holds more than the prompt.
MAX_PROMPT_CHARS = 300
MAX_PROMPT_LINKS = 20
_ID_VALUES = etree.XPath("//@id")
#: The id of a right-hand column: rightWrap, right-col, right_rail, sidebar-right, column-right…
RIGHT_COLUMN_RE = re.compile(r"(?<![a-z])right[-_]?(?:wrap|col|column|rail|side|sidebar|bar)"
                             r"|(?:col|column|rail|sidebar)[-_]?right(?![a-z])")
#: An element of one of these class names that holds more than this share of the page's text holds the story.
MAX_ASIDE_SHARE = 0.5
#: A form with more than this share of the page's text holds the page, not a search box or a login.
FORM_SHARE_KEPT = 0.5
MIN_FORM_CHARS = 500
#: Fewer words than this is not an article body (a character of Chinese or Japanese counts as
#: a word: :func:`~newscrawl.extractors.text.count_words`).
MIN_WORDS = 80
#: A script string shorter than this is not an article's body.
MIN_SCRIPT_BODY_CHARS = 500
#: The rest of a double-quoted string literal (JSON's, and JavaScript's in a JSON-like payload).
STRING_REST_RE = re.compile(r'(?:[^"\\]|\\.)*+"')
#: Paragraph markup in a script string, written plainly or escaped (``\u003cp\u003e``).
ESCAPED_MARKUP_RE = re.compile(r"(?:<|\\u003c)(?:p|br)\b", re.I)
#: A script string more than this share of links is a menu or a list, not a body.
MAX_LINK_SHARE = 0.3
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
SUBHEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
#: An element is told to be a paragraph of the body by this much of its opening text.
OPENING_CHARS = 40
#: A shorter list item is a list's entry, not a teaser.
MIN_TEASER_CHARS = 20
#: A copyright notice: the sign, the word, or the phrase, in a short line.
COPYRIGHT_RE = re.compile(r"^\W{0,2}(?:©|ⓒ|\(c\)\s|copyright\s*(?:[:©ⓒ]|\(c\)|\d{4}))|all rights reserved", re.I)
MAX_NOTICE_CHARS = 150
#: A template's slot left unfilled: $$NAME$$, {{ name }}, %%NAME%%, [[NAME]].
UNFILLED_SLOT_RE = re.compile(r"\$\$\w+\$\$|\{\{\s*[\w.]+\s*\}\}|%%\w+%%|\[\[\w+\]\]")
MARKUP_RE = re.compile(r"</?(?:p|br|div|strong|em|b|i|a|span|h[1-6]|ul|ol|li|blockquote)\b[^>]*>", re.I)


def class_attributes(root) -> list[tuple[str, object]]:
    """Each class attribute of the page, lower-cased, with the attribute (whose ``getparent()``
    is its element: asked only of those that match, as an element costs a Python object):
    read in one XPath call for every reader of this module (a predicate on every element in
    libxml2 costs more)."""
    return [(value.lower(), value) for value in _CLASS_VALUES(root)]


def beside_story(root, classes: list | None = None) -> list:
    """The outermost fact boxes, author boxes, newsletter sign-ups, embedded social posts,
    landmarks (navigation, complementary, content info), right-hand columns (by their id) and
    subscription prompts of the page.

    One that holds an ``<h1>`` is not taken at its word: it holds the story; nor is a class
    name on an element with most of the page's text (``article-body has-newsletter``).
    ``classes``: :func:`class_attributes` of ``root``, when read already. Each class is tested
    with one case-sensitive expression on the lower-cased class first: a case-blind expression
    costs several milliseconds a page."""
    by_class = [attribute.getparent() for value, attribute in classes or class_attributes(root) if _names_aside(value)]
    by_role = [value.getparent() for value in _ROLE_VALUES(root) if value in ASIDE_ROLES]
    # A right-hand column told by its id (an id names one region of the page; class names
    # are reused: one site names its whole layout "right-rail__…").
    by_class += [value.getparent() for value in _ID_VALUES(root)
                 if "right" in (low := value.lower()) and RIGHT_COLUMN_RE.search(low)]
    by_class += subscription_prompts(root)
    candidates = [el for el in (*by_class, *by_role) if next(el.iter("h1"), None) is None]
    if by_class:
        page_chars = len(root.text_content())
        held = {el for el in by_class if len(el.text_content()) > MAX_ASIDE_SHARE * page_chars}
        candidates = [el for el in candidates if el not in held]
    return [el for el in candidates if not any(other is not el and is_inside(el, other) for other in candidates)]


def subscription_prompts(root) -> list:
    """The small blocks around links to subscription or login pages: a paywall's
    "subscribe to read on", a sign-in prompt. Each is the largest block of at most
    :data:`MAX_PROMPT_CHARS` around such a link; only the first :data:`MAX_PROMPT_LINKS` links
    are looked at (a page has a few; each costs the text of its blocks)."""
    found = []
    links = (link for link in _PROMPT_LINKS(root) if PROMPT_HREF_RE.search(link.get("href")))
    for link in itertools.islice(links, MAX_PROMPT_LINKS):
        block = link
        for ancestor in link.iterancestors("div", "section", "aside"):
            if len(ancestor.text_content().strip()) > MAX_PROMPT_CHARS:
                break
            block = ancestor
        if block is not link and block not in found:
            found.append(block)
    return found


def _names_aside(cls: str) -> bool:
    return _ASIDE_KEY_RE.search(cls) is not None and any(name in cls for name in ASIDE_CLASSES)


def other_stories(root, headline: str | None) -> list:
    """The ``<article>`` elements that hold a story other than the page's own.

    A page that loads the next story below its own (infinite scroll) stacks one
    ``<article>`` per story, each with its ``<h1>``. The page's story is the one whose
    ``<h1>`` says its headline, else the first; the others are not its body. A page
    with one headlined ``<article>`` (nearly all) gives nothing."""
    stories = []
    for h1 in root.iter("h1"):
        story = next(h1.iterancestors("article"), None)
        if story is not None and story not in stories:
            stories.append(story)
    if len(stories) < 2 or any(a is not b and is_inside(a, b) for a in stories for b in stories):
        return []
    wanted = folded(headline or "")
    own = next((s for s in stories if wanted and any(folded(element_text(h1)) == wanted for h1 in s.iter("h1"))),
               stories[0])
    return [s for s in stories if s is not own]


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
            if _link_chars(li) >= len(text) / 2:
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
    keys = [folded(p) for p in paragraphs]
    starts = {}
    for index, key in enumerate(keys):
        starts.setdefault(key[:OPENING_CHARS], index)
    said = set(keys)
    have = None  # the paragraphs' letters, for a heading set with other dashes or soft hyphens
    inserts = []
    # From the end, so that a heading over another one that was put back is seen.
    for element in reversed(list(root.iter(*SUBHEADING_TAGS, "ul", "ol"))):
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
        texts = [line.removeprefix("- ") for line in lines]
        if not lines or any(folded(text) in said for text in texts):
            continue
        if have is None:
            have = {letters_only(p) for p in paragraphs}
        if any(letters_only(text) in have for text in texts):
            continue
        inserts.append((index, lines))
        starts[_opening(block)] = index
        said.update(map(folded, texts))
        have.update(map(letters_only, texts))
    paragraphs = list(paragraphs)
    for index, lines in sorted(inserts, key=lambda insert: -insert[0]):
        paragraphs[index:index] = lines
    return paragraphs


def _wrapper_of(element):
    """The outermost element holding nothing but ``element`` (a list's ``<div>``)."""
    while element.getparent() is not None and sum(isinstance(c.tag, str) for c in element.getparent()) == 1:
        element = element.getparent()
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
    if any(_link_chars(li) >= len(folded(li.text_content())) / 2 for li in entries):
        return []
    return [f"- {text}" for text in map(element_text, entries) if text]


def _link_chars(element) -> int:
    return sum(len(folded(a.text_content())) for a in element.iter("a"))


def _is_link_list(parent) -> bool:
    """A list whose items are links, but for a few (a label: "Tags:", the page's own place in a breadcrumb)."""
    items = [li for li in parent if li.tag == "li"]
    links = sum(_link_chars(li) >= LINK_ITEM_SHARE * len(folded(li.text_content())) > 0 for li in items)
    return links >= MIN_LINK_LIST_ITEMS and links >= 2 * len(items) / 3


def body_parts(root, classes: list | None = None) -> list:
    """The parts of a body that a page splits into several marked elements (:data:`BODY_CLASSES`,
    ``itemprop="articleBody"``), with teasers, ads or headings between them; ``[]`` for a page
    with one marked body (nearly all).

    trafilatura reads the first marked element only. A page has parts when at least two marked
    elements hold :data:`MIN_PART_CHARS` each; empty ones (ad slots) are left out. The marked
    bodies of stacked stories (in different ``<article>`` elements, or with an ``<h1>`` of
    their own) are not parts of one body."""
    marked = [attribute.getparent() for value, attribute in classes or class_attributes(root)
              if _BODY_CLASS_RE.search(value)]
    by_property = [value.getparent() for value in _PROPERTY_VALUES(root) if value == "articleBody"]
    if marked and by_property:
        order = document_order(root)  # two lists, each in document order: merged in it
        marked = sorted({*marked, *by_property}, key=order.__getitem__)
    else:
        marked = marked or by_property
    if not 2 <= len(marked) <= MAX_MARKED:
        return []
    marked_set = set(marked)
    outermost = [el for el in marked if not any(a in marked_set for a in el.iterancestors())]
    sizes = [len(el.text_content().strip()) for el in outermost]
    if sum(size >= MIN_PART_CHARS for size in sizes) < 2:
        return []
    parts = [el for el, size in zip(outermost, sizes) if size]
    if len({next(el.iterancestors("article"), None) for el in parts}) > 1:
        return []
    if any(next(el.iter("h1"), None) is not None for el in parts[1:]):
        return []
    return parts


def _join_body_parts(root, classes: list | None = None):
    """``root``, or a copy of it in which the later :func:`body_parts` are moved into the first,
    each with the subheadings just before it (they are the story's); what else stood between
    them (teasers, ads) stays where it was, outside the body trafilatura reads."""
    parts = body_parts(root, classes)
    if not parts:
        return root
    tree = root.getroottree()
    paths = [tree.getpath(el) for el in parts]
    root = deepcopy(root)
    first, *rest = (root.getroottree().xpath(path)[0] for path in paths)
    for part in rest:
        headings = []
        for sibling in part.itersiblings(preceding=True):
            if sibling.tag not in SUBHEADING_TAGS:
                break
            headings.insert(0, sibling)
        first.extend([*headings, part])
    return root


def _text_chars(element) -> int:
    return sum(len(t.strip()) for t in element.itertext())


def _unwrap_page_form(root):
    """A page built as one form (ASP.NET wraps the whole page in one) holds its body there, and
    trafilatura drops every form: a form with most of the page's text becomes a plain block, in
    a copy of the tree (a search box or a login form is dropped as usual). The page's text is
    measured only when a form holds much text."""
    if any(_text_chars(form) > MIN_FORM_CHARS for form in root.iter("form")):
        page_chars = _text_chars(root)
        holding = [form for form in root.iter("form") if _text_chars(form) > FORM_SHARE_KEPT * page_chars]
        if holding:
            paths = [root.getroottree().getpath(form) for form in holding]
            root = deepcopy(root)
            for path in paths:
                for form in root.getroottree().xpath(path):
                    form.tag = "div"
    return root


def trafilatura_body(page: HtmlPage, headline: str | None = None, aside: list | None = None,
                     classes: list | None = None) -> str | None:
    """trafilatura as newscrawl runs it: on the tree already parsed, what never belongs to the
    story pruned first (``aside``: :func:`beside_story` of the page, when known already; the
    other stories, told by ``headline``), comments and tables left out. ``classes``:
    :func:`class_attributes` of the page, when read already."""
    root = _unwrap_page_form(page.root)
    root = _join_body_parts(root, classes if root is page.root else None)
    if aside is None or root is not page.root:
        aside = beside_story(root)
    tree = root.getroottree()
    # Pruned in trafilatura's own copy of the tree (it copies what it is given), as one
    # expression: the paths count siblings, so removing one element would move the next.
    pruned = [tree.getpath(el) for el in (*aside, *other_stories(root, headline))]
    return trafilatura.extract(
        root, url=page.url, output_format="txt", include_comments=False, include_tables=False,
        include_images=False, include_links=False, deduplicate=False, with_metadata=False,
        prune_xpath="|".join([CHROME_XPATH, *pruned]),
    )


def text_lines(text: str | None) -> list[str]:
    """The non-empty lines of plain text, white space normalised."""
    return [line for line in (normalize_space(line) for line in (text or "").split("\n")) if line]


def html_blocks(fragment: str) -> list:
    """The text blocks of an HTML fragment (:func:`~newscrawl.extractors.text.linearize`)."""
    return linearize(lxml.html.fragment_fromstring(fragment, create_parent="div"))


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
            for j in range(i + 1, len(blocks)):
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
    return not block.in_chrome and block.link_density < MAX_LINK_SHARE


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


def structured_paragraphs(text: str) -> list[str]:
    """The paragraphs of a structured-data ``articleBody``: lines of plain text, or HTML
    (CMSs put either, entities and ``<p>`` tags included)."""
    if MARKUP_RE.search(text):
        return [block.text for block in html_blocks(text)]
    return text_lines(html.unescape(text))


def article_body(page: HtmlPage, data: StructuredData, headline: str | None,
                 authors: list[str] | None = None) -> tuple[str, str | None]:
    """The body's paragraphs joined by blank lines, and where they came from (``trafilatura``,
    ``json-ld``, ``script``, or ``None`` for no body). ``authors``: the names the page credits,
    whose byline is no paragraph."""
    classes = class_attributes(page.root)
    aside = beside_story(page.root, classes)
    paragraphs = text_lines(trafilatura_body(page, headline, aside, classes))
    # The headline is not the body: the one chosen, and the page's visible one (often
    # another wording of it), where trafilatura kept it as the first lines.
    titles = {letters_only(headline or "")} | {letters_only(element_text(h1)) for h1 in page.root.iter("h1")}
    titles.discard("")
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
        descriptions = [as_text(data.article_value("description")), page.meta("description"), page.meta("og:description")]
        standfirst = shown_standfirst(page, descriptions, paragraphs)
        if standfirst:
            # What trafilatura kept of it goes, to come back in the standfirst's order.
            shown = {folded(p) for p in standfirst}
            while paragraphs and folded(paragraphs[0]) in shown:
                paragraphs.pop(0)
            paragraphs[:0] = standfirst
    source = "trafilatura" if paragraphs else None
    ld_body = data.article_value("articleBody")
    if isinstance(ld_body, str):
        # Structured data repeats what the page sets beside the story too: what was left
        # out of ours is left out of it, before the two are compared.
        aside_text = " ".join(element_text(el) for el in aside)
        ld_paragraphs = [p for p in structured_paragraphs(ld_body) if p not in aside_text]
        ld_words = sum(count_words(p) for p in ld_paragraphs)
        our_words = sum(count_words(p) for p in paragraphs)
        # The page's own body wins when it is clearly more complete and keeps
        # its paragraphs, or is the same text with the paragraph breaks ours lost.
        more_complete = ld_words > 1.3 * our_words and (len(ld_paragraphs) > 1 or our_words < MIN_WORDS)
        better_split = len(paragraphs) <= 1 < len(ld_paragraphs) and ld_words >= 0.9 * our_words
        if more_complete or better_split:
            paragraphs, source = ld_paragraphs, "json-ld"
    if data.declares_article and sum(count_words(p) for p in paragraphs) < MIN_WORDS:
        # An app's page may ship its article only in the state its scripts render from.
        script_paragraphs = script_state_body(page.root)
        if script_paragraphs:
            paragraphs, source = script_paragraphs, "script"
    if authors:
        paragraphs = [p for p in paragraphs if not is_byline(p, authors)]
    # A template's slot the page never filled ("$$ARTICLEAD$$", "{{ad}}") is no text.
    paragraphs = [p for p in paragraphs if not UNFILLED_SLOT_RE.fullmatch(p)]
    # Nor is the copyright notice the story ends with ("© dpa-infocom …", "All rights reserved").
    while paragraphs and len(paragraphs[-1]) <= MAX_NOTICE_CHARS and COPYRIGHT_RE.search(paragraphs[-1]):
        paragraphs.pop()
    return "\n\n".join(paragraphs), source


def string_literals(script: str):
    """The double-quoted string literals of ``script``, escapes as written, in one pass: a
    search that tried again from every quote would take quadratic time on a hostile script
    (``"\\"\\"\\"…`` never closed)."""
    pos = 0
    while (start := script.find('"', pos)) >= 0:
        rest = STRING_REST_RE.match(script, start + 1)
        if rest is None:
            return  # never closed: no later quote closes anything either
        yield script[start + 1:rest.end() - 1]
        pos = rest.end()


def script_state_body(root) -> list[str] | None:
    """The article an app's page ships only in its scripts' state (a Next.js or React Query
    payload): the longest string of HTML paragraphs in an inline script, when it reads as a
    body (:data:`MIN_WORDS`, little of it in links). For pages that say they are articles
    and show no body: a browser would show this text."""
    best = ""
    best_words = MIN_WORDS - 1
    for script in root.iter("script"):
        if script.get("src") or not script.text or len(script.text) < MIN_SCRIPT_BODY_CHARS:
            continue
        for literal in string_literals(script.text):
            if len(literal) < MIN_SCRIPT_BODY_CHARS or not ESCAPED_MARKUP_RE.search(literal):
                continue
            try:
                value = json.loads(f'"{literal}"')
            except ValueError:
                continue
            blocks = html_blocks(value)
            words = sum(count_words(b.text) for b in blocks)
            link_chars = sum(b.link_chars for b in blocks)
            if words > best_words and link_chars < MAX_LINK_SHARE * sum(len(b.text) for b in blocks):
                best, best_words = value, words
    if not best:
        return None
    # Read as a page is read: captions, ad slots and the like left out.
    text = trafilatura.extract(f"<html><body><article>{best}</article></body></html>", output_format="txt",
                               include_comments=False, include_tables=False, deduplicate=False)
    return text_lines(text) or None
