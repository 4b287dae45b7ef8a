"""Rendering with the real Chromium (Debian's package) through scrapy-playwright, on loopback."""

from __future__ import annotations

from collections import Counter

import pytest

from newscrawl.config import _browser_path

from .helpers import StaticSite, run_crawl
from .rendering_site import learning_routes, routes

BROWSER = _browser_path(None)
pytestmark = [
    pytest.mark.crawl,
    pytest.mark.skipif(BROWSER is None, reason="no Chromium found (apt-get install chromium); .ci/run installs it"),
]


def crawl(tmp_path, site, pages, *args):
    urls = ",".join(f"{site.origin}{p}" for p in pages)
    return run_crawl(tmp_path, "-a", f"url={urls}", *args)


def by_name(result):
    return {item["url"].rsplit("/", 1)[1]: item for item in result.items}


@pytest.fixture(scope="module")
def auto_run(tmp_path_factory):
    with StaticSite(routes()) as site:
        result = crawl(tmp_path_factory.mktemp("auto"), site, ["/html/now.html", "/html/late.html", "/html/noscript.html"])
        result.requests = Counter(site.requests)
    return result


def test_links_inserted_at_once_and_after_a_delay_are_followed(auto_run):
    items = by_name(auto_run)
    assert auto_run.returncode == 0
    for name, via in [("js-related.html", "related"), ("js-ranking.html", "ranking"), ("js-rec.html", "recommendation"),
                      ("late-related.html", "related"), ("late-ranking.html", "ranking"), ("late-rec.html", "recommendation")]:
        assert items[name]["discovery"]["via"] == via


def test_rendered_pages_say_so_and_why(auto_run):
    items = by_name(auto_run)
    for name in ("now.html", "late.html"):
        assert items[name]["metadata"]["rendered"] is True
        assert items[name]["metadata"]["renderReason"] == "empty_list:related"
        assert items[name]["reactionCount"] == 17  # the script-filled counter
    assert auto_run.stats["newscrawl/render/rendered"] == 2


def test_pages_that_need_no_rendering_are_not_rendered(auto_run):
    items = by_name(auto_run)
    assert items["noscript.html"]["metadata"] == {**items["noscript.html"]["metadata"], "rendered": False, "renderReason": None}
    assert items["noscript.html"]["links"]["related"] == []  # no scripts: an empty list is simply empty
    plain = [n for n, item in items.items() if not item["metadata"]["rendered"]]
    assert len(plain) == auto_run.stats["newscrawl/render/plain"] == len(items) - 2


def test_browser_gets_the_downloaded_html_instead_of_fetching_again(auto_run):
    assert auto_run.requests["/html/now.html"] == 1
    assert auto_run.requests["/html/late.html"] == 1
    assert auto_run.requests["/js/fill.js"] == 2


def test_a_crawl_that_needs_no_rendering_starts_no_browser(tmp_path):
    with StaticSite(routes()) as site:
        result = crawl(tmp_path, site, ["/html/a1.html"])
    assert result.returncode == 0 and len(result.items) == 1
    assert not [k for k in result.stats if k.startswith("playwright/")]
    assert result.stats["newscrawl/render/plain"] == 1


def test_never_misses_the_script_only_links_and_says_so(tmp_path):
    with StaticSite(routes()) as site:
        result = crawl(tmp_path, site, ["/html/now.html"], "-s", "NEWSCRAWL_RENDER=never")
    items = by_name(result)
    assert set(items) == {"now.html"}
    assert items["now.html"]["metadata"]["renderReason"] == "empty_list:related; not rendered (NEWSCRAWL_RENDER=never)"
    assert result.stats["newscrawl/render/not_rendered"] == 1
    assert "are not rendered (NEWSCRAWL_RENDER=never)" in result.log


def test_missing_browser_degrades_to_plain_html(tmp_path):
    with StaticSite(routes()) as site:
        result = crawl(tmp_path, site, ["/html/now.html", "/html/late.html"],
                       "-s", "NEWSCRAWL_BROWSER_PATH=/nonexistent/chromium")
    assert result.returncode == 0 and result.stats["finish_reason"] == "finished"
    assert {item["metadata"]["rendered"] for item in result.items} == {False}
    assert result.stats["newscrawl/render/not_rendered"] == 2
    assert result.log.count("no browser at /nonexistent/chromium") == 1
    assert not [k for k in result.stats if k.startswith("playwright/")]


def test_render_timeout_falls_back_to_plain_html_without_hanging(tmp_path):
    with StaticSite(routes()) as site:
        result = crawl(tmp_path, site, ["/html/hang.html", "/html/now.html"], "-s", "NEWSCRAWL_RENDER_TIMEOUT=2")
    items = by_name(result)
    assert result.stats["finish_reason"] == "finished"
    assert items["hang.html"]["metadata"]["rendered"] is False
    assert items["hang.html"]["metadata"]["renderReason"] == "empty_list:related; render failed (TimeoutError)"
    assert items["now.html"]["metadata"]["rendered"] is True, "one failure must not stop other renders"
    assert result.stats["newscrawl/render/failed/TimeoutError"] == 1
    assert result.log.count("Rendering failed (TimeoutError") == 1


def test_a_host_whose_pages_need_rendering_goes_straight_to_the_browser(tmp_path):
    with StaticSite(learning_routes(5)) as site:
        result = crawl(tmp_path, site, ["/learn/p1.html"], "-a", "depth=5")
        requests = Counter(site.requests)
    reasons = {name: item["metadata"]["renderReason"] for name, item in by_name(result).items()}
    assert reasons == {"p1.html": "empty_list:related", "p2.html": "empty_list:related", "p3.html": "empty_list:related",
                       "p4.html": "host_learned", "p5.html": "host_learned"}
    assert all(requests[f"/learn/p{i}.html"] == 1 for i in range(1, 6))


def test_an_article_whose_body_a_script_writes_is_rendered_and_read(tmp_path):
    """Any page (not only the template) that says it is an article and shows no body goes to the
    browser; one that does not say so is refused as too short, without a browser."""
    from .rendering_site import STORIES

    with StaticSite(routes()) as site:
        result = crawl(tmp_path, site, ["/html/app.html", "/html/app-undeclared.html"])
    items = by_name(result)
    assert set(items) == {"app.html"}
    assert items["app.html"]["metadata"]["rendered"] is True
    assert items["app.html"]["metadata"]["renderReason"] == "missing_body"
    assert STORIES[1].paragraphs[-1][:60] in items["app.html"]["articleBody"]
    assert result.stats["newscrawl/render/rendered"] == 1
    assert result.stats["newscrawl/skipped/too_short"] == 1
