"""The generic cascade on hand-made pages of ordinary news sites (one behaviour per test)."""

from __future__ import annotations

import json
from html import escape as html_escape
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.extractors import HtmlPage, extract, extract_page

from .helpers import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "generic"
URL = "https://news.example.co.uk/local/2025/03/council-approves-river-clean-up-plan-12345"


def page(name: str, url: str = URL) -> dict | None:
    return extract((FIXTURES / name).read_text(encoding="utf-8"), url)


def skip_reason(name: str, url: str = URL) -> str | None:
    result = extract_page(HtmlPage(url=url, html=(FIXTURES / name).read_text(encoding="utf-8")))
    return result.skip_reason


@pytest.fixture(scope="module")
def graph():
    return page("jsonld_graph.html")


def test_json_ld_graph_fields(graph):
    assert graph["headline"] == "Council approves river clean-up plan after two-year campaign"
    assert graph["articleSection"] == "Local"
    assert graph["siteName"] == "The Daily Example"
    assert graph["inLanguage"] == "en-GB"
    assert graph["mainImage"] == {"url": "https://news.example.co.uk/images/river.jpg"}
    assert graph["breadcrumbs"] == [{"name": "News", "url": "https://news.example.co.uk/news/"},
                                    {"name": "Local", "url": "https://news.example.co.uk/local/"}]
    assert graph["metadata"]["extractor"] == "generic"
    assert graph["metadata"]["fieldSources"]["headline"] == "json-ld"


def test_dates_are_kept_apart_with_their_zone(graph):
    assert graph["datePublished"] == "2025-03-14T09:30:00+00:00"
    assert graph["dateModified"] == "2025-03-15T11:02:00+00:00"
    assert graph["datePublishedRaw"] == "2025-03-14T09:30:00+00:00"


def test_modified_date_is_never_invented():
    assert page("meta_only.html")["dateModified"] is None


def test_authors_are_people_only(graph):
    assert graph["authors"] == [{"name": "Priya Nakamura"}, {"name": "Owen Gallagher"}]


def test_body_keeps_paragraphs_and_leaves_out_boxes(graph):
    body = graph["articleBody"]
    assert body.startswith("A £40m plan to clean up the River Wen")
    assert body.endswith("until the new storm tanks are working.")
    assert len(body.split("\n\n")) >= 6
    for unwanted in ("Residents demand action", "Sign up to our morning briefing", "Great news, about time",
                     "Storm closes coastal road", "Photograph: Example Agency", "By Priya", "© The Daily Example"):
        assert unwanted not in body, unwanted


def test_lists_keep_only_same_site_article_links(graph):
    links = {section: [e["url"] for e in entries] for section, entries in graph["links"].items()}
    assert links["related"] == [
        "https://news.example.co.uk/local/2025/01/residents-demand-action-on-sewage-spills-11111",
        "https://news.example.co.uk/local/2024/11/water-company-fined-over-river-pollution-10987",
    ]  # no tag page, no other site
    assert links["ranking"] == [
        "https://news.example.co.uk/news/2025/03/storm-closes-coastal-road-for-second-day-12001",
        "https://news.example.co.uk/sport/2025/03/local-club-wins-cup-final-on-penalties-12002",
    ]  # not the section front
    assert links["recommendation"] == ["https://news.example.co.uk/local/2025/02/new-bridge-opens-to-cyclists-11500"]


def test_meta_only_page():
    item = page("meta_only.html", "https://valleytimes.example/news/school-board-delays-vote-on-four-day-week")
    assert item["headline"] == "School board delays vote on four-day week"
    assert item["datePublished"] == "2025-02-03T18:45:00-07:00"
    assert item["authors"] == [{"name": "Daniel Brennan"}]
    assert item["siteName"] == "Valley Times"


def test_agency_byline_goes_to_agency_not_authors():
    item = page("agency_byline.html", "https://wire.example/world/quake-shakes-coastal-towns-2025")
    assert item["authors"] == []
    assert item["agency"] == "AP"
    assert item["dateline"] == "LIMA, Peru"
    assert item["articleBody"].count("\n\n") == 3


@pytest.mark.parametrize(
    "name,url,reason",
    [
        ("tag_page.html", "https://news.example.co.uk/tag/environment", "index_page"),
        ("video_page.html", "https://news.example.co.uk/video/flood-in-60-seconds", "video"),
        ("not_found.html", "https://news.example.co.uk/local/2025/03/missing-story-99999", "error_page"),
    ],
)
def test_pages_that_are_not_articles(name, url, reason):
    assert page(name, url) is None
    assert skip_reason(name, url) == reason


