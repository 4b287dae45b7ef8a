"""Real crawls of the sample site over HTTP on loopback, in a subprocess."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

from newscrawl.extractors import extract
from newscrawl.items import Article
from newscrawl.urls import clean_url

from .helpers import run_crawl

pytestmark = pytest.mark.crawl


def site_args(server, *extra):
    return ("-a", "url=" + ",".join(server.site.start_urls), *extra)


def page_of(server, url):
    parts = urlsplit(url)
    mirror = next(m for m in server.site.mirrors.values() if m.origin == f"{parts.scheme}://{parts.netloc}")
    return server.site.page(mirror.name, parts.path)


@pytest.fixture(scope="module")
def full_crawl(sample_server, tmp_path_factory):
    sample_server.requests.clear()
    result = run_crawl(tmp_path_factory.mktemp("full"), *site_args(sample_server))
    result.requests = list(sample_server.requests)
    return result


def test_run_succeeds(full_crawl):
    assert full_crawl.returncode == 0, full_crawl.stderr
    assert full_crawl.stats["finish_reason"] == "finished"
    assert "Traceback" not in full_crawl.log


def test_every_story_written_once_and_every_copy_accounted_for(full_crawl, sample_server):
    story_of = {a.url: a.story.key for a in sample_server.site.articles}
    written = [item["url"] for item in full_crawl.items]
    stories = [story_of[url] for url in written]
    assert len(stories) == len(set(stories)), "a story was written twice"
    assert set(stories) == set(story_of.values())
    dropped = [row["url"] for row in full_crawl.duplicates]
    assert sorted(written + dropped) == sorted(story_of)
    for row in full_crawl.duplicates:
        assert story_of[row["duplicateOf"]] == story_of[row["url"]]
        assert row["reason"] in ("exact", "near") and 0.5 <= row["similarity"] <= 1
    assert full_crawl.stats["newscrawl/dedupe/dropped"] == len(dropped) == 20


def test_items_have_every_field(full_crawl):
    fields = set(Article.__dataclass_fields__)
    for item in full_crawl.items:
        assert set(item) == fields
        assert item["headline"] and item["articleBody"] and item["datePublished"]
        assert set(item["links"]) == {"related", "ranking", "recommendation"}
        assert item["metadata"]["extractor"] == "template"
        assert item["metadata"]["dateDownloaded"].endswith("Z")


def test_items_match_the_page_they_came_from(full_crawl, sample_server):
    for item in full_crawl.items[:10]:
        expected = extract(page_of(sample_server, item["url"]), item["url"])
        assert item["headline"] == expected["headline"]
        assert item["articleBody"] == expected["articleBody"]


def test_discovery_records_the_list_that_led_to_each_article(full_crawl, sample_server):
    starts = set(sample_server.site.start_urls)
    for item in full_crawl.items:
        found = item["discovery"]
        if item["url"] in starts:
            assert found == {"via": "start", "fromUrl": None, "depth": 0}
            continue
        assert found["via"] in ("related", "ranking", "recommendation")
        assert 1 <= found["depth"] <= 2
        parent = extract(page_of(sample_server, found["fromUrl"]), found["fromUrl"])
        assert item["url"] in {clean_url(link["url"]) for link in parent["links"][found["via"]]}


def test_no_url_fetched_twice_and_no_navigation_followed(full_crawl, sample_server):
    pages = [(mirror, urlsplit(path).path) for mirror, path in full_crawl.requests if path != "/robots.txt"]
    assert [p for p, n in Counter(pages).items() if n > 1] == []
    assert not any("utm_" in path for _, path in full_crawl.requests)
    paths = {path for _, path in pages}
    assert not paths & {"/", "/news/", "/finance/", "/about/", "/contact/"}
    assert urlsplit(sample_server.site.hidden_url).path not in paths, "prev/next links must not be followed"


def test_non_articles_and_broken_links_are_counted(full_crawl):
    stats = full_crawl.stats
    assert stats["newscrawl/skipped/listing"] == 1
    assert stats["newscrawl/skipped/error_page"] == 1
    assert stats["newscrawl/skipped/http_404"] == 1
    assert stats["newscrawl/written"] == len(full_crawl.items)


def test_depth_limit(sample_server, tmp_path):
    result = run_crawl(tmp_path, *site_args(sample_server, "-a", "depth=1"))
    assert result.returncode == 0
    assert {item["discovery"]["depth"] for item in result.items} == {0, 1}
    expected = set(sample_server.site.start_urls)
    for url in sample_server.site.start_urls:
        for entries in extract(page_of(sample_server, url), url)["links"].values():
            expected |= {clean_url(e["url"]) for e in entries}
    articles = {a.url for a in sample_server.site.articles}
    reached = {item["url"] for item in result.items} | {row["url"] for row in result.duplicates}
    assert reached == expected & articles


def test_section_filter(sample_server, tmp_path):
    result = run_crawl(tmp_path, *site_args(sample_server, "-a", "sections=ranking"))
    assert result.returncode == 0
    assert {item["discovery"]["via"] for item in result.items} == {"start", "ranking"}
    assert len(result.items) < len(sample_server.site.articles)


def test_max_articles(sample_server, tmp_path):
    result = run_crawl(tmp_path, *site_args(sample_server, "-a", "max_articles=5"))
    assert result.returncode == 0
    assert len(result.items) == 5
    assert result.stats["finish_reason"] == "closespider_itemcount"


def test_stays_on_start_hosts(sample_server, tmp_path):
    lotrade_start = sample_server.site.start_urls[0]
    result = run_crawl(tmp_path, "-a", f"url={lotrade_start}")
    assert result.returncode == 0
    assert {urlsplit(item["url"]).hostname for item in result.items} == {urlsplit(lotrade_start).hostname}
    assert result.stats["newscrawl/links/offsite"] > 0


def test_main_job_serves_the_sample_site_and_writes_a_run_file(tmp_path):
    out_dir = tmp_path / "output"  # run_crawl's NEWSCRAWL_OUTPUT_DIR
    result = run_crawl(tmp_path, output=False)
    assert result.returncode == 0, result.stderr
    files = list(out_dir.glob("articles-*.jsonl"))
    assert len(files) == 1
    lines = files[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) + len(result.duplicates) >= 60
    assert "serving the bundled sample site" in result.log
    assert f"articles written: {len(lines)}" in result.log


def test_a_page_met_again_nearer_a_start_page_has_its_links_followed(tmp_path):
    """X is first reached at the depth limit (S1 → A → X), its links not followed; the slow
    start page S2 then links X directly. X must be requested again, and Y behind it reached."""
    import threading

    from .hostile_site import HostileSite, article, static

    def slow(body: bytes):
        answer = static(body)

        def respond(handler) -> None:
            threading.Event().wait(1.0)  # the server's latency: S2 comes after A and X
            answer(handler)
        return respond

    routes = {
        "/s1.html": static(article(related=[("/a.html", "A")])),
        "/a.html": static(article(related=[("/x.html", "X")])),
        "/x.html": static(article(related=[("/y.html", "Y")])),
        "/y.html": static(article()),
    }
    with HostileSite(routes) as site:
        routes["/s2.html"] = slow(article(related=[("/x.html", "X")]))
        result = run_crawl(tmp_path, "-a", f"url={site.origin}/s1.html,{site.origin}/s2.html", "-a", "depth=2",
                           "-s", "NEWSCRAWL_RENDER=never")
    paths = sorted(item["url"].rsplit("/", 1)[1] for item in result.items)
    assert paths == ["a.html", "s1.html", "s2.html", "x.html", "y.html"]
    assert site.requests.count("/x.html") == 2, "fetched at depth 2 first, then again at depth 1"


def test_pages_are_requested_nearest_first_so_each_is_fetched_once(tmp_path):
    """A site where every page links six others at random: breadth-first, a page is met
    first at its smallest depth, so it is seldom requested again from nearer. One request at
    a time, so that the order is the scheduler's and not the network's (16 at once, responses
    came back in any order, and the count went over the bound about one run in five). Without
    the depth priority, Scrapy's default LIFO queue made 494 requests again for these 120 pages."""
    import random
    from collections import Counter, deque

    from .hostile_site import HostileSite, article, static

    rng = random.Random(3)
    graph = {i: rng.sample(range(120), 6) for i in range(120)}
    routes = {f"/p{i}.html": static(article(related=[(f"/p{j}.html", f"P{j}") for j in links]))
              for i, links in graph.items()}
    reachable, todo = {0}, deque([0])
    while todo:
        for j in graph[todo.popleft()]:
            if j not in reachable:
                reachable.add(j)
                todo.append(j)
    with HostileSite(routes) as site:
        result = run_crawl(tmp_path, "-a", f"url={site.origin}/p0.html", "-a", "depth=1000", "-s", "NEWSCRAWL_RENDER=never",
                           "-s", "CONCURRENT_REQUESTS=1")
    assert result.returncode == 0, result.stderr[-2000:]
    fetched = Counter(path for path in site.requests if path.startswith("/p"))
    assert set(fetched) == {f"/p{i}.html" for i in reachable}
    again = sum(count - 1 for count in fetched.values())
    assert again <= len(reachable) // 20, f"{again} requests again for {len(reachable)} pages"
