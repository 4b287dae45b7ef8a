"""Bad input ends in a clear message or a counted, logged skip — never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import REPO, StaticSite, cron_cmd, run_crawl

pytestmark = pytest.mark.crawl
FIXTURES = Path(__file__).parent / "fixtures" / "template"


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "article", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "args,message",
    [
        (("-a", "url=notaurl"), "invalid start URL 'notaurl'"),
        (("-a", "url=ftp://example.invalid/x"), "invalid start URL"),
        (("-a", "depth=two"), "-a depth must be a whole number"),
        (("-a", "sections=related,popular"), "-a sections must be"),
        (("-a", "urls_file=/nonexistent/urls.txt"), "cannot read -a urls_file=/nonexistent/urls.txt"),
        (("-a", "urls=http://127.0.0.1:9/a.html"), "unknown argument 'urls'; did you mean 'url'?"),
        (("-a", "dept=0"), "unknown argument 'dept'; did you mean 'depth'?"),
        (("-a", "foo=bar"), "unknown argument 'foo'"),
        (("-a", "allowed_domains=example.invalid"), "unknown argument 'allowed_domains'; did you mean 'hosts'?"),
        (("-a", "url="), "-a url is empty"),
        (("-a", "url= , "), "-a url is empty"),
        (("-s", "DOWNLOAD_TIMEOUT=abc"), "DOWNLOAD_TIMEOUT must be a number, got 'abc'"),
        (("-s", "CONCURRENT_REQUESTS=abc"), "CONCURRENT_REQUESTS must be a whole number, got 'abc'"),
        (("-s", "CONCURRENT_REQUESTS=0"), "CONCURRENT_REQUESTS must be between 1"),
        (("-s", "ROBOTSTXT_OBEY=perhaps"), "ROBOTSTXT_OBEY must be true or false"),
        (("-s", "NEWSCRAWL_MAX_LINKS_PER_LIST=none"), "NEWSCRAWL_MAX_LINKS_PER_LIST must be a whole number"),
    ],
)
def test_bad_arguments_are_usage_errors(args, message, tmp_path):
    out = tmp_path / "output"
    proc = scrapy_crawl(*args, "-s", f"NEWSCRAWL_OUTPUT_DIR={out}")
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists(), "a usage error writes nothing (and never crawls the sample site)"


@pytest.mark.parametrize("content", ["", "# only a comment\n\n   \n"])
def test_an_empty_urls_file_is_a_usage_error_for_both_entry_points(tmp_path, content):
    urls = tmp_path / "urls.txt"
    urls.write_text(content, encoding="utf-8")
    crawl = scrapy_crawl("-a", f"urls_file={urls}", "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'output'}")
    cron = subprocess.run(cron_cmd(tmp_path, "-a", f"urls_file={urls}"), cwd=REPO, capture_output=True, text=True, timeout=120)
    for proc in (crawl, cron):
        assert proc.returncode == 2
        assert f"-a urls_file={urls} holds no URL" in proc.stderr
    assert not (tmp_path / "output").exists() and not (tmp_path / "state").exists()


def test_a_misspelt_argument_to_cron_exits_2_with_a_hint(tmp_path):
    proc = subprocess.run(cron_cmd(tmp_path, "-a", "urls=http://127.0.0.1:9/a.html"), cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "unknown argument 'urls'; did you mean 'url'?" in proc.stderr
    assert not (tmp_path / "output").exists() and not (tmp_path / "state").exists()


def test_an_output_that_cannot_be_written_fails_the_run(tmp_path):
    classic = (FIXTURES / "classic" / "input.html").read_bytes()
    with StaticSite({"/a.html": (200, "text/html; charset=utf-8", classic)}) as site:
        proc = scrapy_crawl("-a", f"url={site.origin}/a.html", "-a", "depth=0", "-O", "/dev/full:jsonl")
    assert proc.returncode == 1
    assert "newscrawl: FAILED (the output could not be written)" in proc.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_start_url_is_logged_and_counted(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/html/abcdefghij.html"
    result = run_crawl(tmp_path, "-a", f"url={url}", "-s", "RETRY_TIMES=0")
    assert result.stats["newscrawl/errors/start_failed"] == 1
    assert f"Start URL failed: {url}" in result.log
    # Scrapy's robots.txt middleware logs its own traceback for the refused
    # robots.txt; none may come from newscrawl, and the run must end normally.
    assert f'File "{REPO / "newscrawl"}' not in result.log
    assert result.stats["finish_reason"] == "finished"
    assert result.items == []


def test_bad_responses_are_counted_skips_and_the_crawl_goes_on(tmp_path):
    classic = (FIXTURES / "classic" / "input.html").read_bytes()
    bare = (FIXTURES / "bare" / "input.html").read_bytes()
    routes = {
        "/report.pdf": (200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        "/data.json": (200, "application/json", b'{"headline": "not a page"}'),
        "/empty.html": (200, "text/html; charset=utf-8", b""),
        "/blank.html": (200, "text/html; charset=utf-8", b"   \n  "),
        "/malformed.html": (200, "text/html; charset=utf-8", bare.replace(b"</p>", b"").replace(b"</div>", b"<div>")),
        "/binary.html": (200, "text/html", bytes(range(256)) * 4),
        "/good.html": (200, "text/html; charset=utf-8", classic),
    }
    with StaticSite(routes) as site:
        urls_file = tmp_path / "urls.txt"
        urls_file.write_text(
            "# start pages for the bad-input test\n\n"
            + "".join(f"{site.origin}{path}\n" for path in routes)
            + f"{site.origin}/good.html?utm_source=newsletter  # same page again\n",
            encoding="utf-8",
        )
        result = run_crawl(tmp_path, "-a", f"urls_file={urls_file}", "-a", "depth=0")
    assert result.returncode == 0
    assert "Traceback" not in result.log
    stats = result.stats
    assert stats["newscrawl/skipped/not_html"] == 2
    assert stats["newscrawl/skipped/empty"] == 2
    assert {item["url"] for item in result.items} == {f"{site.origin}/malformed.html", f"{site.origin}/good.html"}
    assert sorted(site.requests).count("/good.html") == 1
    skipped = {k: v for k, v in stats.items() if k.startswith("newscrawl/skipped/")}
    assert sum(skipped.values()) == 5, skipped  # the binary page is a counted skip too
