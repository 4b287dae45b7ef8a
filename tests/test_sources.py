"""Start from a front page, a section page, a sitemap (plain, index, gzip, Google News), an RSS
or Atom feed: told apart by content, each a real crawl of :mod:`tests.sources_site` on loopback."""

from __future__ import annotations

import gzip

import pytest

from newscrawl.sources import FEED, SITEMAP, SITEMAP_INDEX, SourceError, read_source

from . import sources_site
from .helpers import attempted, guarded_env, outputs, read_jsonl, run_crawl, run_cron

pytestmark = pytest.mark.crawl

ALL = set(range(sources_site.ARTICLES))
HALF = sources_site.ARTICLES // 2


@pytest.fixture(scope="module")
def site():
    with sources_site.serve() as server:
        yield server


def written(result) -> dict[int, dict]:
    by_path = {sources_site.path(i): i for i in ALL}
    found = {}
    for item in result.items:
        path = item["url"].split("/", 3)[3]
        found[by_path["/" + path]] = item
    return found


@pytest.mark.parametrize("start, via, expected", [
    ("/", "listing", set(range(HALF))),
    ("/world/", "listing", set(range(HALF, sources_site.ARTICLES))),
    ("/sitemap.xml", "sitemap", ALL),
    ("/sitemap-index.xml", "sitemap", ALL),  # one plain sitemap, one gzip
    ("/news-sitemap.xml", "sitemap", ALL),
    ("/feed.rss", "feed", ALL),
    ("/feed.atom", "feed", ALL),
])
def test_each_kind_of_start_page_leads_to_its_articles(site, tmp_path, start, via, expected):
    result = run_crawl(tmp_path, "-a", f"url={site.origin}{start}")
    assert result.returncode == 0, result.stderr
    items = written(result)
    assert set(items) == expected
    for item in items.values():
        assert item["discovery"] == {"via": via, "fromUrl": item["discovery"]["fromUrl"], "depth": 0}
        assert item["discovery"]["fromUrl"].startswith(site.origin)
    # Navigation, footer, tag and about pages of a listing are not requested.
    assert not [p for p in site.requests if "imprint" in p or "about-our" in p or p.startswith("/tag/")]


def test_entries_dated_before_since_are_not_fetched(site, tmp_path):
    site.requests.clear()
    result = run_crawl(tmp_path, "-a", f"url={site.origin}/news-sitemap.xml", "-a", "since=2025-05-01")
    assert set(written(result)) == set(range(HALF, sources_site.ARTICLES))
    assert result.stats["newscrawl/sources/older_than_since"] == HALF
    assert not {sources_site.path(i) for i in range(HALF)} & set(site.requests)


def test_since_also_applies_to_the_article_s_own_date(site, tmp_path):
    # A front page gives no dates: the articles are read, and the old ones left out.
    result = run_crawl(tmp_path, "-a", f"url={site.origin}/", "-a", "since=2025-04-04")
    assert set(written(result)) == {3, 4, 5}
    assert result.stats["newscrawl/skipped/older_than_since"] == 3


def test_languages_keep_only_those_languages(site, tmp_path):
    result = run_crawl(tmp_path, "-a", f"url={site.origin}/feed.rss", "-a", "languages=de")
    assert set(written(result)) == set(sources_site.GERMAN)
    assert result.stats["newscrawl/skipped/other_language"] == sources_site.ARTICLES - len(sources_site.GERMAN)


def test_sitemaps_listed_in_robots_txt(site, tmp_path):
    result = run_crawl(tmp_path, "-a", f"url={site.origin}/world/", "-a", "sitemaps_from_robots=1")
    assert set(written(result)) == ALL
    assert result.stats["newscrawl/sources/read/sitemap_index"] == 1


def test_a_feed_linking_off_host_is_not_followed_there(site, tmp_path):
    connect_log = tmp_path / "connect.log"
    result = run_crawl(tmp_path, "-a", f"url={site.origin}/offsite.rss", env=guarded_env(connect_log))
    assert set(written(result)) == {0, 1}
    assert result.stats["newscrawl/sources/offsite"] == 1
    assert attempted(connect_log) == []


def test_a_malformed_feed_is_a_counted_skip(site, tmp_path):
    result = run_crawl(tmp_path, "-a", f"url={site.origin}/broken.rss")
    assert result.items == []
    assert result.stats["newscrawl/skipped/malformed_feed"] == 1
    assert "Traceback" not in result.log


def test_a_second_cron_run_fetches_only_what_the_sitemap_adds(site, tmp_path):
    args = ("-a", f"url={site.origin}/sitemap.xml")
    first = run_cron(tmp_path, *args)
    assert first.returncode == 0, first.stderr
    assert len(read_jsonl(outputs(tmp_path))) == sources_site.ARTICLES
    site.requests.clear()
    second = run_cron(tmp_path, *args)
    assert second.returncode == 0, second.stderr
    assert len(read_jsonl(outputs(tmp_path))) == sources_site.ARTICLES  # nothing written twice
    assert not {sources_site.path(i) for i in ALL} & set(site.requests), "known articles fetched again"


# -- the reader, without a crawl ------------------------------------------------

def test_kinds_are_told_by_content_not_by_name():
    routes = sources_site.filled("http://127.0.0.1:1")
    assert read_source(routes["/sitemap.xml"][2]).kind == SITEMAP
    assert read_source(routes["/sitemap-index.xml"][2]).kind == SITEMAP_INDEX
    assert read_source(routes["/sitemap-b.xml.gz"][2]).kind == SITEMAP
    assert read_source(routes["/feed.atom"][2]).kind == FEED
    assert read_source(routes["/"][2]) is None
    assert read_source(b"<!-- generated -->\n" + routes["/feed.rss"][2].split(b"?>", 1)[1]).kind == FEED


def test_a_gzip_bomb_stops_at_the_size_limit():
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    with pytest.raises(SourceError, match="too_large"):
        read_source(bomb, max_size=1_000_000)


@pytest.mark.parametrize("root, document", [
    ("urlset", '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://127.0.0.1/a&x;</loc></url>'
               "</urlset>"),
    ("rss", '<rss version="2.0"><channel><title>T</title><item><link>http://127.0.0.1/a&x;</link></item></channel></rss>'),
])
def test_external_entities_are_never_resolved(tmp_path, root, document):
    secret = tmp_path / "secret.txt"
    secret.write_text("do-not-read")
    body = f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{secret}">]>{document}'.encode()
    source = read_source(body)
    assert [entry.url for entry in source.entries] == ["http://127.0.0.1/a"]


def test_the_template_s_category_page_is_a_listing_of_its_articles():
    from newscrawl.extractors import HtmlPage, extract_page, listing_links
    from newscrawl.sample_site import build_site

    sample = build_site({"lotrade": "http://127.0.0.2:1", "predictiq": "http://127.0.0.3:2"})
    html = sample.page("lotrade", "/my/")
    page = HtmlPage(url=sample.listing_url, html=html)
    assert extract_page(page).skip_reason == "listing"
    listed = {link["url"] for link in listing_links(page)}
    assert len(listed) == 12
    assert listed <= {ref.url for ref in sample.articles}
