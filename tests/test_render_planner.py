"""The render round trip (newscrawl/rendering/planner.py), without a browser: what a
page read from plain HTML turns into, and what a failed render falls back to."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newscrawl.config import NewscrawlConfig
from newscrawl.extractors import HtmlPage, extract_page
from newscrawl.rendering.planner import NOTE_META_KEY, RenderPlanner

from .rendering_site import STORIES, scripted

URL = "http://127.0.0.1/html/now.html"


def planner(tmp_path) -> RenderPlanner:
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)  # a browser is "there"; nothing is started in these tests
    return RenderPlanner(NewscrawlConfig(browser_path=browser), get_crawler().stats)


def read(body: bytes, meta: dict | None = None):
    request = Request(URL, cb_kwargs={"discovery": {"via": "start", "fromUrl": None, "depth": 0}}, meta=meta or {})
    response = HtmlResponse(URL, body=body, encoding="utf-8", request=request)
    page = HtmlPage(url=URL, html=response.text)
    return response, page, extract_page(page)


def test_a_page_with_an_empty_list_goes_to_the_browser_told_which_list_to_wait_for(tmp_path):
    html = scripted(STORIES[1], 0, {"related": [], "ranking": [], "recommendation": []})
    # Only the Related list is left for the script: the other two are in the HTML.
    html = html.replace(b'<h2 class="htitle">Ranking</h2><ul data-fill="ranking"></ul>',
                        b'<h2 class="htitle">Ranking</h2><ul><li><a href="/html/r.html">A ranked story</a></li></ul>')
    html = html.replace(b'<h2 class="htitle">Recommendation</h2><ul data-fill="recommendation"></ul>',
                        b'<h2 class="htitle">Recommendation</h2><ul><li><a href="/html/c.html">A recommended story</a></li></ul>')
    review = planner(tmp_path).review(*read(html))
    request = review.request
    assert request is not None and request.url == URL and request.dont_filter
    assert request.cb_kwargs == {"discovery": {"via": "start", "fromUrl": None, "depth": 0}}
    [wait] = request.meta["playwright_page_methods"]
    assert wait.args[-1] == ["related"]
    assert request.meta["newscrawl_html"].startswith("<!DOCTYPE html>")


def test_a_page_without_scripts_is_read_as_it_is(tmp_path):
    review = planner(tmp_path).review(*read(scripted(STORIES[3], 0, {}, script=False)))
    assert review.request is None and review.rendered is False and review.reason is None


def test_a_failed_render_falls_back_to_the_downloaded_html_with_a_note(tmp_path):
    plan = planner(tmp_path)
    html = scripted(STORIES[1], 0, {"related": [], "ranking": [], "recommendation": []})
    request = plan.review(*read(html)).request
    try:
        raise TimeoutError("page.goto: Timeout 10000ms exceeded")
    except TimeoutError:
        failure = Failure()
    failure.request = request
    fallback = plan.fallback(failure)
    assert isinstance(fallback, HtmlResponse) and fallback.text == request.meta["newscrawl_html"]
    assert fallback.meta[NOTE_META_KEY] == "empty_list:related; render failed (TimeoutError)"
    # Read again, it is not sent to the browser a second time.
    again = plan.review(fallback, *read(fallback.body, fallback.meta)[1:])
    assert again.request is None and again.reason == "empty_list:related; render failed (TimeoutError)"
