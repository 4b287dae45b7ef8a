"""Judging a run's output: each monitor on its own (final stats in, result out), then real runs:
cron exits 3 on a failed monitor, every run writes its JSON report, the summary is printed
whatever LOG_LEVEL is, and a terminal gets a progress line."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys

import pytest
from scrapy.settings import Settings

from newscrawl import stats as keys
from newscrawl.config import NewscrawlConfig
from newscrawl.monitors import run_monitors

from . import sources_site
from .helpers import REPO, cron_cmd, run_cron

CONFIG = NewscrawlConfig.from_settings(Settings())


def _results(stats: dict, **settings) -> dict[str, bool]:
    config = NewscrawlConfig.from_settings(Settings(settings)) if settings else CONFIG
    return {r.name: r.ok for r in run_monitors(stats, config)}


def _good(**more) -> dict:
    return {keys.WRITTEN: 10, "downloader/request_count": 20, "response_received_count": 20,
            **{keys.COVERAGE_FIELD.format(f): 10 for f in ("headline", "articleBody", "datePublished")}, **more}


def test_a_good_run_passes_every_monitor():
    assert all(_results(_good()).values())


def test_coverage_of_a_field_below_its_share_fails():
    results = _results(_good(**{keys.COVERAGE_FIELD.format("datePublished"): 5}))
    assert results["coverage:datePublished"] is False and results["coverage:headline"] is True
    assert _results(_good(), NEWSCRAWL_MONITOR_MIN_COVERAGE='{"authors": 0.3}')["coverage:authors"] is False


def test_errors_below_the_run_limit_still_fail_the_monitor():
    stats = _good(**{keys.ERROR_KIND.format("TimeoutError"): 3})  # 15% of requests: under the 20% run limit
    assert _results(stats)["error_rate"] is False
    assert _results(stats, NEWSCRAWL_MONITOR_MAX_ERROR_RATE="0.2")["error_rate"] is True


def test_one_skip_reason_taking_most_pages_fails():
    assert _results(_good(**{keys.SKIPPED_REASON.format("too_short"): 11}))["skipped"] is False
    assert _results(_good(**{keys.SKIPPED_REASON.format("too_short"): 4}))["skipped"] is True
    # The user's own limits and filters are no sign of a broken site.
    assert _results(_good(**{keys.SKIPPED_REASON.format("max_articles_reached"): 16})).get("skipped", True) is True


def test_articles_per_list():
    stats = _good(**{keys.WRITTEN_VIA.format("related"): 2})
    results = _results(stats, NEWSCRAWL_MONITOR_MIN_PER_LIST='{"related": 3, "ranking": 0}')
    assert results["list:related"] is False and results["list:ranking"] is True


def test_nothing_found_fails_but_only_known_articles_is_a_quiet_run():
    nothing = {"downloader/request_count": 3, "response_received_count": 3}
    assert _results(nothing)["zero_items"] is False
    assert _results({**nothing, keys.SOURCES_KNOWN: 12})["zero_items"] is True
    assert "zero_items" not in _results(nothing, NEWSCRAWL_MONITOR_ZERO_ITEMS="0")
    # A worker of a shared crawl may find that the others did everything.
    assert "zero_items" not in _results(nothing, NEWSCRAWL_REDIS_URL="redis://127.0.0.1:1/0")


@pytest.fixture(scope="module")
def site():
    with sources_site.serve() as server:
        yield server


@pytest.mark.crawl
def test_cron_exits_3_on_a_failed_monitor_and_reports_it(site, tmp_path):
    proc = run_cron(tmp_path, "-a", f"url={site.origin}/feed.rss", "-s", 'NEWSCRAWL_MONITOR_MIN_COVERAGE={"authors": 0.5}')
    assert proc.returncode == 3, proc.stderr
    assert "MONITORS FAILED (coverage:authors: authors in 0% of articles (least 50%))" in proc.stderr
    [output] = (tmp_path / "output").glob("articles-*.jsonl")
    report = json.loads(output.with_name(output.name.replace("articles-", "report-").replace(".jsonl", ".json")).read_text())
    assert report["verdict"] == "ok" and report["monitorsFailed"] == 1
    assert report["written"] == sources_site.ARTICLES and report["writtenVia"] == {"feed": sources_site.ARTICLES}
    assert report["coverage"] == {"headline": 1.0, "articleBody": 1.0, "datePublished": 1.0, "authors": 0.0}
    assert report["timings"]["pages"] >= sources_site.ARTICLES and report["timings"]["seconds"] > 0
    # The next run meets only known articles: a quiet run, exit 0, its report in the output folder.
    again = run_cron(tmp_path, "-a", f"url={site.origin}/feed.rss")
    assert again.returncode == 0, again.stderr
    assert f"{sources_site.ARTICLES} known" in again.stderr
    quiet = [p for p in (tmp_path / "output").glob("report-*.json") if p.name != output.name.replace("articles-", "report-").replace(".jsonl", ".json")]
    assert len(quiet) == 1 and json.loads(quiet[0].read_text())["written"] == 0


@pytest.mark.crawl
def test_a_run_that_finds_nothing_exits_3(site, tmp_path):
    proc = run_cron(tmp_path, "-a", f"url={site.origin}/empty.rss")
    assert proc.returncode == 3, proc.stderr
    assert "zero_items: 0 articles written, 0 met already known" in proc.stderr


@pytest.mark.crawl
def test_the_summary_is_printed_whatever_the_log_level(site, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "article", "-a", f"url={site.origin}/feed.atom",
                           "-s", "LOG_LEVEL=WARNING", "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path}"],
                          cwd=REPO, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert f"articles written: {sources_site.ARTICLES} (feed {sources_site.ARTICLES})" in proc.stderr
    assert proc.stderr.count("newscrawl run finished") == 1
    assert "Disabled newscrawl.extensions.progress" not in proc.stderr
    # The feed export's file gets its report beside it; articles-* holds articles only.
    [written] = tmp_path.glob("articles-*")
    assert written.suffix == ".jsonl"
    [report] = tmp_path.glob("report-*.json")
    assert json.loads(report.read_text())["written"] == sources_site.ARTICLES


@pytest.mark.crawl
def test_a_terminal_gets_a_progress_line_and_cron_does_not(site, tmp_path):
    with sources_site.serve() as slow:
        # A download delay keeps the run going long enough for several updates; the test
        # reads the terminal until the run ends.
        master, child = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "article", "-a", f"url={slow.origin}/sitemap.xml",
             "-s", "LOG_LEVEL=ERROR", "-s", "NEWSCRAWL_PROGRESS_INTERVAL=0.05", "-s", "DOWNLOAD_DELAY=0.2",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path}"],
            cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=child)
        os.close(child)
        seen = b""
        try:
            while True:
                ready, _, _ = select.select([master], [], [], 120)
                assert ready, "no output on the terminal within 120 s"
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
        finally:
            proc.wait(timeout=180)
            os.close(master)
    text = seen.decode("utf-8", "replace")
    assert proc.returncode == 0, text[-2000:]
    lines = [part for part in text.split("\r\x1b[K") if part.startswith("newscrawl: ")]
    assert lines, text[-2000:]
    assert all(" pages, " in line and " articles written, " in line and "pages/s" in line for line in lines)
    # Cron (stderr not a terminal, and never in cron) prints its one summary line only.
    cron = subprocess.run(cron_cmd(tmp_path, "-a", f"url={site.origin}/feed.rss"), cwd=REPO,
                          capture_output=True, text=True, timeout=180)
    assert cron.returncode == 0, cron.stderr
    assert cron.stderr.count("\n") == 1 and "\x1b[K" not in cron.stderr