def test_cli_prints_the_article_as_json():
    proc = subprocess.run([sys.executable, "-m", "newscrawl.extractors", str(FIXTURES / "jsonld_graph.html"), "--url", URL],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["headline"] == "Council approves river clean-up plan after two-year campaign"


def test_cli_says_why_a_page_is_not_an_article():
    proc = subprocess.run([sys.executable, "-m", "newscrawl.extractors", str(FIXTURES / "tag_page.html"),
                           "--url", "https://news.example.co.uk/tag/environment"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "index_page" in proc.stderr


def _article_page(body: str, head: str = "", title: str = "Ferry timetable changes from Monday", lang: str = "en") -> str:
    return (f'<html lang="{lang}"><head><title>{title}</title>{head}</head><body><header><nav><a href="/">Home</a>'
            f'</nav></header><article><h1>{title}</h1>{body}</article><footer>About us</footer></body></html>')


BRIEF = "<p>" + " ".join(["The harbour office said the early crossing moves to seven in the morning."] * 3) + "</p>"
BRIEF_URL = "https://news.example.co.uk/local/2025/03/ferry-timetable-changes-12345"


def test_a_short_brief_is_an_article_when_the_page_says_so():
    declared = _article_page(BRIEF, '<meta property="og:type" content="article">'
                                    '<meta property="article:published_time" content="2025-03-14T09:30:00Z">')
    item = extract(declared, BRIEF_URL)
    assert item is not None and item["wordCount"] < 80
    assert item["datePublished"] == "2025-03-14T09:30:00+00:00"
    # The same text, with nothing saying it is an article: too short to be one.
    assert extract(_article_page(BRIEF), BRIEF_URL) is None


def test_words_of_japanese_are_counted_by_character():
    body = ("<p>東京都は十三日、新しい防災計画を発表した。住民の避難経路を見直し、学校や公園を避難所として整備する。</p>"
            "<p>計画では、大きな地震が起きた場合に備えて、水や食料の備蓄を増やすほか、高齢者の避難を手助けする体制もつくる。</p>"
            "<p>都の担当者は「一人ひとりが日ごろから備えることが大切だ」と話し、家庭での準備を呼びかけた。</p>")
    item = extract(_article_page(body, title="東京都が新しい防災計画を発表", lang="ja"), "https://news.example.jp/articles/20250113/k0001")
    assert item is not None, "a Japanese article is not too short because it has few spaces"
    assert item["wordCount"] > 120  # characters: str.split() saw 3 "words"


def test_a_video_page_with_a_real_text_body_is_an_article():
    video = '<script type="application/ld+json">{"@type": "VideoObject", "name": "Flood in 60 seconds"}</script>'
    body = "".join(f"<p>Paragraph {n}: the river rose two metres overnight, and the council opened three shelters "
                   f"for families from the lower town while engineers checked the old stone bridge.</p>" for n in range(6))
    assert extract(_article_page(body, video), "https://news.example.co.uk/video/flood-report-2025-98765") is not None


def test_a_date_given_only_in_the_text_is_found():
    body = "<p class='date'>Veröffentlicht am 01. April 2025</p>" + "".join(
        f"<p>Absatz {n}: Der Stadtrat hat am Dienstag beschlossen, die Brücke über den Fluss bis zum Sommer zu "
        f"sanieren, nachdem Gutachter mehrere Schäden an den Pfeilern gefunden hatten.</p>" for n in range(6))
    item = extract(_article_page(body, title="Stadtrat beschließt Sanierung der Brücke", lang="de"),
                   "https://zeitung.example.de/lokal/stadtrat-beschliesst-sanierung-der-bruecke-4711")
    assert item["datePublished"] == "2025-04-01"
    assert item["metadata"]["fieldSources"]["datePublished"] == "htmldate"


@pytest.mark.parametrize("title", ["Stadtrat beschließt Sanierung der Brücke - Zeitung Example",
                                   "Zeitung Example | Stadtrat beschließt Sanierung der Brücke"])
def test_the_site_name_is_cut_from_either_end_of_a_title(title):
    head = ('<meta property="og:site_name" content="Zeitung Example">'
            f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}"}}</script>')
    body = "".join(f"<p>Absatz {n}: Der Stadtrat hat am Dienstag beschlossen, die Brücke über den Fluss bis zum "
                   f"Sommer zu sanieren, nachdem Gutachter mehrere Schäden gefunden hatten.</p>" for n in range(6))
    item = extract(_article_page(body, head, title="Anderer Titel", lang="de"),
                   "https://zeitung.example.de/lokal/stadtrat-beschliesst-sanierung-der-bruecke-4711")
    assert item["headline"] == "Stadtrat beschließt Sanierung der Brücke"


def test_authors_from_given_and_family_names_and_a_twitter_byline():
    body = "".join(f"<p>Paragraph {n}: the river rose two metres overnight, and the council opened three shelters "
                   f"for families from the lower town while engineers checked the bridge.</p>" for n in range(6))
    structured = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry timetable changes '
                  'from Monday", "author": {"@type": "Person", "givenName": "Ingrid", "familyName": "Treborg"}}</script>')
    assert extract(_article_page(body, structured), BRIEF_URL)["authors"] == [{"name": "Ingrid Treborg"}]
    twitter = '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Owen Gallagher">'
    assert extract(_article_page(body, twitter), BRIEF_URL)["authors"] == [{"name": "Owen Gallagher"}]


def test_a_page_built_as_one_form_keeps_its_body_and_a_search_form_goes():
    body = "".join(f"<p>Paragraph {n}: the river rose two metres overnight, and the council opened three shelters "
                   f"for families from the lower town while engineers checked the bridge.</p>" for n in range(6))
    search = '<form action="/search"><p>Search the archive for stories about the flood and the river</p></form>'
    html = (f'<html><head><title>Ferry timetable changes from Monday</title></head><body><form id="aspnetForm">'
            f'<h1>Ferry timetable changes from Monday</h1>{body}{search}</form></body></html>')
    item = extract(html, BRIEF_URL)
    assert item is not None
    assert "Paragraph 5: the river rose" in item["articleBody"]
    assert "Search the archive" not in item["articleBody"]


def _stacked_stories(og_title: str) -> str:
    """A page that loads the next story below its own: one ``<article>`` with its ``<h1>`` each."""
    def story(title: str, topic: str) -> str:
        paragraphs = "".join(f"<p>{topic} {n}: the council met on Tuesday and agreed the plan after a long debate "
                             f"about the cost, the timetable and who would pay for the work.</p>" for n in range(5))
        return f"<article><h1>{title}</h1>{paragraphs}</article>"
    return (f'<html><head><title>{og_title}</title><meta property="og:title" content="{og_title}"></head><body>'
            f'<main>{story("Ferry timetable changes from Monday", "Ferry")}'
            f'<div class="next">{story("New school opens in the lower town", "School")}</div></main></body></html>')


def test_a_story_stacked_below_the_page_s_own_is_not_its_body():
    item = extract(_stacked_stories("Ferry timetable changes from Monday"), BRIEF_URL)
    assert "Ferry 4: the council met" in item["articleBody"]
    assert "School 0" not in item["articleBody"]
    # The page's own story is the one its headline names, wherever it stands.
    item = extract(_stacked_stories("New school opens in the lower town"), BRIEF_URL)
    assert "School 4: the council met" in item["articleBody"]
    assert "Ferry 0" not in item["articleBody"]


def _split_body(paragraphs: int = 6, between: str = "") -> list[str]:
    """The ferry story's paragraphs in marked parts of two paragraphs each."""
    return [f'<div class="article-body">{FERRY_STORY_PARAGRAPHS[n]}{FERRY_STORY_PARAGRAPHS[n + 1]}</div>'
            for n in range(0, paragraphs, 2)]


def test_a_body_split_into_wrapped_parts_is_read_whole_without_the_teasers_between():
    """A CMS that puts each part of the body in a wrapper of its own, with a teaser of another
    story between the wrappers: trafilatura alone reads the first part only."""
    teaser = ('<section class="promo"><a href="/local/2025/03/school-opens-1">New school opens in the lower town'
              '</a><p>Pupils moved into the new building on Monday after two years of work on the site.</p></section>')
    html = _article_page(teaser.join(f'<section class="row">{part}</section>' for part in _split_body()))
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "Ferry 0: the harbour office" in body
    assert "Ferry 5: the harbour office" in body
    assert "Pupils moved into the new building" not in body


def test_body_parts_side_by_side_keep_the_headings_between_them():
    parts = _split_body()
    html = _article_page(f'<div class="wrap">{parts[0]}</div><h2>What changes in summer</h2>'
                         f'{parts[1]}<h2>The last boat back</h2>{parts[2]}')
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "What changes in summer" in body
    assert "The last boat back" in body
    assert "Ferry 5: the harbour office" in body


def test_a_teaser_card_embedded_twice_is_read_once():
    card = ('<div class="card"><a href="/local/2025/03/school-opens-1">New school opens</a><p>Pupils moved into '
            'the new building on Monday after two years of work on the site.</p></div>')
    html = _article_page(FERRY_STORY[:len(FERRY_STORY) // 2] + card + FERRY_STORY[len(FERRY_STORY) // 2:] + card)
    assert extract(html, BRIEF_URL)["articleBody"].count("Pupils moved into the new building") == 1


STANDFIRST = "Island. The early crossing moves to seven and the last boat back leaves at ten, the harbour office says."


@pytest.mark.parametrize("description, shown, kept", [
    (STANDFIRST, f'<p class="standfirst">{STANDFIRST}</p>{{body}}', True),
    # The page shows it after a dateline the description leaves out.
    (STANDFIRST.removeprefix("Island. "), f'<p class="standfirst">{STANDFIRST}</p>{{body}}', True),
    # A description the CMS cut short, after a label of its own.
    (f"Local News: {STANDFIRST[:95]}", f'<p class="standfirst">{STANDFIRST}</p>{{body}}', True),
    # Described in the metadata only: no text of the page.
    (STANDFIRST, "{body}", False),
    (f"Local News: {STANDFIRST[:95]}", "{body}", False),
    # Shown below the story (a teaser of it, say): no standfirst.
    (STANDFIRST, f'{{body}}<p class="teaser">{STANDFIRST}</p>', False),
])
def test_a_standfirst_above_the_body_is_its_first_paragraph(description, shown, kept):
    head = f'<meta name="description" content="{description}">'
    html = _article_page(shown.format(body=f'<div class="article-body">{FERRY_STORY}</div>'), head=head)
    body = extract(html, BRIEF_URL)["articleBody"]
    assert body.startswith(STANDFIRST) is kept
    assert body.count(STANDFIRST) == int(kept)
    assert "Ferry 5: the harbour office" in body


@pytest.mark.parametrize("links", [
    '<p><a href="/local/2025/03/school-opens-1">New school opens in the lower town after two years</a></p>',
    '<p>Read more: <a href="/local/2025/03/school-opens-1">New school opens in the lower town after two years</a></p>',
    '<p><strong>Lesen Sie auch:</strong> <a href="/local/2025/03/school-opens-1">Neue Schule in der Unterstadt '
    'eröffnet</a></p>',
    # Breadcrumbs: a list of links, the page's own place among them.
    '<ul><li><a href="/">Home</a></li><li><a href="/local">Local news</a></li><li><a href="/local/harbour">'
    'Ferries and harbours</a></li><li>This story</li></ul>',
])
def test_links_to_other_pages_set_in_the_story_are_not_its_text(links):
    html = _article_page(f'<div class="article-body">{FERRY_STORY[:len(FERRY_STORY) // 2]}{links}'
                         f'{FERRY_STORY[len(FERRY_STORY) // 2:]}</div>')
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "Ferry 5: the harbour office" in body
    for gone in ("school", "Schule", "Home", "Local news", "Ferries and harbours"):
        assert gone not in body


def test_a_story_s_own_list_and_a_sentence_with_a_colon_and_a_link_stay():
    kept = ('<p>The operator said: <a href="/timetable">the new timetable</a> is online.</p>'
            '<p>What the harbour office published on Monday: <a href="/timetable">the full timetable for the '
            'summer season, with every crossing and every fare</a></p>'
            '<ul><li><a href="/timetable">Timetable</a></li><li>Fares</li><li>Parking</li></ul>')
    html = _article_page(f'<div class="article-body">{FERRY_STORY}{kept}</div>')
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "The operator said: the new timetable is online." in body
    assert "What the harbour office published on Monday: the full timetable" in body
    assert "- Timetable" in body


def test_a_template_slot_the_page_left_unfilled_is_not_text():
    html = _article_page(FERRY_STORY_PARAGRAPHS[0] + "<p>$$ARTICLEAD$$</p>" + "".join(FERRY_STORY_PARAGRAPHS[1:])
                         + "<p>{{ related_box }}</p>")
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "Ferry 5: the harbour office" in body
    assert "$$" not in body and "{{" not in body


@pytest.mark.parametrize("notice", ["© Island News Agency, 2025", "Copyright: Island Syndicate 2025",
                                    "<Copyright ⓒ Island News. All rights reserved.>"])
def test_the_copyright_notice_a_story_ends_with_is_not_its_text(notice):
    html = _article_page(FERRY_STORY + "<p>Copyright law on ferry timetables was not changed, the office said.</p>"
                         + f"<p>{html_escape(notice)}</p>")
    body = extract(html, BRIEF_URL)["articleBody"]
    assert body.endswith("Copyright law on ferry timetables was not changed, the office said.")


def test_the_headline_with_its_kicker_s_colon_drawn_by_the_style_sheet_is_not_the_first_line():
    title = "Ferry service: Timetable changes from Monday"
    html = _article_page(FERRY_STORY, title=title).replace(
        f"<h1>{title}</h1>", '<h1><span class="kicker">Ferry service</span>: Timetable changes from Monday</h1>'
        '<div class="article-body"><p><span class="kicker">Ferry service</span><span>Timetable changes from Monday'
        '</span></p></div>', 1)
    body = extract(html, BRIEF_URL)["articleBody"]
    assert body.startswith("Ferry 0: the harbour office")


def test_marked_bodies_of_stacked_stories_are_not_joined():
    html = _stacked_stories("Ferry timetable changes from Monday").replace("<h1>", '<div class="article-body"><h1>')
    html = html.replace("</article>", "</div></article>")
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "Ferry 4: the council met" in body
    assert "School 0" not in body


FERRY_STORY_PARAGRAPHS = [f"<p>Ferry {n}: the harbour office said the early crossing moves to seven in the morning "
                          f"from Monday, and the last boat back leaves the island at ten at night.</p>" for n in range(6)]
FERRY_STORY = "".join(FERRY_STORY_PARAGRAPHS)


@pytest.mark.parametrize("box", [
    '<div class="article-factbox"><h3>Facts about the ferry</h3><p>{text}</p></div>',
    '<div class="c-infoBox"><p>{text}</p></div>',
    '<section role="complementary"><p>{text}</p></section>',
    # Names trafilatura's own cleaning misses (it matches "newsletter" and "author" case-sensitively).
    '<div class="NewsletterSignup"><p>{text}</p><p>Sign up for our morning briefing.</p></div>',
    '<section class="Article-AuthorBio"><p>{text}</p></section>',
    # A social post the story embeds, as the network's embed code writes it.
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{text}</p>&mdash; Island News (@islandnews) '
    '<a href="https://twitter.com/islandnews/status/1">March 14, 2025</a></blockquote>',
])
def test_a_fact_box_or_an_embedded_post_is_not_the_story_s_body(box):
    text = ("The island has 900 residents and two shops, and the ferry company was founded in 1952 by "
            "a group of fishermen who wanted a regular service.")
    item = extract(_article_page(FERRY_STORY[:len(FERRY_STORY) // 2] + box.format(text=text) + FERRY_STORY[
        len(FERRY_STORY) // 2:]), BRIEF_URL)
    assert "Ferry 5: the harbour office" in item["articleBody"]
    assert "900 residents" not in item["articleBody"]


def test_a_right_hand_column_told_by_its_id_is_not_the_story_s_body():
    column = ('<div id="rightWrap"><div class="box"><b>From the forum</b><p>Readers discuss the new island '
              'timetable and the price of a season ticket for cars and vans on the early boats.</p></div></div>')
    html = ('<html><head><title>Ferry timetable changes from Monday</title></head><body><div id="mainWrap">'
            f'<div id="centerWrap"><h1>Ferry timetable changes from Monday</h1>{FERRY_STORY}</div>{column}</div>'
            '</body></html>')
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "Ferry 5: the harbour office" in body
    assert "season ticket" not in body


def test_a_subscription_prompt_is_not_the_story_s_body():
    prompt = ('<div class="x7Qa"><div><p>Members read every island story and the archive since 1952, and get the '
              'weekly print edition at home.</p></div><div><a href="https://digital.news.example.co.uk/subscribe/'
              'standard/?ref=wall">Join now</a></div></div>')
    quoted = ('<p>The ferry company said passengers who want the new timetable by e-mail can sign up on its '
              'website, where the <a href="https://ferries.example.com/login">passenger account page</a> also '
              'lists the fares for cars, vans and bicycles, the season tickets for islanders and the rules for '
              'dogs on the early boats, which change from Monday as well.</p>')
    html = _article_page(FERRY_STORY + quoted + prompt)
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "Ferry 5: the harbour office" in body
    assert "passenger account page" in body
    assert "Members read every island story" not in body


def test_a_class_name_on_the_element_holding_the_story_does_not_prune_it():
    html = _article_page(f'<div class="story-body with-newsletter">{FERRY_STORY}</div>')
    assert "Ferry 5: the harbour office" in extract(html, BRIEF_URL)["articleBody"]


def test_a_structured_body_is_read_as_text_and_without_its_fact_box():
    """A paywalled page shows a teaser; its JSON-LD holds the whole story, as HTML with entities,
    and repeats the fact box the page sets beside it."""
    paragraphs = [f"Paragraph {n}: the harbour&#8217;s office said the early crossing moves to seven in the morning "
                  f"from Monday, and the last boat back leaves the island at ten at night." for n in range(8)]
    fact = "The island has 900 residents and two shops, and the ferry company was founded in 1952."
    article_body = "".join(f"<p>{p}</p>" for p in paragraphs[:4]) + f"<p>{fact}</p>" + "".join(
        f"<p>{p}</p>" for p in paragraphs[4:])
    structured = ('<script type="application/ld+json">' + json.dumps(
        {"@type": "NewsArticle", "headline": "Ferry timetable changes from Monday", "articleBody": article_body})
        + "</script>")
    teaser = f"<p>{paragraphs[0]}</p><div class='infobox'><p>{fact}</p></div><p>Subscribe to read the rest.</p>"
    item = extract(_article_page(teaser, structured), BRIEF_URL)
    assert item["metadata"]["fieldSources"]["articleBody"] == "json-ld"
    assert "Paragraph 7: the harbour’s office said" in item["articleBody"]
    assert "&#8217;" not in item["articleBody"] and "<p>" not in item["articleBody"]
    assert "900 residents" not in item["articleBody"]
    assert item["articleBody"].count("\n\n") == 7


def test_the_visible_headline_is_not_the_body_s_first_line_when_another_headline_wins():
    structured = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry timetable: '
                  'early crossing moves to seven from Monday, harbour office says"}</script>')
    item = extract(_article_page(FERRY_STORY, structured), BRIEF_URL)
    assert item["headline"].startswith("Ferry timetable: early crossing")
    assert item["articleBody"].startswith("Ferry 0: the harbour office")


def test_a_list_of_teasers_inside_the_story_is_not_its_body_and_a_list_of_facts_is():
    teasers = ("<p><strong>More from the island, reported for you</strong></p><ul>" + "".join(
        f'<li><strong>{kicker}: </strong><a href="/local/{n}">{title}</a></li>' for n, (kicker, title) in enumerate([
            ("Harbour", "The new pier opens to visitors"), ("School", "A second teacher from August"),
            ("Weather", "Storm warning for the weekend"), ("Council", "Budget vote moved to May")])) + "</ul>")
    facts = ("<ul><li>The first boat leaves at seven in the morning.</li>"
             "<li>The last boat back leaves the island at ten at night.</li></ul>")
    half = len(FERRY_STORY) // 2
    item = extract(_article_page(FERRY_STORY[:half] + teasers + facts + FERRY_STORY[half:]), BRIEF_URL)
    assert "Ferry 5: the harbour office" in item["articleBody"]
    assert "The first boat leaves at seven in the morning." in item["articleBody"]
    assert "new pier opens" not in item["articleBody"]
    assert "A second teacher" not in item["articleBody"]


def _app_page(declared: bool) -> str:
    """An app's page: its article only in the state its scripts render from (escaped as in JSON)."""
    content = ('<div class="caption"><p>The ferry at the island pier.</p></div>' + FERRY_STORY)
    state = json.dumps({"queries": [{"data": {"detail": {"title": "Ferry timetable changes from Monday",
                                                          "content": content, "menu": "<p>Home</p>" * 3}}}]})
    state = state.replace("<", "\\u003c").replace(">", "\\u003e")
    head = '<meta property="og:type" content="article">' if declared else ""
    return (f'<html><head><title>Ferry timetable changes from Monday</title>{head}</head><body><main>'
            f'<h1>Ferry timetable changes from Monday</h1><div id="story"></div></main>'
            f'<script>window.__STATE__ = window.__STATE__ || []; window.__STATE__.push({state});</script>'
            f'</body></html>')


def test_an_app_page_s_article_is_read_from_its_scripts_state_when_the_page_says_it_is_one():
    item = extract(_app_page(declared=True), BRIEF_URL)
    assert item["metadata"]["fieldSources"]["articleBody"] == "script"
    assert item["articleBody"].startswith("Ferry 0: the harbour office")
    assert "Ferry 5: the harbour office" in item["articleBody"]
    assert "The ferry at the island pier" not in item["articleBody"]
    # Nothing says it is an article: no body shown, refused as too short.
    assert skip_reason_of(_app_page(declared=False)) == "too_short"


def test_a_hostile_script_state_costs_linear_time():
    """A never-closed string full of escaped quotes: retrying the search from every quote would
    take hours on these 4 MB; one pass takes a fraction of a second."""
    import time

    hostile = "<script>var s = \"" + '\\"' * 2_000_000 + "</script>"
    html = _app_page(declared=True).replace("<script>", hostile + "<script>")
    started = time.monotonic()
    item = extract(html, BRIEF_URL)
    assert time.monotonic() - started < 30
    assert item["metadata"]["fieldSources"]["articleBody"] == "script"


def test_a_page_of_too_many_elements_is_refused_at_once():
    """100,000 paragraphs would keep trafilatura busy for over half a minute."""
    import time

    html = _article_page(FERRY_STORY + "<p>word word word word</p>" * 100_000)
    started = time.monotonic()
    assert skip_reason_of(html) == "too_complex"
    assert time.monotonic() - started < 10


def skip_reason_of(html: str, url: str = BRIEF_URL) -> str | None:
    return extract_page(HtmlPage(url=url, html=html)).skip_reason


def _credited(author_json: str, head: str = "") -> list[dict]:
    body = "".join(f"<p>Absatz {n}: Der Stadtrat hat am Dienstag beschlossen, die Brücke über den Fluss bis zum "
                   f"Sommer zu sanieren, nachdem Gutachter mehrere Schäden gefunden hatten.</p>" for n in range(6))
    structured = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Brücke wird saniert", '
                  f'"author": {author_json}}}</script>{head}')
    return extract(_article_page(body, structured, lang="de"), "https://zeitung.example.de/lokal/bruecke-4711")["authors"]


def test_an_organisation_the_structured_data_credits_is_the_author_when_no_person_is():
    assert _credited('{"@type": "NewsMediaOrganization", "name": "Redaktion zeitung.example"}') == [
        {"name": "Redaktion zeitung.example", "type": "Organization"}]
    # A person beside it wins; an agency goes to ``agency`` and no organisation is added.
    assert _credited('[{"@type": "Organization", "name": "Zeitung Example"}, {"@type": "Person", "name": "Eva Roth"}]'
                     ) == [{"name": "Eva Roth"}]
    assert _credited('{"@type": "Organization", "name": "dpa"}') == []


def test_a_site_name_in_meta_author_alone_is_no_author():
    # <meta name=author> holding the site's name is often a CMS default, not a credit.
    assert _credited('null', '<meta name="author" content="Zeitung Example">'
                     '<meta property="og:site_name" content="Zeitung Example">') == []


@pytest.mark.parametrize("name", ["दैनिक भास्कर", "สมชาย ใจดี", "Nguyễn Văn An"])
def test_names_written_with_combining_marks_are_names(name):
    assert _credited(f'{{"@type": "Person", "name": "{name}"}}') == [{"name": name}]


def test_authors_come_from_the_article_node_that_names_the_most():
    """A CMS and its SEO plugin each describe the article; one lists only the first author."""
    body = "".join(f"<p>Paragraph {n}: the river rose two metres overnight, and the council opened three shelters "
                   f"for families from the lower town while engineers checked the bridge.</p>" for n in range(6))
    graph = ('<script type="application/ld+json">{"@graph": [{"@type": "Article", "headline": "Ferry timetable '
             'changes from Monday", "author": {"name": "Till Eckert"}, "wordCount": 300, "inLanguage": "en"}]}</script>'
             '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry timetable changes from '
             'Monday", "author": [{"@type": "Person", "name": "Till Eckert"}, {"@type": "Person", "name": '
             '"Max Bernhard"}]}</script>')
    authors = extract(_article_page(body, graph), BRIEF_URL)["authors"]
    assert authors == [{"name": "Till Eckert"}, {"name": "Max Bernhard"}]


def test_a_visible_author_byline_and_a_twitter_misc_byline():
    body = "".join(f"<p>Paragraph {n}: the river rose two metres overnight, and the council opened three shelters "
                   f"for families from the lower town while engineers checked the bridge.</p>" for n in range(6))
    visible = '<p class="author"> von <a href="mailto:d.straub@example.com">David Straub, EXAMPLE THÜRINGEN</a></p>'
    html = _article_page(visible + body).replace("<head>", '<head><meta property="og:site_name" content="Example">')
    assert extract(html, BRIEF_URL)["authors"] == [{"name": "David Straub"}]
    misc = ('<meta name="author" content="d.kuckelkorn@example.com">'
            '<meta name="twitter:misc:Written by" content="Dieter Kuckelkorn">')
    assert extract(_article_page(body, misc), BRIEF_URL)["authors"] == [{"name": "Dieter Kuckelkorn"}]


def test_a_date_that_does_not_read_as_one_gives_way_to_the_next_source():
    body = "".join(f"<p>Paragraph {n}: the river rose two metres overnight, and the council opened three shelters "
                   f"for families from the lower town while engineers checked the bridge.</p>" for n in range(6))
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry timetable changes from '
            'Monday", "datePublished": "May 15th, 2023"}</script>'
            '<meta property="article:published_time" content="2023-05-15T09:00:37+00:00">')
    item = extract(_article_page(body, head), BRIEF_URL)
    assert item["datePublished"] == "2023-05-15T09:00:37+00:00"
    assert item["metadata"]["fieldSources"]["datePublished"] == "meta"


@pytest.mark.parametrize("wrapper", ["main", "form"])
def test_reading_a_page_leaves_its_tree_for_the_next_reader(wrapper):
    """The render policy and the listing reader look at the page after the extractor."""
    from lxml import etree

    body = "".join(f"<p>Paragraph {n}: the river rose two metres overnight, and the council opened three shelters "
                   f"for families from the lower town while engineers checked the bridge.</p>" for n in range(6))
    html = (f'<html><head><title>Ferry timetable changes from Monday</title></head><body><nav><a href="/">Home</a></nav>'
            f'<{wrapper}><h1>Ferry timetable changes from Monday</h1>{body}</{wrapper}><footer>About us</footer>'
            f'</body></html>')
    page = HtmlPage(url=BRIEF_URL, html=html)
    before = etree.tostring(page.root)
    result = extract_page(page)
    assert result.is_article and "Paragraph 5" in result.fields["articleBody"]
    assert etree.tostring(page.root) == before


def test_the_visible_headline_wins_when_the_sharing_title_agrees_with_it():
    """Structured data's headline is often an SEO variant; the page's <h1> and its og:title
    agreeing say what readers see. A breadcrumb's <h1> (in a list) is not the headline."""
    body = "".join(f"<p>Paragraph {n}: the river rose two metres overnight, and the council opened three shelters "
                   f"for families from the lower town while engineers checked the bridge.</p>" for n in range(6))
    seo = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry timetable: early '
           'crossings move from Monday, harbour office says"}</script>')
    agreed = seo + '<meta property="og:title" content="Ferry timetable changes from Monday | Example News">'
    assert extract(_article_page(body, agreed), BRIEF_URL)["headline"] == "Ferry timetable changes from Monday"
    html = _article_page(body, seo + '<meta property="og:title" content="Harbour news">')
    crumb = html.replace("<header><nav>", '<header><ul><li><h1>Harbour news</h1></li></ul><nav>')
    assert extract(crumb, BRIEF_URL)["headline"] == "Ferry timetable: early crossings move from Monday, harbour office says"


def _page_trafilatura_finds_no_frame_in(story: str) -> str:
    """A page whose story sits in containers trafilatura does not know (no ``<article>``, no
    class it looks for): it falls back to reading the paragraphs alone."""
    return ('<html><head><title>Ferry timetable changes from Monday</title></head><body><div class="pg">'
            '<div class="top"><h1>Ferry timetable changes from Monday</h1></div>'
            f'<section class="container">{story}</section></div></body></html>')


def test_subheadings_and_a_list_left_out_by_trafilatura_s_fallback_are_put_back():
    p = FERRY_STORY_PARAGRAPHS
    facts = ("<div><ul><li><strong>The early boat</strong> leaves at seven from Monday, an hour later than now.</li>"
             "<li><strong>The last boat back</strong> leaves the island at ten at night.</li></ul></div>")
    topics = '<ul><li><a href="/local/schools">Schools</a></li><li><a href="/local/bridges">Bridges</a></li></ul>'
    story = (f'<h2>Timetable</h2>{p[0]}<h2>What we know</h2>{facts}{p[1]}<h2>Live</h2><h5>11.04: The first boat '
             f'left on time</h5>{p[2]}{p[3]}{topics}{p[4]}{p[5]}')
    paragraphs = extract(_page_trafilatura_finds_no_frame_in(story), BRIEF_URL)["articleBody"].split("\n\n")
    assert paragraphs[1:4] == ["What we know", "- The early boat leaves at seven from Monday, an hour later than now.",
                               "- The last boat back leaves the island at ten at night."]
    assert paragraphs[5:7] == ["Live", "11.04: The first boat left on time"]
    assert paragraphs[7].startswith("Ferry 2:")
    # Nothing above the first paragraph (a headline or a kicker is set there), no list of links.
    assert paragraphs[0].startswith("Ferry 0:")
    assert not any("Schools" in paragraph or "Bridges" in paragraph for paragraph in paragraphs)


@pytest.mark.parametrize("byline", ["Priya Nakamura", "By Priya Nakamura and Owen Gallagher",
                                    "Von Priya Nakamura, Hafenstadt", "Priya Nakamura 기자 외 1명"])
def test_the_byline_set_in_the_body_is_not_its_text(byline):
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", "name": '
            '"Priya Nakamura"}, {"@type": "Person", "name": "Owen Gallagher"}]}</script>')
    said = "<p>Priya Nakamura said the harbour office had not answered her questions by Friday evening.</p>"
    body = extract(_article_page(f"<p>{byline}</p>{FERRY_STORY}{said}", head), BRIEF_URL)["articleBody"]
    assert body.startswith("Ferry 0:")
    assert body.endswith(said[3:-4])


def test_a_standfirst_set_as_several_paragraphs_is_put_back_whole():
    sentences = ["The early crossing moves to seven from Monday.", "The last boat back leaves at ten.",
                 "Islanders say the change came without warning."]
    head = f'<meta name="description" content="{" ".join(sentences)}">'
    shown = "".join(f"<p>{sentence}</p>" for sentence in sentences)
    html = _article_page(f'<div class="preamble">{shown}<figure><img src="/ferry.jpg"></figure></div>'
                         f'<div class="article-body">{FERRY_STORY}</div>', head=head)
    paragraphs = extract(html, BRIEF_URL)["articleBody"].split("\n\n")
    assert paragraphs[:4] == [*sentences, FERRY_STORY_PARAGRAPHS[0][3:-4]]


@pytest.mark.parametrize("meta, authors, agency", [
    ('<meta name="cXenseParse:author" content="Priya Nakamura">', [{"name": "Priya Nakamura"}], None),
    ('<meta name="articleAuthor" content="Anadolu Ajansı">', [], "AA"),
])
def test_authors_from_the_author_metas_of_other_systems(meta, authors, agency):
    # The structured data credits only the site, as many CMSs do by default.
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization", '
            '"name": "Island News"}}</script>' + meta)
    item = extract(_article_page(FERRY_STORY, head), BRIEF_URL)
    assert (item["authors"], item["agency"]) == (authors, agency)


def test_a_paragraph_inside_a_link_is_a_teaser_not_the_story():
    teasers = "".join(f'<li><a href="/local/2025/03/story-{n}"><div><p>Island council {n} votes on the new harbour '
                      f'wall after a year of talks with the ferry company and the islanders</p></div></a></li>'
                      for n in range(3))
    html = _page_trafilatura_finds_no_frame_in(f'{FERRY_STORY}<div class="more"><ul>{teasers}</ul></div>')
    body = extract(html, BRIEF_URL)["articleBody"]
    assert "Ferry 5: the harbour office" in body
    assert "Island council" not in body


def test_lists_nested_in_lists_cost_no_climb_to_the_top_each():
    """100 chains of 120 lists, each the only child of its parent: climbing from every list to
    its outermost wrapper took 2.6 s on these 24,000 elements; a few levels each, a few ms."""
    import time

    from newscrawl.extractors.body_lines import with_subheadings

    story = "<p>Ferry news: the early crossing moves to seven in the morning from Monday.</p>"
    chain = "<ul><li>" * 120 + "x" + "</li></ul>" * 120
    root = HtmlPage(url=BRIEF_URL, html=f"<html><body><div>{story}{f'<div>{chain}</div>{story}' * 100}"
                                        "</div></body></html>").root
    started = time.monotonic()
    with_subheadings(root, ["Ferry news: the early crossing moves to seven in the morning from Monday."])
    assert time.monotonic() - started < 1


def test_empty_headings_are_walked_past_once():
    """5,000 empty headings after one with text: each walking past all the empty ones after it
    would be 12 million steps; once, from the heading with text, 5,000."""
    import time

    from newscrawl.extractors.body_lines import with_subheadings

    story = ["Ferry news: the early crossing moves to seven in the morning from Monday.",
             "Islanders queue at the harbour for the first boat of the new timetable."]
    root = HtmlPage(url=BRIEF_URL, html=f"<html><body><div><p>{story[0]}</p><h2>Live</h2>{'<h2></h2>' * 5000}"
                                        f"<p>{story[1]}</p></div></body></html>").root
    started = time.monotonic()
    paragraphs = with_subheadings(root, story)
    assert time.monotonic() - started < 1
    assert paragraphs == [story[0], "Live", story[1]]


def test_a_page_of_thousands_of_tiny_blocks_is_read_without_trafilatura_s_slow_fallbacks():
    """12,000 one-letter blocks and a short story: trafilatura's jusText fallback took 21 s."""
    import time

    story = "<p>" + " ".join(["The harbour office said the early crossing moves to seven in the morning."] * 12) + "</p>"
    html = _article_page(story).replace("<body>", "<body><div class=\"top\">" + "<div>x</div>" * 12000 + "</div>")
    started = time.monotonic()
    item = extract(html, BRIEF_URL)
    assert time.monotonic() - started < 10
    assert item["articleBody"].startswith("The harbour office said")
