"""The bundled sample site: template articles on two mirror hosts, built in memory.

Layout (deterministic):

* mirror ``lotrade`` ("LoTradeCoin", classic markup, ``/html/{id}.html``):
  the seed story and 33 generated stories;
* mirror ``predictiq`` ("PredictIQ", bare markup, ``/news/{id}.html``):
  edited republications of 20 of those stories under other ids and dates,
  and 10 stories of its own (one reusing an id the other mirror uses);
* Related lists (10 links, some with ``#comments``), a site-wide Ranking
  (8 links, ``?utm_`` tracking parameters on one mirror) and Recommendation
  lists (7 links, some to the other mirror, one to a missing page, one to a
  category listing, one to an error page served with status 200);
* prev/next links and navigation, which must not be followed, and one article
  reachable only through them.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from .markup import ArticleView, ListLink, render_bare, render_classic, render_error, render_listing
from .stories import Story, edited_copy, make_stories, story_from_seed_text

#: Where the seed page's text is looked for; a user's clone may not have it.
SEED_PAGE_ENV = "NEWSCRAWL_SEED_PAGE"
DEFAULT_SEED_PAGE = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "article-page.txt"

PRIMARY_STORIES = 33
COPIED_STORIES = 20
OWN_STORIES = 10


@dataclass
class Mirror:
    name: str
    site_name: str
    origin: str
    prefix: str
    render: object
    pages: dict[str, str] = field(default_factory=dict)

    def path(self, article_id: str) -> str:
        return f"{self.prefix}{article_id}.html"


@dataclass
class PageRef:
    mirror: Mirror
    article_id: str
    story: Story
    date: str

    @property
    def path(self) -> str:
        return self.mirror.path(self.article_id)

    @property
    def url(self) -> str:
        return self.mirror.origin + self.path


@dataclass
class SampleSite:
    """Pages by mirror, plus the facts tests check the crawl against."""

    mirrors: dict[str, Mirror]
    articles: list[PageRef]
    start_urls: list[str]
    hidden_url: str
    missing_url: str
    listing_url: str
    error_url: str
    seed_from_file: bool

    def page(self, mirror_name: str, path: str) -> str | None:
        return self.mirrors[mirror_name].pages.get(path)


def seed_story() -> Story | None:
    path = Path(os.environ.get(SEED_PAGE_ENV) or DEFAULT_SEED_PAGE)
    try:
        return story_from_seed_text(path.read_text(encoding="utf-8"))
    except OSError:
        return None


def _ids(rng: random.Random, count: int) -> list[str]:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    ids: set[str] = set()
    out = []
    while len(out) < count:
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(9, 12)))
        if value not in ids and not value.isdigit():
            ids.add(value)
            out.append(value)
    return out


def _date(rng: random.Random, month: int) -> str:
    return (f"2025-{month:02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}")


def build_site(origins: dict[str, str], seed: int = 7, fresh: int = 0) -> SampleSite:
    """Build every page for mirrors served at ``origins`` ({"lotrade": "http://127.0.0.2:8001", "predictiq": …}).

    ``fresh`` adds that many newly published stories to the first mirror, at
    the top of its site-wide Ranking list — the site as a later run sees it.
    """
    rng = random.Random(seed)
    lotrade = Mirror("lotrade", "LoTradeCoin", origins["lotrade"].rstrip("/"), "/html/", render_classic)
    predictiq = Mirror("predictiq", "PredictIQ", origins["predictiq"].rstrip("/"), "/news/", render_bare)

    seeded = seed_story()
    stories = make_stories(PRIMARY_STORIES + OWN_STORIES + 1)
    primary = ([seeded] if seeded else [stories.pop()]) + stories[:PRIMARY_STORIES]
    own = stories[PRIMARY_STORIES:PRIMARY_STORIES + OWN_STORIES]

    ids = _ids(rng, len(primary) + COPIED_STORIES + OWN_STORIES + 2)
    a_pages = [PageRef(lotrade, ids.pop(), s, _date(rng, 4)) for s in primary]
    copies = [PageRef(predictiq, ids.pop(), edited_copy(a.story, rng), _date(rng, 5)) for a in a_pages[:COPIED_STORIES]]
    b_own = [PageRef(predictiq, ids.pop(), s, _date(rng, 6)) for s in own]
    # Article ids are not unique across mirrors: reuse one for a different story.
    b_own[-1].article_id = a_pages[-1].article_id
    b_pages = copies + b_own
    hidden = PageRef(lotrade, ids.pop(), make_stories(1, seed=99)[0], _date(rng, 3))
    fresh_rng = random.Random(seed + 1000)  # its own stream: existing ids and dates stay put
    fresh_stories = make_stories(fresh, seed=seed + 2000)
    for number, story in enumerate(fresh_stories):
        story.key = f"fresh{number:03d}"
    fresh_pages = [PageRef(lotrade, fresh_id, story, _date(fresh_rng, 7))
                   for fresh_id, story in zip(_ids(fresh_rng, fresh), fresh_stories)]

    missing_href = "/html/missing0001.html"
    listing_href = "/my/"
    error_path = "/news/gone.html"

    def link(ref: PageRef, mirror: Mirror, suffix: str = "") -> ListLink:
        # The classic mirror links relatively within itself; the bare one always absolutely.
        same = ref.mirror is mirror
        href = ref.path if same and mirror is lotrade else ref.url
        return ListLink(href + suffix, ref.story.headline)

    def render_mirror(mirror: Mirror, pages: list[PageRef], other: list[PageRef], fresh: list[PageRef] = ()) -> None:
        n = len(pages)
        ranking_refs = (list(fresh) + pages)[:8]
        nav = [ListLink("/", "Home"), ListLink("/news/", "News"), ListLink("/finance/", "Finance")]
        for i, ref in enumerate(list(pages) + list(fresh)):
            related_ids = [(i + k) % n for k in range(1, 6)] + [(i + 6 * k) % n for k in range(1, 6)]
            related = []
            for j in dict.fromkeys(x for x in related_ids if x != i):
                related.append(link(pages[j], mirror, "#comments" if j % 7 == 0 else ""))
            utm = "?utm_source=ranking&utm_medium=sidebar" if mirror is lotrade else ""
            ranking = [link(r, mirror, utm) for r in ranking_refs]
            recommendation = [link(pages[(i * 5 + k) % n], mirror) for k in (2, 9, 13)]
            recommendation += [link(other[(i + k) % len(other)], mirror) for k in (0, 3)]
            if mirror is lotrade and i % 10 == 3:
                recommendation.append(ListLink(missing_href, "Officials unveil plan that no longer exists"))
            if mirror is lotrade and i == 5:
                recommendation.append(ListLink(listing_href, "More from My"))
            if mirror is predictiq and i == 4:
                recommendation.append(ListLink(mirror.origin + error_path, "A story that was taken down"))
            previous = link(hidden, mirror) if mirror is lotrade and i == 1 else (link(pages[(i - 1) % n], mirror) if i else None)
            nxt = link(pages[(i + 1) % n], mirror)
            view = ArticleView(
                site_name=mirror.site_name, headline=ref.story.headline, category=ref.story.category,
                category_href=f"/{ref.story.category.lower()}/", date=ref.date,
                paragraphs=ref.story.paragraphs, credit=ref.story.credit, reactions=ref.story.reactions,
                related=related, ranking=ranking, recommendation=recommendation,
                previous=previous, next=nxt, nav=nav,
                author=mirror.site_name if mirror is predictiq else None,
                canonical=ref.url if i % 4 == 0 else None,
            )
            mirror.pages[ref.path] = mirror.render(view)
        mirror.pages["/robots.txt"] = "User-agent: *\nDisallow: /admin/\n"

    render_mirror(lotrade, a_pages, b_pages, fresh_pages)
    render_mirror(predictiq, b_pages, a_pages)
    render_mirror_hidden = ArticleView(
        site_name=lotrade.site_name, headline=hidden.story.headline, category="News", category_href="/news/",
        date=hidden.date, paragraphs=hidden.story.paragraphs, credit=None, reactions=1,
        related=[], ranking=[], recommendation=[], previous=None, next=None, nav=[],
    )
    lotrade.pages[hidden.path] = render_classic(render_mirror_hidden)
    lotrade.pages[listing_href] = render_listing(
        lotrade.site_name, "My", [(p.path, p.story.headline, p.date) for p in a_pages[:12]]
    )
    predictiq.pages[error_path] = render_error(predictiq.site_name, [link(r, predictiq) for r in b_pages[:8]])

    return SampleSite(
        mirrors={"lotrade": lotrade, "predictiq": predictiq},
        articles=a_pages + b_pages + fresh_pages,
        start_urls=[a_pages[0].url, b_pages[0].url],
        hidden_url=hidden.url,
        missing_url=lotrade.origin + missing_href,
        listing_url=lotrade.origin + listing_href,
        error_url=predictiq.origin + error_path,
        seed_from_file=seeded is not None,
    )
