"""A news site that announces its articles the ways real ones do: a front page, a section
page, sitemaps (plain, index, gzip, Google News), RSS and Atom feeds, and robots.txt.

Articles are ordinary generic pages (JSON-LD NewsArticle, no template). Article ``i``
is published on ``DAYS[i]``; the German ones say ``lang="de"``. Served by
:func:`serve` (a :class:`tests.helpers.StaticSite`, which records every request).
"""

from __future__ import annotations

import gzip
from contextlib import contextmanager
import random
import string
from html import escape

HTML = "text/html; charset=utf-8"
XML = "application/xml"

ARTICLES = 12
#: Publication days: the first half in April 2025, the second half in May 2025.
DAYS = [f"2025-04-{1 + i:02d}" if i < ARTICLES // 2 else f"2025-05-{1 + i:02d}" for i in range(ARTICLES)]
GERMAN = frozenset({3, 9})
OFF_HOST = "http://offsite.invalid/news/2025/05/an-article-on-another-host-4242.html"

_WORDS_EN = ("council river bridge school budget vote market harbour weather station library hospital "
             "minister election court report police train museum festival farmers water energy").split()
_WORDS_DE = ("Stadtrat Brücke Schule Haushalt Wahl Markt Hafen Wetter Bahnhof Bibliothek Krankenhaus "
             "Minister Gericht Bericht Polizei Museum Bauern Wasser Energie und der die das mit für").split()


def path(i: int) -> str:
    return f"/news/2025/05/story-about-the-town-{1000 + i}.html"


def headline(i: int) -> str:
    return f"Story {i} about the town"


def _article(i: int) -> bytes:
    rng = random.Random(i)
    words = _WORDS_DE if i in GERMAN else _WORDS_EN
    tag = "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
    paragraphs = "".join(f"<p>{' '.join(rng.choices(words, k=40)).capitalize()} {tag}{n}.</p>" for n in range(5))
    lang = "de" if i in GERMAN else "en"
    return (f'<!doctype html><html lang="{lang}"><head><title>{headline(i)}</title>'
            f'<meta property="og:type" content="article">'
            f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{headline(i)}", '
            f'"datePublished": "{DAYS[i]}T08:00:00+00:00"}}</script></head><body>'
            f'<nav><a href="/">Home</a><a href="/world/">World</a></nav>'
            f'<article><h1>{headline(i)}</h1>{paragraphs}</article></body></html>').encode()


def _listing(title: str, articles: range) -> bytes:
    teasers = "".join(f'<li><a href="{path(i)}">{escape(headline(i))}</a></li>' for i in articles)
    return (f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>'
            f'<nav><a href="/">Home</a><a href="/world/">World</a><a href="/about-our-newsroom-team.html">About</a></nav>'
            f'<main><h1>{title}</h1><ul>{teasers}</ul>'
            f'<p><a href="/tag/town/">More about the town</a></p></main>'
            f'<footer><a href="/imprint-and-legal-notice.html">Imprint</a></footer></body></html>').encode()


def _urlset(articles, news: bool = False) -> bytes:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    rows = []
    for i in articles:
        if news:
            rows.append(f"<url><loc>{{origin}}{path(i)}</loc><news:news><news:publication><news:name>Town</news:name>"
                        f"<news:language>en</news:language></news:publication>"
                        f"<news:publication_date>{DAYS[i]}T08:00:00+00:00</news:publication_date>"
                        f"<news:title>{headline(i)}</news:title></news:news></url>")
        else:
            rows.append(f"<url><loc>{{origin}}{path(i)}</loc><lastmod>{DAYS[i]}</lastmod></url>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>'
            + "".join(rows) + "</urlset>").encode()


def _rss(articles, extra: str = "") -> bytes:
    items = "".join(f"<item><title>{headline(i)}</title><link>{{origin}}{path(i)}</link>"
                    f"<pubDate>{_rfc822(DAYS[i])}</pubDate></item>" for i in articles)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title><link>{{origin}}/</link>'
            f"{items}{extra}</channel></rss>").encode()


def _atom(articles) -> bytes:
    entries = "".join(f'<entry><title>{headline(i)}</title><link rel="alternate" href="{{origin}}{path(i)}"/>'
                      f"<id>tag:town,{i}</id><updated>{DAYS[i]}T08:00:00Z</updated></entry>" for i in articles)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Town</title>'
            f"<id>tag:town</id><updated>2025-05-30T00:00:00Z</updated>{entries}</feed>").encode()


def _rfc822(day: str) -> str:
    from datetime import date
    from email.utils import format_datetime
    from datetime import datetime, timezone

    d = date.fromisoformat(day)
    return format_datetime(datetime(d.year, d.month, d.day, 8, tzinfo=timezone.utc))


def routes() -> dict[str, tuple[int, str, bytes]]:
    """Routes with ``{origin}`` left in sitemaps and feeds; :func:`serve` fills it in."""
    half = ARTICLES // 2
    out = {path(i): (200, HTML, _article(i)) for i in range(ARTICLES)}
    out["/"] = (200, HTML, _listing("Town News", range(0, half)))
    out["/world/"] = (200, HTML, _listing("World", range(half, ARTICLES)))
    out["/sitemap.xml"] = (200, XML, _urlset(range(ARTICLES)))
    out["/sitemap-a.xml"] = (200, XML, _urlset(range(0, half)))
    out["/sitemap-b.xml.gz"] = (200, "application/x-gzip", gzip.compress(_urlset(range(half, ARTICLES))))
    out["/sitemap-index.xml"] = (200, XML, (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>{origin}/sitemap-a.xml</loc></sitemap><sitemap><loc>{origin}/sitemap-b.xml.gz</loc></sitemap>"
        "</sitemapindex>").encode())
    out["/news-sitemap.xml"] = (200, XML, _urlset(range(ARTICLES), news=True))
    out["/feed.rss"] = (200, "application/rss+xml", _rss(range(ARTICLES)))
    out["/feed.atom"] = (200, "application/atom+xml", _atom(range(ARTICLES)))
    out["/offsite.rss"] = (200, "application/rss+xml",
                           _rss(range(2), extra=f"<item><title>Elsewhere</title><link>{OFF_HOST}</link></item>"))
    out["/empty.rss"] = (200, "application/rss+xml", _rss(range(0)))
    out["/broken.rss"] = (200, "application/rss+xml", b"<?xml version='1.0'?><rss><channel><title>Town</ti")
    out["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow:\nSitemap: {origin}/sitemap-index.xml\n")
    return out


@contextmanager
def serve():
    """The site on a loopback port (a :class:`tests.helpers.StaticSite`)."""
    from .helpers import StaticSite

    server = StaticSite({})
    with server:
        server.routes = filled(server.origin)
        yield server


def filled(origin: str) -> dict[str, tuple[int, str, bytes]]:
    return {p: (status, kind, body.replace(b"{origin}", origin.encode()) if not body.startswith(b"\x1f\x8b")
                else gzip.compress(gzip.decompress(body).replace(b"{origin}", origin.encode())))
            for p, (status, kind, body) in routes().items()}
