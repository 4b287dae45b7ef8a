"""HTML of the mirror template, in the two markups the sample site serves.

``classic`` is the plausible markup of the research notes (class names, spans,
a Ranking teaser image, relative links). ``bare`` is the same page as another
mirror serves it: no class names, ``ViewDate:`` joined with a name before it,
a `` -SiteName`` title suffix and absolute links.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass
class ListLink:
    href: str
    title: str


@dataclass
class ArticleView:
    """Everything a page shows, already resolved to hrefs."""

    site_name: str
    headline: str
    category: str
    category_href: str
    date: str
    paragraphs: list[str]
    credit: str | None
    reactions: int
    related: list[ListLink]
    ranking: list[ListLink]
    recommendation: list[ListLink]
    previous: ListLink | None
    next: ListLink | None
    nav: list[ListLink]
    canonical: str | None = None
    author: str | None = None


def _e(text: str) -> str:
    return escape(text, quote=True)


def _head(title: str, canonical: str | None, description: str) -> str:
    canonical_tag = f'<link rel="canonical" href="{_e(canonical)}">' if canonical else ""
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{_e(title)}</title>"
        f'<meta name="keywords" content="news"><meta name="description" content="{_e(description)}">'
        f"{canonical_tag}"
        '<script src="/js/jquery-1.8.3.min.js"></script><script src="/js/comm.js"></script>'
        "</head>\n"
    )


def _body_paragraphs(view: ArticleView) -> str:
    parts = [f"<p>{_e(p)}</p>" for p in view.paragraphs]
    if view.credit:
        parts.append("<p>___</p>")
        parts.append(f"<p>{_e(view.credit)}</p>")
    return "\n".join(parts)


def render_classic(view: ArticleView) -> str:
    nav = "".join(f'<li><a href="{_e(n.href)}">{_e(n.title)}</a></li>' for n in view.nav)
    related = "".join(f'<li><a href="{_e(x.href)}" title="{_e(x.title)}">{_e(x.title)}</a></li>' for x in view.related)
    ranking_items = view.ranking
    teaser = ""
    if ranking_items:
        first, ranking_items = ranking_items[0], ranking_items[1:]
        teaser = (f'<section class="topnews imgscale"><a href="{_e(first.href)}">'
                  f'<img src="/uploads/teaser.jpg"><span>{_e(first.title)}</span></a></section>')
    ranking = "".join(f'<li><i></i><a href="{_e(x.href)}">{_e(x.title)}</a></li>' for x in ranking_items)
    recommendation = "".join(
        f'<li><a href="{_e(x.href)}"><i><img src="/uploads/r{i}.jpg"></i><p>{_e(x.title)}</p></a></li>'
        for i, x in enumerate(view.recommendation)
    )
    pager = ""
    if view.previous or view.next:
        prev = f'<p>Previous: <a href="{_e(view.previous.href)}">{_e(view.previous.title)}</a></p>' if view.previous else ""
        nxt = f'<p>Next: <a href="{_e(view.next.href)}">{_e(view.next.title)}</a></p>' if view.next else ""
        pager = f'<div class="nextinfo">{prev}{nxt}</div>'
    return (
        _head(f"{view.headline}-{view.site_name}", view.canonical, view.headline)
        + "<body>\n"
        f'<header id="header"><div class="navbox"><div class="logo"><a href="/">{_e(view.site_name)}</a></div>'
        f'<nav><ul id="starlist">{nav}</ul></nav></div></header>\n'
        '<article>\n<div class="lbox">\n<div class="content_box whitebg">\n'
        f'<h2 class="htitle"><span class="con_nav">Current:<a href="/">Home</a> &gt; '
        f'<a href="{_e(view.category_href)}">{_e(view.category)}</a></span>{_e(view.headline)}-{_e(view.site_name)}</h2>\n'
        f'<h1 class="con_tilte">{_e(view.headline)}</h1>\n'
        f'<p class="bloginfo"><span>View</span><span>Date:{_e(view.date)}</span></p>\n'
        f'<div class="con_text">\n{_body_paragraphs(view)}\n'
        f'<p><span class="diggit">veryGood! ({view.reactions})</span></p>\n{pager}\n</div>\n</div>\n'
        f'<div class="whitebg"><h2 class="htitle">Related</h2><ul class="otherlink">{related}</ul></div>\n'
        '</div>\n<div class="rbox">\n'
        f'<div class="whitebg paihang"><h2 class="htitle">Ranking</h2>{teaser}<ul>{ranking}</ul></div>\n'
        f'<div class="whitebg tuijian"><h2 class="htitle">Recommendation</h2><ul>{recommendation}</ul></div>\n'
        "</div>\n</article>\n"
        f'<footer><p>Copyright {_e(view.site_name)}. <a href="/about/">About us</a></p></footer>\n'
        "</body></html>\n"
    )


def render_bare(view: ArticleView) -> str:
    nav = " | ".join(f'<a href="{_e(n.href)}">{_e(n.title)}</a>' for n in view.nav)
    def items(links: list[ListLink]) -> str:
        return "".join(f'<li><a href="{_e(x.href)}">{_e(x.title)}</a></li>' for x in links)
    recommendation = "".join(
        f'<li><a href="{_e(x.href)}"><img src="/img/{i}.png" alt=""><p>{_e(x.title)}</p></a></li>'
        for i, x in enumerate(view.recommendation)
    )
    author = f"<span>{_e(view.author)}</span>" if view.author else ""
    pager = ""
    if view.next:
        pager = f'<div>Next: <a href="{_e(view.next.href)}">{_e(view.next.title)}</a></div>'
    return (
        _head(f"{view.headline} -{view.site_name}", view.canonical, view.headline)
        + "<body>\n"
        f"<div><div><a href=\"/\">{_e(view.site_name)}</a></div><div>{nav}</div></div>\n"
        "<div>\n<div>\n"
        f'<div>Current:<a href="/">Home</a> &gt; <a href="{_e(view.category_href)}">{_e(view.category)}</a>'
        f"{_e(view.headline)} -{_e(view.site_name)}</div>\n"
        f"<h1>{_e(view.headline)}</h1>\n"
        f"<div>{author}<span>ViewDate:{_e(view.date)}</span></div>\n"
        f"<div>\n{_body_paragraphs(view)}\n<div>veryGood! ({view.reactions})</div>\n{pager}\n</div>\n"
        "</div>\n"
        f"<div><h3>Related</h3><ul>{items(view.related)}</ul></div>\n"
        f"<div><h3>Ranking</h3><ul>{items(view.ranking)}</ul></div>\n"
        f"<div><h3>Recommendation</h3><ul>{recommendation}</ul></div>\n"
        "</div>\n"
        f"<div>© {_e(view.site_name)} · <a href=\"/contact/\">Contact</a></div>\n"
        "</body></html>\n"
    )


def render_listing(site_name: str, category: str, entries: list[tuple[str, str, str]]) -> str:
    """A category page: a list of article links with dates, not an article."""
    rows = "".join(
        f'<li><h3><a href="{_e(href)}">{_e(title)}</a></h3><p>Date:{_e(date)}</p></li>' for href, title, date in entries
    )
    return (
        _head(f"{category}-{site_name}", None, category)
        + f'<body><h2 class="htitle"><span class="con_nav">Current:<a href="/">Home</a> &gt; {_e(category)}</span></h2>'
        f'<ul class="bloglist">{rows}</ul></body></html>\n'
    )


def render_error(site_name: str, ranking: list[ListLink]) -> str:
    """An error page served with status 200, as some mirrors do: the template's
    chrome and sidebar around a "not found" message."""
    items = "".join(f'<li><a href="{_e(x.href)}">{_e(x.title)}</a></li>' for x in ranking)
    return (
        _head(f"404 Not Found-{site_name}", None, "Not found")
        + f'<body><div>Current:<a href="/">Home</a> &gt; Error</div><h1>404 Not Found</h1>'
        f"<p>The page you requested does not exist.</p>"
        f"<div><h3>Ranking</h3><ul>{items}</ul></div></body></html>\n"
    )
