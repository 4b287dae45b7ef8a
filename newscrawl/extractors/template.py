"""Extractor for the content-farm template republished on many mirror domains.

What is known of the template is in the project's research notes: a breadcrumb
line starting ``Current:``, the title, a ``View … Date:YYYY-MM-DD HH:MM:SS``
line, the body, an optional ``___`` credit line, a ``veryGood! (N)`` reaction
counter and three link lists headed Related, Ranking and Recommendation.
Mirrors vary in markup, so everything here is anchored on those visible labels
and on text order; class names are never required.
"""

from __future__ import annotations

import re
from typing import ClassVar, Iterator

from .base import SECTIONS, Extraction
from .dates import parse_numeric_date
from .page import HtmlPage
from .sections import Labels, find_link_lists
from .text import MAX_LABEL_CHARS, Block, element_text, normalize_label

SECTION_LABELS = {"related": "related", "ranking": "ranking", "recommendation": "recommendation"}
LIST_HEADINGS = Labels(SECTION_LABELS)
#: Some marker of the template must be in the raw HTML before the blocks are read.
TEMPLATE_HINTS = ("Current:", "Date:", "veryGood")

BREADCRUMB_RE = re.compile(r"^(?:current|您现在的位置是|当前位置)\s*[:：]\s*", re.I)
DATE_RE = re.compile(r"Date\s*[:：]\s*(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)", re.I)
VIEW_COUNT_RE = re.compile(r"View\s*[:：]?\s*\(?(\d[\d,]*)\)?", re.I)
REACTION_RE = re.compile(r"^very\s*good\s*[!！]\s*(?:\((\d[\d,]*)?\s*\))?\s*$", re.I)
PAGER_RE = re.compile(r"^(?:previous|next|prev)\s*[:：]|^(?:上一篇|下一篇)", re.I)
CREDIT_SEPARATOR_RE = re.compile(r"^_{3,}$")
#: The reaction counter or a previous/next line: the body has ended.
BODY_END_RE = re.compile(f"{REACTION_RE.pattern}|{PAGER_RE.pattern}", re.I)
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{0,40}[A-Z.](?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?)\s*"
    r"(?:\((?P<agency>[A-Za-z][A-Za-z .&/]{0,24})\)\s*[—–-]|[—–])\s*"
)
ERROR_TITLE_RE = re.compile(r"\b(?:404|403|500|not found|page not found|error|does not exist)\b", re.I)
SITE_SUFFIX_SEPARATORS = " -–—_|"
HOME_NAMES = {"home", "首页", "index"}

#: Fewer words than this between the date line and the reaction counter is not an article.
MIN_BODY_WORDS = 20
#: The longest line that can be the View/Date line (author, counters and date).
MAX_DATE_LINE_CHARS = 160
#: More "Date:" lines than this means a listing of articles, not one article.
MAX_DATE_LINES = 2


