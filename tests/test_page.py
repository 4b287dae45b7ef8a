"""HtmlPage: the parsed page every extractor reads (base URL, metas, title, parse errors)."""

import pytest

from newscrawl.extractors import EmptyPage, HtmlPage


def page(head: str = "", body: str = "<p>x</p>", url: str = "http://example.test/a/b.html") -> HtmlPage:
    return HtmlPage(url=url, html=f"<html><head>{head}</head><body>{body}</body></html>")


def test_links_resolve_against_the_first_base_with_an_href():
    p = page('<base target="_blank"><base href="http://cdn.example.test/news/"><base href="http://other.test/">')
    assert p.absolute("story.html") == "http://cdn.example.test/news/story.html"
    assert p.absolute("/root.html") == "http://cdn.example.test/root.html"


def test_links_resolve_against_the_page_without_a_base():
    p = page()
    assert p.absolute("c.html") == "http://example.test/a/c.html"
    assert p.absolute("/d.html") == "http://example.test/d.html"
    assert p.absolute(" https://x.test/e ") == "https://x.test/e"
    assert p.absolute("#top") is None
    assert p.absolute("javascript:void(0)") is None
    assert p.absolute("mailto:a@b.test") is None


def test_meta_returns_the_first_non_empty_match_in_document_order():
    p = page('<meta property="og:title" content=" "><meta name="twitter:title" content="Second">'
             '<meta property="og:title" content="Third"><meta name="Description" content="  Some   text ">')
    assert p.meta("og:title", "twitter:title") == "Second"
    assert p.meta("og:title") == "Third"
    assert p.meta("description") == "Some text"
    assert p.meta("og:image") is None


def test_title_is_the_first_title_element_and_language_comes_from_html_or_meta():
    p = HtmlPage(url="http://example.test/", html='<html lang="en_GB"><head><title> A \n title </title></head>'
                 '<body><svg><title>icon</title></svg><p>x</p></body></html>')
    assert p.title == "A title"
    assert p.language == "en-GB"
    assert page('<meta http-equiv="content-language" content="de">').language == "de"


@pytest.mark.parametrize("html", ["", "   \n ", "<!-- only a comment -->"])
def test_a_page_with_nothing_to_parse_is_empty(html):
    with pytest.raises(EmptyPage):
        HtmlPage(url="http://example.test/", html=html)
