"""Extractor for any news article page: a cascade, field by field.

Each field takes the first source that gives it: JSON-LD (``NewsArticle``,
``Article``, ``ReportageNewsArticle``…, ``@graph`` included), then Open Graph /
``article:`` / Dublin Core / other ``<meta>``, then the DOM. The body comes from
:mod:`newscrawl.extractors.body`. ``metadata.fieldSources`` in the item says
which source gave each field.
"""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import urlsplit

import htmldate

from .authors import agency_of, clean_names, organisation_credit
from .base import SECTIONS, Extraction
from .body import MIN_WORDS, article_body
from .dates import parse_iso_date
from .listing import article_links, site_of
from .page import HtmlPage
from .sections import Labels, find_link_lists
from .structured import StructuredData, as_text
from .template import DATELINE_RE
from .text import count_words, element_text, folded, normalize_space

GENERIC_LABELS = Labels(
    exact={
        **dict.fromkeys(["related", "related stories", "related articles", "related content", "related news",
                         "related coverage", "related topics", "more on this", "more on this story", "read more",
                         "see also", "also read", "read next", "more stories", "more news"], "related"),
        **dict.fromkeys(["ranking", "most read", "most popular", "trending", "trending now", "top stories",
                         "most viewed", "popular", "popular now", "most shared", "most commented", "top news"],
                        "ranking"),
        **dict.fromkeys(["recommendation", "recommended", "recommended for you", "recommended stories",
                         "you may also like", "you might also like", "editor's picks", "editors' picks",
                         "editor’s picks", "editors picks", "don't miss", "don’t miss", "more for you"],
                        "recommendation"),
    },
    prefixes={"more from ": "recommendation", "most read in ": "ranking", "related to ": "related"},
)
#: Structured-data types that say the page is a listing (an ItemList or a VideoObject may sit
#: on an article page too).
LISTING_TYPES = frozenset({"collectionpage", "searchresultspage", "profilepage"})
#: Paths of index, tag and author pages rather than articles.
INDEX_PATH_RE = re.compile(r"/(?:tags?|topics?|category|categories|section|sections|author|authors|search|page)/?"
                           r"(?:[^/]*/?)?$", re.I)
ERROR_RE = re.compile(r"\b(?:404|page not found|not found|error|does not exist|no longer available)\b", re.I)
#: A body shorter than :data:`~newscrawl.extractors.body.MIN_WORDS` is an article when the page says
#: so (Article data or og:type article, a headline and a date): a news brief is short.
MIN_BRIEF_WORDS = 20
#: More of the page's text inside links than this, without Article data, is an index page.
MAX_LINK_DENSITY = 0.5
#: No news page of the development sets has more than about 3,300 elements. trafilatura's time
#: grows faster than the page (100,000 paragraphs: over 30 s), so a page with more is refused.
MAX_ELEMENTS = 30_000
_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(concat(' ', normalize-space(@class), ' '), ' byline ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' author ')"
    " or contains(@class, 'author-name') or contains(@class, 'byline__name') or contains(@class, 'author__name')]"
)
#: Words of a ``twitter:label`` that says its ``twitter:data`` is the author ("Written by", "Verfasst von").
BYLINE_LABEL_WORDS = frozenset({"author", "authors", "autor", "autorin", "auteur", "written", "by", "von", "par", "por"})
#: Longer texts are not a byline (an author's biography, a whole article header).
MAX_BYLINE_CHARS = 120


_WORDS_RE = re.compile(r"\w+")
_SUFFIX_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " · ")


def strip_site_suffix(title: str | None, page: HtmlPage) -> str | None:
    """``Headline - Site Name`` and ``Site Name | Headline`` → ``Headline``, when the part cut
    off names the site (``og:site_name``, the registered domain or its label)."""
    if not title:
        return None
    domain = site_of(page.url)
    names = {folded(n) for n in (page.meta("og:site_name"), site_label(domain), domain) if n}

    def names_site(part: str) -> bool:
        part = folded(part)
        return bool(part) and any(part in name or name in part for name in names)

    for sep in _SUFFIX_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if found and head.strip() and names_site(tail):
            return head.strip()
        head, found, tail = title.partition(sep)
        if found and tail.strip() and names_site(head) and len(head) < len(tail):
            return tail.strip()
    return title


