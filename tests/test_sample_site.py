"""The bundled sample site has what the crawl tests and the demo rely on."""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

from newscrawl.extractors import extract
from newscrawl.sample_site import build_site
from newscrawl.urls import clean_url

ORIGINS = {"lotrade": "http://127.0.0.2:8001", "predictiq": "http://127.0.0.3:8002"}


def fetch(site, url):
    parts = urlsplit(url)
    mirror = next(m for m in site.mirrors.values() if m.origin == f"{parts.scheme}://{parts.netloc}")
    return site.page(mirror.name, parts.path)


def test_size_and_hosts():
    site = build_site(ORIGINS)
    assert len(site.articles) >= 60
    assert {urlsplit(a.url).hostname for a in site.articles} == {"127.0.0.2", "127.0.0.3"}


def test_every_article_reachable_within_default_depth_through_the_lists():
    site = build_site(ORIGINS)
    seen = {clean_url(u): 0 for u in site.start_urls}
    queue = deque(site.start_urls)
    while queue:
        url = queue.popleft()
        html = fetch(site, url)
        item = html and extract(html, url)
        if not item or seen[url] >= 2:
            continue
        for entries in item["links"].values():
            for entry in entries:
                target = clean_url(entry["url"])
                if target not in seen:
                    seen[target] = seen[url] + 1
                    queue.append(target)
    assert {a.url for a in site.articles} <= set(seen)
    assert site.hidden_url not in seen, "the prev/next-only article must not be reachable through the lists"


def test_mirror_copies_differ_in_id_date_and_site_name():
    site = build_site(ORIGINS)
    by_headline = {}
    for ref in site.articles:
        by_headline.setdefault(ref.story.headline, []).append(ref)
    copies = [refs for refs in by_headline.values() if len(refs) > 1]
    assert len(copies) >= 10
    for first, second in copies[:5]:
        assert first.article_id != second.article_id and first.date != second.date
        assert first.mirror.site_name != second.mirror.site_name


def test_trap_pages_exist():
    site = build_site(ORIGINS)
    assert fetch(site, site.missing_url) is None
    assert extract(fetch(site, site.listing_url), site.listing_url) is None
    assert extract(fetch(site, site.error_url), site.error_url) is None
    pages = "".join(site.mirrors["lotrade"].pages.values())
    assert "?utm_source=" in pages and "#comments" in pages
