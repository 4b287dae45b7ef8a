"""Content dedupe: mirror copies are one article; different stories are not."""

from __future__ import annotations

import itertools

import pytest

from newscrawl.dedupe.signatures import signature
from newscrawl.state import MemoryState, PageRecord, SqliteState
from newscrawl.sample_site import build_site
from newscrawl.sample_site.stories import make_stories

THRESHOLD = 0.5
BOILERPLATE = [
    "Copyright 2025 The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed without permission.",
    "Sign up for our morning newsletter to get the day's top stories delivered to your inbox every weekday.",
    "Follow our coverage of the election, the economy and the courts at the links below.",
]


def body(story) -> str:
    return "\n\n".join(story.paragraphs)


@pytest.fixture(params=["sqlite", "memory"])
def store(request):
    # The same behaviour from the SQLite store (state across runs) and the in-memory one (a single run).
    s = SqliteState(None) if request.param == "sqlite" else MemoryState()
    yield s
    s.close()


def add(store, url, text, run="r1"):
    store.add_article(PageRecord(url, (url,)), signature(text), run, None)


def test_exact_copy_with_other_case_spacing_and_unicode_forms_is_exact(store):
    text = body(make_stories(1)[0])
    add(store, "http://a/1", text)
    retyped = text.upper().replace(" ", "\u00a0 ", 5).replace("\n\n", "\n").replace("1", "\uff11")  # NBSP, full-width digit
    match = store.match_content(signature(retyped), THRESHOLD)
    assert match is not None and match.reason == "exact" and match.url == "http://a/1"


def test_republished_copy_with_edits_is_near(store):
    story = make_stories(1)[0]
    add(store, "http://a/1", body(story))
    paragraphs = list(story.paragraphs)
    paragraphs.pop(2)  # a paragraph dropped
    paragraphs[1] = paragraphs[1].replace(" said", " told reporters", 1)  # a word changed
    paragraphs.append("This story was first published by a partner site.")
    match = store.match_content(signature("\n\n".join(paragraphs)), THRESHOLD)
    assert match is not None and match.reason == "near" and 0.5 <= match.similarity < 1


def test_every_sample_site_copy_is_near_and_no_two_stories_are():
    site = build_site({"lotrade": "http://127.0.0.2:1", "predictiq": "http://127.0.0.3:2"})
    sigs = [(ref.story.key, signature(body(ref.story))) for ref in site.articles]
    copies, different = [], []
    for (k1, s1), (k2, s2) in itertools.combinations(sigs, 2):
        (copies if k1 == k2 else different).append(s1.similarity(s2.minhash))
    assert len(copies) == 20
    assert min(copies) >= THRESHOLD
    assert max(different) < THRESHOLD


def test_different_stories_sharing_boilerplate_are_not_merged(store):
    one, two = make_stories(2, seed=5)
    add(store, "http://a/1", body(one) + "\n\n" + "\n\n".join(BOILERPLATE))
    assert store.match_content(signature(body(two) + "\n\n" + "\n\n".join(BOILERPLATE)), THRESHOLD) is None


def test_same_headline_pattern_different_story_not_merged(store):
    # Same topic and headline template ("{City} water district approves …"), other facts.
    stories = [s for s in make_stories(40, seed=9) if s.topic == "water"]
    first, second = stories[0], stories[1]
    add(store, "http://a/1", first.headline + "\n\n" + body(first))
    assert store.match_content(signature(second.headline + "\n\n" + body(second)), THRESHOLD) is None


def test_short_bodies_do_not_match_by_accident(store):
    add(store, "http://a/1", "The council met on Monday.")
    assert store.match_content(signature("The council adjourned on Friday."), THRESHOLD) is None


def test_url_keys_point_at_the_article(store):
    add(store, "http://a/1", body(make_stories(1)[0]))
    assert store.match_url(["http://a/1"]).url == "http://a/1"
    assert store.match_url(["http://a/2"]) is None
    assert store.is_known("http://a/1")
    assert not store.is_known("http://a/2")
