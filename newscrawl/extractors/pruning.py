"""What trafilatura is not given, and trafilatura run on the rest.

It reads the tree already parsed, in a copy of its own, with what never belongs to the
story pruned first: page chrome, what the page sets beside the story (landmarks, a
right-hand column, fact boxes, author boxes, sign-ups, embedded social posts, subscription
prompts) and the other stories an infinite-scroll page stacks below its own. A body split
into marked parts is joined first, and a page built as one form is unwrapped (each in a
copy): ``page.root`` is left as it is, for the readers that look at the page after.
"""

from __future__ import annotations

import itertools
import re
from copy import deepcopy

import trafilatura
from lxml import etree

from .page import HtmlPage
from .text import document_order, element_text, folded, is_inside

#: A page of more elements than this is read without trafilatura's fallbacks (the largest
#: page of the development sets has 3,319; a page of more than 30,000 is refused).
MAX_FALLBACK_ELEMENTS = 4_000
#: Counted by libxml2 (``page.order`` would build a Python object for each element, which the
#: like-for-like benchmark's trafilatura run does not otherwise need).
_ELEMENT_COUNT = etree.XPath("count(//*)")
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
        # Its fallbacks (readability, jusText) take quadratic time on a page of many small blocks
        # and a short text (jusText's neighbour search: 20 s for 8,000 one-letter blocks, 5 s for
        # 4,000): a page that large is read without them.
        fast=_ELEMENT_COUNT(page.root) > MAX_FALLBACK_ELEMENTS,
    )


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
