"""Golden fixtures of the template extractor: saved HTML in, expected JSON out,
one test per field. Regenerate with ``python scripts/regenerate_golden.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.extractors import HtmlPage, extract, extract_page
from newscrawl.extractors.template import TemplateExtractor
from newscrawl.items import Article

FIXTURES = Path(__file__).parent / "fixtures" / "template"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
ARTICLE_FIELDS = {f for f in Article.__dataclass_fields__} - {"url", "links", "discovery", "metadata"}


def load(case: str):
    folder = FIXTURES / case
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    html = (folder / "input.html").read_text(encoding="utf-8")
    return meta, expected, html


_results: dict[str, object] = {}


def result_for(case: str):
    if case not in _results:
        meta, _, html = load(case)
        _results[case] = extract_page(HtmlPage(url=meta["url"], html=html))
    return _results[case]


ARTICLE_CASES = [c for c in CASES if "fields" in load(c)[1]]
FIELD_PARAMS = [(c, f) for c in ARTICLE_CASES for f in sorted(ARTICLE_FIELDS)]


def test_fixture_set_covers_the_markup_variants():
    assert len(ARTICLE_CASES) >= 4
    assert {"listing", "error_page"} <= set(CASES) - set(ARTICLE_CASES)


@pytest.mark.parametrize("case,field", FIELD_PARAMS, ids=[f"{c}-{f}" for c, f in FIELD_PARAMS])
def test_field(case, field):
    _, expected, _ = load(case)
    assert result_for(case).fields[field] == expected["fields"][field]


@pytest.mark.parametrize("case", ARTICLE_CASES)
def test_no_unexpected_fields(case):
    _, expected, _ = load(case)
    assert set(result_for(case).fields) == set(expected["fields"]) == ARTICLE_FIELDS


@pytest.mark.parametrize("case", CASES)
def test_link_lists(case):
    _, expected, _ = load(case)
    assert result_for(case).links == expected["links"]


@pytest.mark.parametrize("case", ARTICLE_CASES)
def test_body_must_contain(case):
    meta, _, _ = load(case)
    body = result_for(case).fields["articleBody"]
    for snippet in meta["body_must_contain"]:
        assert snippet in body


@pytest.mark.parametrize("case", ARTICLE_CASES)
def test_body_must_not_contain(case):
    meta, _, _ = load(case)
    body = result_for(case).fields["articleBody"]
    for snippet in meta["body_must_not_contain"]:
        assert snippet not in body, snippet


@pytest.mark.parametrize("case", ARTICLE_CASES)
def test_link_urls_are_absolute_and_lists_complete(case):
    links = result_for(case).links
    assert set(links) == {"related", "ranking", "recommendation"}
    for entries in links.values():
        assert entries, "every fixture has all three lists"
        for entry in entries:
            assert entry["url"].startswith(("http://", "https://"))
            assert entry["title"]


@pytest.mark.parametrize("case", sorted(set(CASES) - set(ARTICLE_CASES)))
def test_non_articles_yield_no_item_and_say_why(case):
    meta, expected, html = load(case)
    result = result_for(case)
    assert result.fields is None
    assert result.skip_reason == expected["skip_reason"]
    assert extract(html, meta["url"]) is None


def test_entry_point_returns_item_fields_links_and_extractor():
    meta, expected, html = load("classic")
    out = extract(html, meta["url"])
    assert out["headline"] == expected["fields"]["headline"]
    assert out["links"] == expected["links"]
    assert out["metadata"]["extractor"] == TemplateExtractor.name


def test_cli_prints_json(capsys):
    from newscrawl.extractors.__main__ import main

    meta, expected, _ = load("bare")
    assert main([str(FIXTURES / "bare" / "input.html"), "--url", meta["url"]]) == 0
    assert json.loads(capsys.readouterr().out)["headline"] == expected["fields"]["headline"]


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html><body><p>Just a paragraph.</p></body></html>", "<<<>>>\x00<html"],
    ids=["empty", "blank", "not-template", "garbage"],
)
def test_pages_that_are_not_articles_give_none(html):
    assert extract(html, "http://127.0.0.1/x.html") is None


def test_malformed_html_still_extracts():
    meta, expected, html = load("classic")
    broken = html.replace("</p>", "", 5).replace("</div>", "", 3).replace("</ul>", "")
    out = extract(broken, meta["url"])
    assert out is not None
    assert out["headline"] == expected["fields"]["headline"]
    assert out["datePublished"] == expected["fields"]["datePublished"]
    assert "veryGood" not in out["articleBody"]
