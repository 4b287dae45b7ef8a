"""Crash-safe output files and what the dedupe pipeline does with them."""

from __future__ import annotations

import json

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.dedupe.journal import Journal, recover
from newscrawl.items import Article
from newscrawl.pipelines import DedupePipeline
from newscrawl.sample_site.stories import make_stories


def test_recover_keeps_complete_lines_and_drops_a_torn_one(tmp_path):
    part = tmp_path / "articles-20250101T000000Z.jsonl.part"
    lines = "".join(json.dumps({"url": f"http://a/{i}", "articleBody": "x"}) + "\n" for i in range(3))
    part.write_bytes(lines.encode() + b'{"url": "http://a/3", "articleBo')  # the crash tore the last line
    [(final, items, dropped)] = recover(tmp_path)
    assert [item["url"] for item in items] == ["http://a/0", "http://a/1", "http://a/2"]
    assert dropped == 1
    assert final.name == "articles-20250101T000000Z.jsonl" and not part.exists()
    assert [json.loads(line)["url"] for line in final.read_text().splitlines()] == ["http://a/0", "http://a/1", "http://a/2"]


def test_recover_removes_an_empty_part_file(tmp_path):
    (tmp_path / "articles-x.jsonl.part").write_bytes(b'{"url": "http://a/0"')
    [(final, items, dropped)] = recover(tmp_path)
    assert items == [] and dropped == 1 and not final.exists()
    assert list(tmp_path.iterdir()) == []


def test_finish_renames_only_when_complete(tmp_path):
    journal = Journal(tmp_path, "s")
    assert journal.finish() is None and list(tmp_path.iterdir()) == []
    journal.write({"url": "http://a/0"})
    assert journal.part.exists() and not journal.final.exists()
    assert journal.finish() == journal.final and not journal.part.exists()


def make_pipeline(tmp_path, state=False) -> DedupePipeline:
    settings = {"NEWSCRAWL_OUTPUT_DIR": str(tmp_path / "out")}
    if state:
        settings["NEWSCRAWL_STATE_PATH"] = str(tmp_path / "state.sqlite3")
    pipeline = build_from_crawler(DedupePipeline, get_crawler(Spider, settings))
    pipeline.open_spider()
    return pipeline


def article(url, text, canonical=None) -> Article:
    return Article(url=url, canonicalUrl=canonical, articleBody=text, discovery={"via": "start"})


def test_canonical_link_on_the_same_site_is_honoured(tmp_path):
    one, two = make_stories(2)
    pipeline = make_pipeline(tmp_path)
    pipeline.process_item(article("http://a.example/p?id=1", "\n\n".join(one.paragraphs), "http://a.example/story-1"))
    with pytest.raises(DropItem):
        # Another URL, another text, but it says it is the same page.
        pipeline.process_item(article("http://a.example/amp/1", "\n\n".join(two.paragraphs), "http://a.example/story-1"))
    # A canonical pointing at another host is not trusted.
    pipeline.process_item(article("http://b.example/x", "\n\n".join(two.paragraphs), "http://a.example/story-1"))
    pipeline.close_spider()
    rows = [json.loads(line) for line in next((tmp_path / "out").glob("duplicates-*.jsonl")).read_text().splitlines()]
    assert rows == [{"url": "http://a.example/amp/1", "duplicateOf": "http://a.example/p?id=1", "reason": "url", "similarity": 1.0}]


def test_state_marks_only_what_is_in_the_output(tmp_path):
    stories = make_stories(3)
    pipeline = make_pipeline(tmp_path, state=True)
    for i, story in enumerate(stories):
        pipeline.process_item(article(f"http://a.example/{i}", "\n\n".join(story.paragraphs)))
    pipeline.close_spider()
    [output] = (tmp_path / "out").glob("articles-*.jsonl")
    assert len(output.read_text().splitlines()) == 3

    again = make_pipeline(tmp_path, state=True)
    with pytest.raises(DropItem, match="known"):
        again.process_item(article("http://a.example/0", "\n\n".join(stories[0].paragraphs)))
    assert again.is_known("http://a.example/1?utm_source=x")
    again.close_spider()
