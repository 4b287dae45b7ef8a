"""The body of any article page: trafilatura's reading of the page; the page's own
structured ``articleBody`` when that is the better text; for an app's page that shows
no body, the article in its scripts' state.

trafilatura is given the page with what never belongs to the story pruned
(:mod:`~newscrawl.extractors.pruning`), and its lines are mended
(:mod:`~newscrawl.extractors.body_lines`): teasers, repeats and the byline out, the
standfirst and the subheadings its fallback leaves out back in.
"""

from __future__ import annotations

import html
import json
import re

import lxml.html
import trafilatura

from .body_lines import mended_lines, without_notices
from .page import HtmlPage
from .pruning import beside_story, class_attributes, trafilatura_body
from .structured import StructuredData, as_text
from .text import count_words, element_text, linearize, normalize_space

#: Fewer words than this is not an article body (a character of Chinese or Japanese counts as
#: a word: :func:`~newscrawl.extractors.text.count_words`).
MIN_WORDS = 80
#: A script string shorter than this is not an article's body.
MIN_SCRIPT_BODY_CHARS = 500
#: A script string more than this share of links is a menu or a list, not a body.
MAX_LINK_SHARE = 0.3
#: The rest of a double-quoted string literal (JSON's, and JavaScript's in a JSON-like payload).
STRING_REST_RE = re.compile(r'(?:[^"\\]|\\.)*+"')
#: Paragraph markup in a script string, written plainly or escaped (``\u003cp\u003e``).
ESCAPED_MARKUP_RE = re.compile(r"(?:<|\\u003c)(?:p|br)\b", re.I)
MARKUP_RE = re.compile(r"</?(?:p|br|div|strong|em|b|i|a|span|h[1-6]|ul|ol|li|blockquote)\b[^>]*>", re.I)


def text_lines(text: str | None) -> list[str]:
    """The non-empty lines of plain text, white space normalised."""
    return [line for line in (normalize_space(line) for line in (text or "").split("\n")) if line]


def html_blocks(fragment: str) -> list:
    """The text blocks of an HTML fragment (:func:`~newscrawl.extractors.text.linearize`)."""
    return linearize(lxml.html.fragment_fromstring(fragment, create_parent="div"))


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
    descriptions = [as_text(data.article_value("description")), page.meta("description"), page.meta("og:description")]
    paragraphs = mended_lines(page, text_lines(trafilatura_body(page, headline, aside, classes)), headline, descriptions)
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
    return "\n\n".join(without_notices(paragraphs, authors)), source


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
