"""The one real sample of the template: its visible text, rendered into both
markups the sample site serves, must come back field for field."""

from __future__ import annotations

import pytest

from newscrawl.extractors import extract
from newscrawl.sample_site.markup import ArticleView, ListLink, render_bare, render_classic
from newscrawl.sample_site.stories import story_from_seed_text

from .helpers import SHARED

SEED = SHARED / "seed" / "article-page.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"the seed page {SEED} is not here (it lives in ../shared, beside the repository)")


def seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]


def section(lines: list[str], name: str) -> list[str]:
    start = lines.index(name) + 1
    out = []
    for line in lines[start:]:
        if line in ("Related", "Ranking", "Recommendation"):
            break
        if line not in ("-", ""):
            out.append(line.removeprefix("- "))
    return out


@pytest.fixture(scope="module", params=[render_classic, render_bare], ids=["classic", "bare"])
def seed_item(request):
    lines = seed_lines()
    story = story_from_seed_text("\n".join(lines))
    links = {name: [ListLink(f"/html/{name[:3]}{i:06d}.html", t) for i, t in enumerate(section(lines, name.title()))]
             for name in ("related", "ranking", "recommendation")}
    date = lines[2].split("Date:", 1)[1].strip()
    view = ArticleView(
        site_name="LoTradeCoin", headline=story.headline, category=story.category, category_href="/my/",
        date=date, paragraphs=story.paragraphs, credit=story.credit, reactions=story.reactions,
        related=links["related"], ranking=links["ranking"], recommendation=links["recommendation"],
        previous=None, next=None, nav=[ListLink("/", "Home")],
    )
    return extract(request.param(view), "https://www.lotradecoin.example/html/seed12345.html"), lines


def test_headline(seed_item):
    item, lines = seed_item
    assert item["headline"] == lines[1]


def test_dates(seed_item):
    item, _ = seed_item
    assert item["datePublishedRaw"] == "2025-01-09 17:35:06"
    assert item["datePublished"] == "2025-01-09T17:35:06"


def test_site_and_section(seed_item):
    item, _ = seed_item
    assert item["siteName"] == "LoTradeCoin"
    assert item["articleSection"] == "My"


def test_dateline_agency_credit(seed_item):
    item, _ = seed_item
    assert item["dateline"] == "WASHINGTON"
    assert item["agency"] == "AP"
    assert item["creditLine"].startswith("Stevenson reported from Mexico City.")


def test_reactions(seed_item):
    item, _ = seed_item
    assert item["reactionCount"] == 52


def test_body_is_the_paragraphs_between_date_and_counter(seed_item):
    item, lines = seed_item
    body_lines = lines[3: lines.index("___")]
    assert item["articleBody"] == "\n\n".join(body_lines)
    for unwanted in ("Current:", "Date:", "veryGood", "Stevenson reported", "Related", "NFL coaches"):
        assert unwanted not in item["articleBody"]


def test_link_lists_match_the_page(seed_item):
    item, lines = seed_item
    for name in ("related", "ranking", "recommendation"):
        assert [x["title"] for x in item["links"][name]] == section(lines, name.title())
    assert (len(item["links"]["related"]), len(item["links"]["ranking"]), len(item["links"]["recommendation"])) == (10, 8, 8)