def _flatten(value) -> list:
    """JSON-LD author lists may nest (``[person, [person]]``)."""
    if isinstance(value, list):
        return [leaf for item in value for leaf in _flatten(item)]
    return [value]


def site_label(domain: str) -> str:
    """``mdr`` of ``mdr.de``: how a site often names itself in titles and credits."""
    return domain.split(".")[0]


class GenericExtractor:
    name: ClassVar[str] = "generic"

    def applies(self, page: HtmlPage) -> bool:
        return True

    def extract(self, page: HtmlPage) -> Extraction:
        result = Extraction(extractor=self.name)
        links, result.headings = find_link_lists(page, GENERIC_LABELS, SECTIONS)
        result.links = {section: article_links(page.url, entries) for section, entries in links.items()}
        data = page.structured
        sources: dict[str, str] = {}

        skip = self._not_article_reason(page, data)
        if skip:
            result.skip_reason = skip
            return result

        declared = as_text(data.article_value("headline", "name")) or page.meta("og:title", "twitter:title", "dc.title")
        headline = self._pick(sources, "headline", [
            # The visible headline when the page's sharing title says the same: two titles
            # meant for readers agreeing outweigh structured data's (often an SEO variant).
            ("dom", lambda: self._agreed_headline(page)),
            ("json-ld", lambda: strip_site_suffix(as_text(data.article_value("headline", "name")), page)),
            # Without structured data: the headline a reader sees, when it is recognisably the
            # declared one (declared titles are often the longer or shorter SEO variant).
            ("dom", lambda: self._visible_headline(page, declared)),
            ("meta", lambda: strip_site_suffix(page.meta("og:title", "twitter:title", "dc.title"), page)),
            ("title", lambda: strip_site_suffix(page.title, page) or None),
        ])
        published_raw = self._pick_date(sources, "datePublished", [
            ("json-ld", lambda: as_text(data.article_value("datePublished", "dateCreated"))),
            ("meta", lambda: page.meta("article:published_time", "og:article:published_time", "datepublished",
                                       "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date",
                                       "dcterms.created", "sailthru.date", "parsely-pub-date", "date")),
            ("dom", lambda: self._time_element(page, "published")),
            # Last: what htmldate finds in other metadata (article:published:time, ClaimReview…)
            # and in the text ("01. April 2025", "28.04.2023"), in many languages. A day, no time.
            ("htmldate", lambda: htmldate.find_date(page.root, extensive_search=True, original_date=True,
                                                    outputformat="%Y-%m-%d")),
        ])
        modified_raw = self._pick_date(sources, "dateModified", [
            ("json-ld", lambda: as_text(data.article_value("dateModified"))),
            ("meta", lambda: page.meta("article:modified_time", "og:updated_time", "dcterms.modified", "lastmod")),
            ("dom", lambda: self._time_element(page, "modified")),
        ])
        site_name = self._pick(sources, "siteName", [
            ("meta", lambda: page.meta("og:site_name", "application-name")),
            ("json-ld", lambda: data.publisher_name),
        ])
        authors, agency = self._authors(page, data, sources, {site_name or "", data.publisher_name or ""})
        body, body_source = article_body(page, data, headline, [a["name"] for a in authors])
        if body_source:
            sources["articleBody"] = body_source
        paragraphs = body.split("\n\n") if body else []
        words = count_words(body)
        if words < MIN_WORDS:
            brief = data.declares_article and headline and published_raw and words >= MIN_BRIEF_WORDS
            if not brief:
                title = f"{headline or ''} {page.title}"
                result.skip_reason = ("error_page" if ERROR_RE.search(title) else
                                      "video" if data.article is None and "videoobject" in data.types else "too_short")
                return result

        dateline = DATELINE_RE.match(paragraphs[0]) if paragraphs else None
        agency = agency or (agency_of(dateline.group("agency")) or dateline.group("agency") if dateline and dateline.group("agency") else None)
        image = as_text(data.article_value("image", "thumbnailUrl")) or page.meta("og:image", "twitter:image")
        section = as_text(data.article_value("articleSection")) or page.meta("article:section")
        result.fields = {
            "canonicalUrl": page.link_rel("canonical") or page.absolute(page.meta("og:url")),
            "headline": headline,
            "datePublished": parse_iso_date(published_raw),
            "datePublishedRaw": published_raw,
            "dateModified": parse_iso_date(modified_raw),
            "dateModifiedRaw": modified_raw,
            "articleBody": body,
            "description": as_text(data.article_value("description")) or page.meta("description", "og:description"),
            "authors": authors,
            "dateline": dateline.group("place").strip() if dateline else None,
            "agency": agency,
            "creditLine": None,
            "breadcrumbs": self._breadcrumbs(page, data),
            "articleSection": section,
            "siteName": site_name,
            "inLanguage": as_text(data.article_value("inLanguage")) or page.language,
            "mainImage": {"url": page.absolute(image)} if image and page.absolute(image) else None,
            "reactionCount": None,
            "viewCount": None,
            "wordCount": words,
        }
        result.sources = sources
        return result

    # -- decisions ---------------------------------------------------------------

    def _agreed_headline(self, page: HtmlPage) -> str | None:
        """The sharing title (``og:title``, ``twitter:title``, site name cut) when the page's
        ``<h1>`` says the same, spacing and case aside; the meta's text, as an ``<h1>`` built of
        spans (a kicker, the headline) reads with odd spaces."""
        shared = {}
        for name in ("og:title", "twitter:title"):
            title = strip_site_suffix(page.meta(name), page)
            if title:
                shared.setdefault(folded(title), title)
        for h1 in page.root.iter("h1"):
            if any(a.tag in ("nav", "li") for a in h1.iterancestors()):
                continue  # a breadcrumb's h1, not the article's headline
            agreed = shared.get(folded(element_text(h1)))
            if agreed:
                return agreed
        return None

    def _visible_headline(self, page: HtmlPage, declared: str | None) -> str | None:
        if not declared:
            return None
        declared_words = set(_WORDS_RE.findall(declared.casefold()))
        for h1 in page.root.iter("h1"):
            text = element_text(h1)
            words = set(_WORDS_RE.findall(text.casefold()))
            if len(words) >= 3 and len(words & declared_words) >= 0.5 * min(len(words), len(declared_words)):
                return text
        return None

    def _not_article_reason(self, page: HtmlPage, data: StructuredData) -> str | None:
        """Refuse a page before reading its body only on evidence of a listing (a video page
        or one with too little text is refused once its body is read), or when it has so many
        elements that reading its body would take minutes (a hostile page; a front page that
        large is still an index page, whose articles a start page's listing reader finds)."""
        if data.is_live_blog and not data.article_value("articleBody", "headline"):
            return "live_blog"
        if data.article is None:
            path = urlsplit(page.url).path
            og_type = (page.meta("og:type") or "").lower()
            if path in ("", "/") or data.types & LISTING_TYPES:
                return "index_page"
            if og_type != "article" and (INDEX_PATH_RE.search(path) or self._link_density(page) > MAX_LINK_DENSITY):
                return "index_page"
        if len(page.order) > MAX_ELEMENTS:
            return "too_complex"
        return None

    def _link_density(self, page: HtmlPage) -> float:
        total = sum(len(b.text) for b in page.blocks if not b.in_chrome)
        linked = sum(b.link_chars for b in page.blocks if not b.in_chrome)
        return linked / total if total else 1.0

    # -- fields ------------------------------------------------------------------

    @staticmethod
    def _pick(sources: dict, field: str, cascade):
        for source, get in cascade:
            value = get()
            if isinstance(value, str):
                value = normalize_space(value)
            if value:
                sources[field] = source
                return value
        return None

    @staticmethod
    def _pick_date(sources: dict, field: str, cascade):
        """The first source's date that reads as a date ("May 15th, 2023" in structured data is
        passed over for the ISO date of a meta), else the first source's text as it is."""
        first = None
        for source, get in cascade:
            value = normalize_space(get() or "")
            if value and parse_iso_date(value):
                sources[field] = source
                return value
            if value and first is None:
                first = (source, value)
        if first:
            sources[field] = first[0]
            return first[1]
        return None

    def _time_element(self, page: HtmlPage, kind: str) -> str | None:
        for el in page.root.iter("time"):
            value = el.get("datetime")
            prop = (el.get("itemprop") or "") + " " + (el.get("class") or "")
            if value and (kind in prop.lower() or (kind == "published" and not prop.strip())):
                return value
        return None

    def _authors(self, page: HtmlPage, data: StructuredData, sources: dict, not_people: set[str]):
        """``(authors, agency)``: the people of the byline as ``{"name": …}``. When the page credits
        no person and no agency, the organisation its structured data credits (its newsroom, the
        site itself) is the one author (a ``<meta name=author>`` holding the site's name is too often
        a CMS default to count), marked ``"type": "Organization"`` so that a reader can tell it apart."""
        raw = data.article_authors
        candidates: list[tuple[str, object]] = []
        credits: list[str] = []
        if raw is not None:
            people, orgs = [], []
            for item in _flatten(raw):
                if isinstance(item, dict):
                    kinds = {str(t).lower() for t in ([item.get("@type")] if isinstance(item.get("@type"), str) else item.get("@type") or [])}
                    name = as_text(item.get("name")) or " ".join(
                        filter(None, (as_text(item.get("givenName")), as_text(item.get("familyName")))))
                    (orgs if "organization" in kinds or "newsmediaorganization" in kinds else people).append(name or "")
                elif isinstance(item, str):
                    people.append(item)
            found = people + [o for o in orgs if agency_of(o)]
            credits += orgs + people
            candidates.append(("json-ld", lambda: found))
        meta_names = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
                      "byl", "cxenseparse:author", "articleauthor", "article.author", "author_name")
        meta_values = [m for m in (page.meta(n) for n in meta_names) if m] + self._twitter_byline(page)
        candidates.append(("meta", lambda: meta_values))
        candidates.append(("dom", lambda: self._visible_bylines(page)))
        # The site's own name (and its domain's label, "mdr" of mdr.de) is never a person.
        not_people = not_people | {site_label(site_of(page.url))}
        agency = None
        for source, values in candidates:  # each source is read only if the ones before gave no one
            people, found_agency = clean_names(values(), not_people)
            agency = agency or found_agency
            if people:
                sources["authors"] = source
                return [{"name": name} for name in people], agency
        credit = None if agency else organisation_credit(credits)
        if credit:
            sources["authors"] = "organization"
            return [{"name": credit, "type": "Organization"}], agency
        return [], agency

    @staticmethod
    def _twitter_byline(page: HtmlPage) -> list[str]:
        """``twitter:data1`` when ``twitter:label1`` says it is the author ("Written by"), or a
        ``twitter:misc:Written by`` meta (the label in its name)."""
        for n in ("1", "2"):
            label = set(_WORDS_RE.findall((page.meta(f"twitter:label{n}") or "").casefold()))
            if label & BYLINE_LABEL_WORDS:
                value = page.meta(f"twitter:data{n}")
                return [value] if value else []
        for name in page.meta_names("twitter:misc:"):
            if set(_WORDS_RE.findall(name[len("twitter:misc:"):])) & BYLINE_LABEL_WORDS:
                return [page.meta(name)]
        return []

    @staticmethod
    def _visible_bylines(page: HtmlPage) -> list[str]:
        values = []
        for el in page.root.xpath(_BYLINE_XPATH):
            text = element_text(el)
            if text and len(text) <= MAX_BYLINE_CHARS:
                values.append(text)
            if len(values) >= 6:
                break
        return values

    def _breadcrumbs(self, page: HtmlPage, data: StructuredData) -> list[dict]:
        for node in data.nodes:
            if "BreadcrumbList" in str(node.get("@type")):
                crumbs = []
                for item in node.get("itemListElement") or []:
                    if not isinstance(item, dict):
                        continue
                    target = item.get("item")
                    name = as_text(item.get("name")) or (as_text(target.get("name")) if isinstance(target, dict) else None)
                    url = as_text(target.get("@id") or target.get("url")) if isinstance(target, dict) else as_text(target)
                    if name:
                        crumbs.append({"name": name, "url": page.absolute(url) if url else None})
                if crumbs:
                    return crumbs
        return []
