"""A site of template articles reachable only through long chains of list links.

Article ``i`` links (Related) to article ``i + 1`` and, through Recommendation, to a
tracking-parameter variant of ``i + 1`` and back to ``i - 5``; every page ranks the
first three. So article ``i`` is ``i`` hops from the start page: a crawl must walk
a chain as deep as the site. Every tenth article also recommends a republished
copy of itself under another path, which the dedupe must drop.

Served by :class:`tests.helpers.StaticSite`; it records every request, and
``fail`` paths answer 503 (a link that keeps failing).
"""

from __future__ import annotations

import random
import string

from newscrawl.sample_site.markup import ArticleView, ListLink, render_classic

COPY_EVERY = 10


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))))
    return sorted(words)


def _paragraphs(rng: random.Random, vocab: list[str]) -> list[str]:
    return [" ".join(rng.choices(vocab, k=rng.randint(40, 70))).capitalize() + "." for _ in range(6)]


def page_path(i: int) -> str:
    return f"/html/chain{i:04d}.html"


def copy_path(i: int) -> str:
    return f"/copy/chain{i:04d}.html"


def headline(i: int) -> str:
    return f"Chain story number {i} of the long list"


def routes(articles: int = 90, fail: tuple[str, ...] = ()) -> dict[str, tuple[int, str, bytes]]:
    rng = random.Random(7)
    vocab = _vocabulary(rng)
    out: dict[str, tuple[int, str, bytes]] = {}
    ranking = [ListLink(page_path(k), headline(k)) for k in range(min(3, articles))]
    for i in range(articles):
        paragraphs = _paragraphs(random.Random(i), vocab)
        related = [ListLink(page_path(i + 1), headline(i + 1))] if i + 1 < articles else []
        recommendation = []
        if i + 1 < articles:
            recommendation.append(ListLink(page_path(i + 1) + "?utm_source=rec", headline(i + 1)))
        if i >= 5:
            recommendation.append(ListLink(page_path(i - 5), headline(i - 5)))
        if i % COPY_EVERY == 0:
            recommendation.append(ListLink(copy_path(i), headline(i)))
        if i == 0:
            recommendation += [ListLink(path, "A page that keeps failing") for path in fail]
        view = ArticleView(
            site_name="ChainNews", headline=headline(i), category="News", category_href="/news/",
            date="2025-05-%02d 09:%02d:00" % (1 + i % 28, i % 60), paragraphs=paragraphs, credit=None,
            reactions=i, related=related, ranking=ranking, recommendation=recommendation,
            previous=None, next=None, nav=[ListLink("/", "Home")],
        )
        out[page_path(i)] = (200, "text/html; charset=utf-8", render_classic(view).encode("utf-8"))
        if i % COPY_EVERY == 0:
            copy = ArticleView(**{**view.__dict__, "date": "2025-06-01 10:00:00", "reactions": 0})
            out[copy_path(i)] = (200, "text/html; charset=utf-8", render_classic(copy).encode("utf-8"))
    for path in fail:
        out[path] = (503, "text/html", b"<html><body>Service unavailable</body></html>")
    out["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow:\n")
    return out
