"""The body of any article page: trafilatura's reading of the page, or the page's own
structured ``articleBody`` when that is the better text.

trafilatura runs on the tree already parsed, in its own copy, with what never belongs
to the story pruned first: page chrome, what the page sets beside the story (fact boxes,
complementary landmarks) and the other stories an infinite-scroll page stacks below its
own. ``page.root`` is left as it is: the render policy and the listing reader look at the
page after the extractors.
"""

from __future__ import annotations

import html
import json
import re
from copy import deepcopy

import lxml.html
import trafilatura

from .page import HtmlPage
from .structured import StructuredData
from .text import count_words, element_text, is_inside, linearize, normalize_space

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
#: An element named a fact box or a sign-up holding more than this share of the page's text holds the story.
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
ESCAPED_MARKUP_RE = re.compile(r"(?:<|\\u003[cC])(?:p|br)\b", re.I)
#: A script string more than this share of links is a menu or a list, not a body.
MAX_LINK_SHARE = 0.3
#: A shorter list item is a list's entry, not a teaser.
MIN_TEASER_CHARS = 20
MARKUP_RE = re.compile(r"</?(?:p|br|div|strong|em|b|i|a|span|h[1-6]|ul|ol|li|blockquote)\b[^>]*>", re.I)


def folded(text: str) -> str:
    """Text as two titles are compared: case and spaces aside."""
    return text.casefold().replace(" ", "")


def beside_story(root) -> list:
    """The outermost fact boxes, author boxes, newsletter sign-ups, embedded social posts and landmarks
    (navigation, complementary, content info) of the page.

    One that holds an ``<h1>`` is not taken at its word: it holds the story; nor is a class
    name on an element with most of the page's text (``article-body has-newsletter``).
    One pass in Python: the same test as an XPath predicate on every element costs ten
    times as much in libxml2."""
    found = []
    page_chars = None
    for el in root.iter():
        cls = el.get("class")
        by_class = bool(cls) and _aside_class(cls.lower())
        if not (by_class or el.get("role") in ASIDE_ROLES):
            continue
        if next(el.iter("h1"), None) is not None or any(is_inside(el, outer) for outer in found):
            continue
        if by_class:
            page_chars = _text_chars(root) if page_chars is None else page_chars
            if _text_chars(el) > MAX_ASIDE_SHARE * page_chars:
                continue
        found.append(el)
    return found


def _aside_class(cls: str) -> bool:
    return (("box" in cls and any(name in cls for name in FACT_BOX_CLASSES))
            or "newsletter" in cls or any(name in cls for name in EMBED_CLASSES)
            or ("author" in cls and any(name in cls for name in AUTHOR_BOX_CLASSES)))


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
    own = next((s for s in stories if wanted and any(folded(normalize_space(h1.text_content())) == wanted
                                                     for h1 in s.iter("h1"))), stories[0])
    return [s for s in stories if s is not own]


def link_list_items(root) -> set[str]:
    """The texts (folded) of the list items that are mostly link text: teasers of other pages."""
    items = set()
    for li in root.iter("li"):
        text = element_text(li)
        if len(text) >= MIN_TEASER_CHARS and sum(len(element_text(a)) for a in li.iter("a")) >= len(text) / 2:
            items.add(folded(text))
    return items


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


def trafilatura_body(page: HtmlPage, headline: str | None = None) -> str | None:
    """trafilatura as newscrawl runs it: on the tree already parsed, what never belongs to the
    story pruned first (the other stories told by ``headline``), comments and tables left out."""
    root = _unwrap_page_form(page.root)
    tree = root.getroottree()
    # Pruned in trafilatura's own copy of the tree (it copies what it is given), as one
    # expression: the paths count siblings, so removing one element would move the next.
    pruned = [tree.getpath(el) for el in (*beside_story(root), *other_stories(root, headline))]
    return trafilatura.extract(
        root, url=page.url, output_format="txt", include_comments=False, include_tables=False,
        include_images=False, include_links=False, deduplicate=False, with_metadata=False,
        prune_xpath="|".join([CHROME_XPATH, *pruned]),
    )


def structured_paragraphs(text: str) -> list[str]:
    """The paragraphs of a structured-data ``articleBody``: lines of plain text, or HTML
    (CMSs put either, entities and ``<p>`` tags included)."""
    if MARKUP_RE.search(text):
        return [block.text for block in linearize(lxml.html.fragment_fromstring(text, create_parent="div"))]
    return [p for p in (normalize_space(line) for line in html.unescape(text).split("\n")) if p]


def article_body(page: HtmlPage, data: StructuredData, headline: str | None) -> tuple[str, str | None]:
    """The body's paragraphs joined by blank lines, and where they came from (``trafilatura``,
    ``json-ld`` or ``None`` for no body)."""
    text = trafilatura_body(page, headline)
    paragraphs = [normalize_space(line) for line in (text or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    # The headline is not the body: the one chosen, and the page's visible one (often
    # another wording of it), where trafilatura kept it as the first lines.
    titles = {folded(headline or "")} | {folded(element_text(h1)) for h1 in page.root.iter("h1")}
    while paragraphs and folded(paragraphs[0]) in titles:
        paragraphs.pop(0)
    paragraphs = [p for p in paragraphs if p != headline]
    if any(p.startswith("- ") for p in paragraphs):
        # A list item that is mostly a link's text is a teaser of another page, not the story.
        teasers = link_list_items(page.root)
        paragraphs = [p for p in paragraphs if not (p.startswith("- ") and folded(p[2:]) in teasers)]
    source = "trafilatura" if paragraphs else None
    ld_body = data.article_value("articleBody")
    if isinstance(ld_body, str):
        # Structured data repeats what the page sets beside the story too: what was left
        # out of ours is left out of it, before the two are compared.
        aside = " ".join(element_text(el) for el in beside_story(page.root))
        ld_paragraphs = [p for p in structured_paragraphs(ld_body) if p not in aside]
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
            blocks = linearize(lxml.html.fragment_fromstring(value, create_parent="div"))
            words = sum(count_words(b.text) for b in blocks)
            link_chars = sum(b.link_chars for b in blocks)
            if words > best_words and link_chars < MAX_LINK_SHARE * sum(len(b.text) for b in blocks):
                best, best_words = value, words
    if not best:
        return None
    # Read as a page is read: captions, ad slots and the like left out.
    text = trafilatura.extract(f"<html><body><article>{best}</article></body></html>", output_format="txt",
                               include_comments=False, include_tables=False, deduplicate=False)
    return [p for p in (normalize_space(line) for line in (text or "").split("\n")) if p] or None