class TemplateExtractor:
    """Reads one page of the mirror template into Article fields and link lists."""

    name: ClassVar[str] = "template"

    def applies(self, page: HtmlPage) -> bool:
        if page.html and not any(hint in page.html for hint in TEMPLATE_HINTS):
            return False  # cheap first test on the raw HTML (plain substring search); the blocks decide
        # Two of the three marks: a breadcrumb, a date line, a list heading
        # (looked for last, as it sits below the body).
        has_crumb = any(BREADCRUMB_RE.match(b.text) for b in page.blocks[:40])
        has_date = next(_date_lines(page.blocks[:60]), None) is not None
        if has_crumb and has_date:
            return True
        has_label = any(len(b.text) <= MAX_LABEL_CHARS and normalize_label(b.text) in SECTION_LABELS for b in page.blocks)
        return has_label and (has_crumb or has_date)

    def extract(self, page: HtmlPage) -> Extraction:
        result = Extraction(extractor=self.name)
        result.links, result.headings = find_link_lists(page, LIST_HEADINGS, SECTIONS)
        blocks = page.blocks

        date_indexes = list(_date_lines(blocks))
        if len(date_indexes) > MAX_DATE_LINES:
            result.skip_reason = "listing"
            return result
        crumb_index = next((i for i, b in enumerate(blocks) if BREADCRUMB_RE.match(b.text)), None)
        headline, title_index = self._headline(page, blocks, crumb_index, date_indexes)
        date_index = date_indexes[0] if date_indexes else None

        start = next((i for i in (date_index, title_index, crumb_index) if i is not None), -1) + 1
        stop = self._body_stop(blocks, start)
        region = blocks[start:stop]
        body_blocks, credit_blocks = self._split_credit(region)
        body = "\n\n".join([b.text for b in body_blocks])
        # Blocks are space-normalised, so words are spaces plus one per block.
        words = body.count(" ") + len(body_blocks) if body else 0

        if words < MIN_BODY_WORDS:
            title_text = headline or page.title
            if region and sum(b.link_chars for b in region) > 0.5 * sum(len(b.text) for b in region):
                result.skip_reason = "listing"
            elif ERROR_TITLE_RE.search(title_text or "") or not title_text:
                result.skip_reason = "error_page"
            else:
                result.skip_reason = "no_body"
            return result
        if not headline:
            result.skip_reason = "no_headline"
            return result

        raw_date = DATE_RE.search(blocks[date_index].text).group(1) if date_index is not None else None
        crumbs = self._breadcrumbs(page, blocks[crumb_index]) if crumb_index is not None else []
        dateline = DATELINE_RE.match(body_blocks[0].text) if body_blocks else None
        reaction = next((REACTION_RE.match(b.text) for b in blocks[stop:] if REACTION_RE.match(b.text)), None)
        info_lines = blocks[(title_index or 0) + 1 : (date_index or 0) + 1]
        view = next((m for m in map(VIEW_COUNT_RE.search, (b.text for b in info_lines)) if m), None)

        result.fields = {
            "canonicalUrl": page.link_rel("canonical"),
            "headline": headline,
            "datePublished": parse_numeric_date(raw_date),
            "datePublishedRaw": raw_date,
            "dateModified": None,
            "dateModifiedRaw": None,
            "articleBody": body,
            "description": page.meta("description", "og:description"),
            "authors": [],
            "dateline": dateline.group("place").strip() if dateline else None,
            "agency": dateline.group("agency") if dateline and dateline.group("agency") else None,
            "creditLine": "\n\n".join(b.text for b in credit_blocks) or None,
            "breadcrumbs": crumbs,
            "articleSection": self._section(crumbs, blocks[crumb_index].text if crumb_index is not None else "", headline),
            "siteName": self._site_name(page, blocks[crumb_index].text if crumb_index is not None else "", headline),
            "inLanguage": page.language,
            "mainImage": self._main_image(page, body_blocks),
            "reactionCount": _to_int(reaction.group(1)) if reaction else None,
            "viewCount": _to_int(view.group(1)) if view else None,
            "wordCount": words,
        }
        return result

    # -- pieces ---------------------------------------------------------------

    def _headline(self, page: HtmlPage, blocks: list[Block], crumb_index, date_indexes) -> tuple[str | None, int | None]:
        for h1 in page.root.iter("h1"):
            text = element_text(h1)
            if text:
                inside = set(h1.iter())
                index = next((i for i, b in enumerate(blocks) if b.element in inside), None)
                return text, index
        # No <h1>: the line between the breadcrumb and the date line is the title.
        if crumb_index is not None and date_indexes and date_indexes[0] - crumb_index >= 2:
            return blocks[crumb_index + 1].text, crumb_index + 1
        site = page.meta("og:site_name")
        title = page.title
        for sep in SITE_SUFFIX_SEPARATORS.strip():
            head, found, tail = title.rpartition(sep)
            if found and head.strip() and (not site or tail.strip() == site):
                return head.strip(), None
        return title or None, None

    def _body_stop(self, blocks: list[Block], start: int) -> int:
        for i in range(start, len(blocks)):
            block = blocks[i]
            if (
                block.in_chrome
                or BODY_END_RE.match(block.text)
                or (len(block.text) <= MAX_LABEL_CHARS and normalize_label(block.text) in SECTION_LABELS)
            ):
                return i
        return len(blocks)

    def _split_credit(self, region: list[Block]) -> tuple[list[Block], list[Block]]:
        """Body blocks and credit blocks (those after a ``___`` line); link-only
        lines such as share buttons or tag clouds belong to neither."""
        body: list[Block] = []
        credit: list[Block] = []
        target = body
        for block in region:
            if CREDIT_SEPARATOR_RE.match(block.text):
                target = credit
            elif block.link_density <= 0.5:
                target.append(block)
        return body, credit

    def _breadcrumbs(self, page: HtmlPage, crumb: Block) -> list[dict]:
        crumbs = []
        for a in crumb.element.iter("a"):
            name = element_text(a)
            url = page.absolute(a.get("href"))
            if name and url and name in crumb.text:
                crumbs.append({"name": name, "url": url})
        return crumbs

    def _section(self, crumbs: list[dict], crumb_text: str, headline: str) -> str | None:
        names = [c["name"] for c in crumbs if c["name"].casefold() not in HOME_NAMES]
        if names:
            return names[-1]
        # A breadcrumb without links: "Current:Home > MyTitle-Site".
        trail = BREADCRUMB_RE.sub("", crumb_text).split(">")[-1].strip()
        if headline and headline in trail:
            section = trail[: trail.index(headline)].strip()
            return section if section.casefold() not in HOME_NAMES else None
        return None

    def _site_name(self, page: HtmlPage, crumb_text: str, headline: str) -> str | None:
        for line in (crumb_text, page.title):
            if headline and headline in line:
                tail = line[line.rindex(headline) + len(headline):].strip(SITE_SUFFIX_SEPARATORS)
                if tail:
                    return tail
        return page.meta("og:site_name", "application-name")

    def _main_image(self, page: HtmlPage, body_blocks: list[Block]) -> dict | None:
        og = page.meta("og:image")
        if og and page.absolute(og):
            return {"url": page.absolute(og)}
        if not body_blocks:
            return None
        # The first image between the first body line and the end of the last one.
        order = page.order
        first = order[body_blocks[0].element]
        last = max(order[el] for el in body_blocks[-1].element.iter())
        for img in page.root.iter("img"):
            if first <= order[img] <= last:
                url = page.absolute(img.get("src"))
                if url:
                    return {"url": url}
        return None


def _date_lines(blocks: list[Block]) -> Iterator[int]:
    """Indexes of the lines holding a ``Date:``. The date line is short: long
    paragraphs that quote a "Date:" are not it."""
    return (i for i, b in enumerate(blocks) if len(b.text) <= MAX_DATE_LINE_CHARS and DATE_RE.search(b.text))


def _to_int(value: str | None) -> int | None:
    return int(value.replace(",", "")) if value else None
