"""Shared test helpers: run the real ``scrapy crawl`` in a subprocess, serve pages on loopback."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Every line a crawl writes must match the schema newscrawl ships.
ARTICLE_SCHEMA = REPO / "newscrawl" / "article.schema.json"
SHARED = REPO.parent / "shared"
CRAWL_TIMEOUT = 180


@dataclass
class CrawlResult:
    returncode: int
    items: list[dict]
    stats: dict
    log: str
    stderr: str
    duplicates: list[dict]


def guarded_env(connect_log: Path) -> dict[str, str]:
    """The environment of a crawl whose attempts beyond loopback go to ``connect_log``
    (tests/netguard refuses them)."""
    return {**os.environ, "NEWSCRAWL_TEST_CONNECT_LOG": str(connect_log)}


def attempted(connect_log: Path) -> list[str]:
    """What a crawl run with :func:`guarded_env` tried to reach beyond loopback."""
    return connect_log.read_text(encoding="utf-8").splitlines() if connect_log.exists() else []


def run_crawl(tmp_path: Path, *args: str, output: bool = True, timeout: int = CRAWL_TIMEOUT,
              env: dict[str, str] | None = None) -> CrawlResult:
    """``scrapy crawl article ARGS`` in the repository, output and stats under ``tmp_path``."""
    out = tmp_path / "items.jsonl"
    stats = tmp_path / "stats.json"
    log = tmp_path / "crawl.log"
    out_dir = tmp_path / "output"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "article", *args,
           "-s", f"NEWSCRAWL_STATS_FILE={stats}", "-s", "AUTOTHROTTLE_ENABLED=False",
           "-s", f"NEWSCRAWL_OUTPUT_DIR={out_dir}",
           "-s", "LOG_LEVEL=DEBUG", "--logfile", str(log)]
    if output:
        cmd += ["-O", str(out)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env)
    items = []
    if out.exists():
        items = valid_articles([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()])
    return CrawlResult(
        returncode=proc.returncode,
        items=items,
        stats=json.loads(stats.read_text()) if stats.exists() else {},
        log=log.read_text(encoding="utf-8") if log.exists() else "",
        stderr=proc.stderr,
        duplicates=read_jsonl(out_dir.glob("duplicates-*.jsonl")),
    )


def cron_cmd(tmp_path: Path, *args: str) -> list[str]:
    """``python -m newscrawl.cron ARGS`` with its state, output, logs and stats under ``tmp_path``."""
    return [sys.executable, "-m", "newscrawl.cron", *args,
            "-s", f"NEWSCRAWL_STATE_PATH={tmp_path / 'state' / 'state.sqlite3'}",
            "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'output'}",
            "-s", f"NEWSCRAWL_LOGS_DIR={tmp_path / 'logs'}",
            "-s", f"NEWSCRAWL_STATS_FILE={tmp_path / 'stats.json'}",
            "-s", "AUTOTHROTTLE_ENABLED=False"]


def run_cron(tmp_path: Path, *args: str, timeout: int = CRAWL_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(cron_cmd(tmp_path, *args), cwd=REPO, capture_output=True, text=True, timeout=timeout)


def outputs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "output").glob("articles-*.jsonl"))


def wait_for(condition, proc: subprocess.Popen | None = None, deadline: float = 120.0, what: str = "progress"):
    """Poll ``condition()`` until it returns something true; ``None`` if ``proc`` ended first.

    Tests wait for progress (a line in a file, a log message), never for a fixed time."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        result = condition()
        if result:
            return result
        if proc is not None and proc.poll() is not None:
            return condition() or None
        time.sleep(0.01)
    raise AssertionError(f"no {what} within {deadline:.0f} s")


def new_part_lines(output_dir: Path, before: set[str]):
    """A condition: the number of complete lines in a ``.part`` file that was not in ``before``."""
    def lines() -> int:
        for part in output_dir.glob("articles-*.jsonl.part"):
            if part.name not in before:
                try:
                    return part.read_bytes().count(b"\n")
                except FileNotFoundError:
                    return 0
        return 0
    return lines


def read_jsonl(paths) -> list[dict]:
    """The lines of JSON Lines files; those of article files are checked against the schema."""
    rows = []
    for path in sorted(paths):
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows += valid_articles(lines) if path.name.startswith("articles-") else lines
    return rows


@functools.cache
def _article_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(ARTICLE_SCHEMA.read_text(encoding="utf-8")))


def valid_articles(items: list[dict]) -> list[dict]:
    """``items``, after asserting each matches newscrawl/article.schema.json."""
    validator = _article_validator()
    for item in items:
        errors = sorted(validator.iter_errors(item), key=str)
        assert not errors, f"{item.get('url')}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return items


class StaticSite:
    """A loopback server for hand-made responses: ``routes[path] = (status, content_type, body)``;
    for a redirect status, ``body`` is the ``Location``."""

    def __init__(self, routes: dict[str, tuple[int, str, bytes]]) -> None:
        self.routes = routes
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.requests.append(self.path)
                status, kind, body = site.routes.get(self.path, (404, "text/html", b"<html><body>Not found</body></html>"))
                self.send_response(status)
                if status in (301, 302, 303, 307, 308):
                    self.send_header("Location", body.decode())  # a redirect's body is where it points
                    body = b""
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "StaticSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
