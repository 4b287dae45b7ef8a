"""How a tree becomes the lines a reader sees (``linearize``) and an element's visible text."""

import lxml.html
import pytest

from newscrawl.extractors import HtmlPage
from newscrawl.extractors.text import element_text, linearize, normalize_space


def blocks_of(body_html: str):
    page = HtmlPage(url="http://example.test/", html=f"<html><body>{body_html}</body></html>")
    return page.blocks


def test_block_children_split_lines_and_text_around_them_stays_with_its_parent():
    blocks = blocks_of("<div>Intro <b>bold</b> text<p>Para one</p>tail text<br>after break</div>")
    assert [(b.text, b.element.tag) for b in blocks] == [
        ("Intro bold text", "div"), ("Para one", "p"), ("tail text", "div"), ("after break", "div"),
    ]


def test_scripts_and_styles_are_hidden_but_text_after_them_is_not():
    assert [b.text for b in blocks_of("<p>a<script>x()</script>b<style>p{}</style> c</p>")] == ["ab c"]


def test_comment_tails_are_text():
    root = lxml.html.fromstring("<html><body><p>a<!-- hidden -->b</p></body></html>")
    assert [b.text for b in linearize(root.find("body"))] == ["ab"]


def test_white_space_is_collapsed_and_blank_lines_dropped():
    assert [b.text for b in blocks_of("<div>\n  <p>  spaced \n\t text </p>\n  <p> </p>\n</div>")] == ["spaced text"]


# Every white-space character str.split() knows, and printable look-alikes that are not white space.
SPACES = [" ", "\t", "\n", "\r", "\v", "\f", "\x1c", "\x1f", "\x85", "\xa0", "\u1680", "\u2003",
          "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]


@pytest.mark.parametrize("text", [
    "already clean", "caf\u00e9 \u65e5\u672c \u2014 clean", " leading", "trailing ", "two  spaces",
    *(f"word{space}word" for space in SPACES), *(f"{space}edge{space}" for space in SPACES),
    "zero\u200bwidth and soft\u00adhyphen stay", "", "   ", "\xa0\xa0",
])
def test_normalize_space_collapses_exactly_what_str_split_does(text):
    # normalize_space returns clean text untouched without splitting it; the
    # result must still be the same as the plain split-and-join.
    assert normalize_space(text) == " ".join(text.split())


def test_link_characters_are_counted_inside_links_only():
    sentence, linked, block_link = blocks_of(
        '<p>see <a href="/x">this link</a> now</p><p><a href="/y">all linked</a></p>'
        '<a href="/z"><div>a block in a link</div></a>'
    )
    assert sentence.link_chars == len("this link")
    assert linked.link_chars == len(linked.text)
    assert block_link.link_chars == len(block_link.text)


def test_navigation_asides_and_footers_are_chrome():
    blocks = blocks_of("<nav><ul><li>Home</li></ul></nav><p>Body</p><aside>Also</aside><footer><p>Foot</p></footer>")
    assert [(b.text, b.in_chrome) for b in blocks] == [("Home", True), ("Body", False), ("Also", True), ("Foot", True)]


@pytest.mark.parametrize(("html", "expected"), [
    ("<a>plain</a>", "plain"),
    ("<a>foo<b>bar</b> baz</a>", "foobar baz"),
    ("<a><p>foo</p><p>bar</p></a>", "foo bar"),
    ('<a><i><img src="x.jpg"></i><p>Title</p> more</a>', "Title more"),
    ("<a>one<br>two<script>x()</script></a>", "one two"),
    ('<a><i><img src="x.jpg"></i><p> Only  title </p></a>', "Only title"),
    ("<a>before<p>inside</p></a>", "before inside"),
    ("<a><span>x</span><!-- note --><b>y</b><?pi z?></a>", "xy"),
    ("<a><p>shown</p><style>p{}</style></a>", "shown"),
    ("<button><p>Hidden label</p></button>", ""),
])
def test_element_text_is_what_a_reader_sees(html, expected):
    root = lxml.html.fromstring(f"<div>{html}</div>")
    assert element_text(root[0]) == expected
