"""Crash-safe output files and what the dedupe pipeline does with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.config import NewscrawlConfig
from newscrawl.items import Article
from newscrawl.output.journal import Journal, finish_left_over, left_overs
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.pipelines.journal import JournalPipeline
from newscrawl.state import SqliteState, open_state
from newscrawl.urls import url_key
from newscrawl.sample_site.stories import make_stories


def test_recover_keeps_complete_lines_and_drops_a_torn_one(tmp_path):
    part = tmp_path / "articles-20250101T000000Z.jsonl.part"
    lines = "".join(json.dumps({"url": f"http://a/{i}", "articleBody": "x"}) + "\n" for i in range(3))
    part.write_bytes(lines.encode() + b'{"url": "http://a/3", "articleBo')  # the crash tore the last line
    [left] = left_overs(tmp_path)
    assert [item["url"] for item in left.items] == ["http://a/0", "http://a/1", "http://a/2"]
    assert left.dropped == 1 and left.run == "20250101T000000Z"
    assert part.exists(), "reading a left-over changes nothing: the state is recorded first"
    final = finish_left_over(left)
    assert final.name == "articles-20250101T000000Z.jsonl" and not part.exists()
    assert [json.loads(line)["url"] for line in final.read_text().splitlines()] == ["http://a/0", "http://a/1", "http://a/2"]


def test_recover_removes_an_empty_part_file(tmp_path):
    (tmp_path / "articles-x.jsonl.part").write_bytes(b'{"url": "http://a/0"')
    [left] = left_overs(tmp_path)
    assert left.items == [] and left.dropped == 1
    assert finish_left_over(left) is None and not left.final.exists()
    assert list(tmp_path.iterdir()) == []


def test_finish_renames_only_when_complete(tmp_path):
    journal = Journal(tmp_path, "s")
    assert journal.finish() is None and list(tmp_path.iterdir()) == []
    journal.write({"url": "http://a/0"})
    assert journal.part.exists() and not journal.final.exists()
    assert journal.finish() == journal.final and not journal.part.exists()


class Run:
    """The two pipelines of one run, built as their from_crawler would, without an engine."""

    def __init__(self, tmp_path, state_path=None, run="r1") -> None:
        from scrapy.statscollectors import MemoryStatsCollector

        self.config = NewscrawlConfig(output_dir=tmp_path / "out", state_path=state_path)
        self.state = open_state(self.config)
        self.stats = MemoryStatsCollector(get_crawler(Spider))
        self.dedupe = DedupePipeline(self.state, self.stats, run, self.config)
        self.journal = None
        if self.state.persistent:
            self.journal = JournalPipeline(self.state, self.stats, Journal(self.config.output_dir, run), 2)

    def process(self, item):
        item = self.dedupe.process_item(item)
        return self.journal.process_item(item) if self.journal else item

    def close(self) -> None:
        self.dedupe.close_spider()
        if self.journal:
            self.journal.close_spider()
        self.state.commit()
        self.state.close()


def article(url, text, canonical=None) -> Article:
    return Article(url=url, canonicalUrl=canonical, articleBody=text, discovery={"via": "start"})


def test_canonical_link_on_the_same_site_is_honoured(tmp_path):
    one, two = make_stories(2)
    run = Run(tmp_path)
    run.process(article("http://a.example/p?id=1", "\n\n".join(one.paragraphs), "http://a.example/story-1"))
    with pytest.raises(DropItem):
        # Another URL, another text, but it says it is the same page.
        run.process(article("http://a.example/amp/1", "\n\n".join(two.paragraphs), "http://a.example/story-1"))
    # A canonical pointing at another host is not trusted.
    run.process(article("http://b.example/x", "\n\n".join(two.paragraphs), "http://a.example/story-1"))
    run.close()
    rows = [json.loads(line) for line in next((tmp_path / "out").glob("duplicates-*.jsonl")).read_text().splitlines()]
    assert rows == [{"url": "http://a.example/amp/1", "duplicateOf": "http://a.example/p?id=1", "reason": "url", "similarity": 1.0}]


def test_state_marks_only_what_is_in_the_output(tmp_path):
    stories = make_stories(3)
    state_path = tmp_path / "state.sqlite3"
    run = Run(tmp_path, state_path, "r1")
    for i, story in enumerate(stories):
        run.process(article(f"http://a.example/{i}", "\n\n".join(story.paragraphs)))
    run.close()
    [output] = (tmp_path / "out").glob("articles-*.jsonl")
    assert len(output.read_text().splitlines()) == 3

    again = Run(tmp_path, state_path, "r2")
    with pytest.raises(DropItem, match="known"):
        again.process(article("http://a.example/0", "\n\n".join(stories[0].paragraphs)))
    assert again.state.is_known(url_key("http://a.example/1?utm_source=x"))
    again.close()


def test_state_is_committed_only_after_the_output_is_synced(tmp_path):
    stories = make_stories(3)
    state_path = tmp_path / "state.sqlite3"
    run = Run(tmp_path, state_path)
    run.process(article("http://a.example/0", "\n\n".join(stories[0].paragraphs)))
    with SqliteState(state_path, read_only=True) as reader:
        assert reader.status().articles == 0, "committed before the line was fsynced"
    run.process(article("http://a.example/1", "\n\n".join(stories[1].paragraphs)))  # the second: a sync
    with SqliteState(state_path, read_only=True) as reader:
        assert reader.status().articles == 2
    run.close()


def test_an_output_that_cannot_be_written_commits_nothing_more(tmp_path):
    stories = make_stories(3)
    state_path = tmp_path / "state.sqlite3"
    run = Run(tmp_path, state_path)
    run.journal.journal.part = Path("/dev/full")  # every write fails with ENOSPC, as on a full disk
    for i in range(2):
        with pytest.raises(DropItem, match="output failed"):
            run.process(article(f"http://a.example/{i}", "\n\n".join(stories[i].paragraphs)))
    run.close()
    with SqliteState(state_path, read_only=True) as reader:
        assert reader.status().articles == 0
    assert run.stats.get_value("newscrawl/errors/output") == 1
