"""A tired operator: cron started from anywhere, the README's crontab line on a fresh
clone, a full disk, a hung page and a SIGTERM, ``scrapy shell`` and ``scrapy parse``."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time

import pytest

from newscrawl.config import _browser_path

from .helpers import REPO, StaticSite, cron_cmd, outputs, read_jsonl, run_cron, wait_for
from .hostile_site import HostileSite, article, static
from .rendering_site import STORIES as SCRIPT_STORIES, scripted
from .test_hostile import LOAD_THEN_HANG

pytestmark = pytest.mark.crawl
BROWSER = _browser_path(None)


def one_page_site() -> HostileSite:
    """One article whose lists lead nowhere (404s): nothing for the browser to fill."""
    lists = [("/gone.html", "Gone")]
    return HostileSite({"/a.html": static(article(related=lists, ranking=lists, recommendation=lists))})


def test_cron_started_outside_the_project_uses_newscrawls_settings(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    with one_page_site() as site:
        proc = subprocess.run([sys.executable, "-m", "newscrawl.cron", "-a", f"url={site.origin}/a.html",
                               "-s", "NEWSCRAWL_STATS_FILE=stats.json"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert f"output {tmp_path / 'output'}" in proc.stderr  # paths relative to where it ran, shown in full
    assert len(read_jsonl((tmp_path / "output").glob("articles-*.jsonl"))) == 1
    assert (tmp_path / ".newscrawl" / "state.sqlite3").exists()
    stats = json.loads((tmp_path / "stats.json").read_text())  # written by newscrawl's own extension
    assert stats["newscrawl/written"] == 1
    log = next((tmp_path / "logs").glob("run-*.log")).read_text()
    assert "Telnet console listening" not in log


def readme_crontab_line() -> str:
    block = re.search(r"```cron\n(.+?)\n```", (REPO / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    return block.strip().split(None, 5)[5]  # the command, after the five schedule fields


@pytest.mark.skipif(not (REPO / ".venv" / "bin" / "python").exists(), reason="the crontab line runs .venv/bin/python (make install)")
def test_the_readmes_crontab_line_works_on_a_fresh_clone(tmp_path):
    project = tmp_path / "newscrawl-clone"
    project.mkdir()
    for name in ("newscrawl", "scrapy.cfg", ".venv"):
        (project / name).symlink_to(REPO / name)
    command = readme_crontab_line()
    assert "/srv/newscrawl" in command
    with one_page_site() as site:
        (project / "start-urls.txt").write_text(f"{site.origin}/a.html\n", encoding="utf-8")
        proc = subprocess.run(["/bin/sh", "-c", command.replace("/srv/newscrawl", str(project))],
                              capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "newscrawl: ok: 1 new" in (project / "logs" / "cron.err").read_text()
    assert len(read_jsonl((project / "output").glob("articles-*.jsonl"))) == 1


def test_a_logs_directory_that_cannot_be_written_is_one_clear_line(tmp_path):
    (tmp_path / "logs").write_text("not a directory")
    proc = run_cron(tmp_path, "-a", "url=http://127.0.0.1:9/a.html")
    assert proc.returncode == 1
    assert proc.stderr.startswith("newscrawl: FAILED: cannot write the run's log")
    assert "Traceback" not in proc.stderr


def test_a_full_disk_fails_the_run_and_the_next_run_writes_nothing_twice(tmp_path):
    from . import chain_site

    def small_files() -> None:
        # Every file the run writes may grow to 128 KiB: the state (or the output) fills up mid-run.
        resource.setrlimit(resource.RLIMIT_FSIZE, (128 * 1024, 128 * 1024))

    articles = 90
    with StaticSite(chain_site.routes(articles)) as site:
        start = ("-a", f"url={site.origin}{chain_site.page_path(0)}", "-a", "depth=200")
        full = subprocess.run(cron_cmd(tmp_path, *start, "-s", "NEWSCRAWL_SYNC_EVERY=5", "-s", "LOG_LEVEL=WARNING"),
                              cwd=REPO, capture_output=True, text=True, timeout=300, preexec_fn=small_files)
        assert full.returncode == 1, full.stderr
        assert re.search(r"FAILED \(the (output|crawl state) could not be written\)", full.stderr), full.stderr
        again = run_cron(tmp_path, *start)
    assert again.returncode == 0, again.stderr
    headlines = [item["headline"] for item in read_jsonl(outputs(tmp_path))]
    assert len(headlines) == len(set(headlines)), "a story written twice"
    assert set(headlines) == {chain_site.headline(i) for i in range(articles)}


@pytest.mark.skipif(BROWSER is None, reason="no Chromium found (apt-get install chromium); .ci/run installs it")
def test_sigterm_stops_a_run_held_by_a_page_that_never_yields(tmp_path):
    page = scripted(SCRIPT_STORIES[5], 0, {"related": [], "ranking": [], "recommendation": []}).decode()
    with HostileSite({"/hang.html": static(page.replace("</body>", LOAD_THEN_HANG + "</body>").encode())}) as site:
        proc = subprocess.Popen(cron_cmd(tmp_path, "-a", f"url={site.origin}/hang.html", "-s", "DOWNLOAD_TIMEOUT=5",
                                         "-s", "NEWSCRAWL_RENDER_TIMEOUT=2"),
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            def browser_started():
                logs = list((tmp_path / "logs").glob("run-*.log"))
                return logs and "Browser chromium launched" in logs[0].read_text()
            assert wait_for(browser_started, proc, what="the browser to start")
            signalled = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=120)
        finally:
            proc.kill()
    took = time.monotonic() - signalled
    # DOWNLOAD_TIMEOUT (5 s) plus the render deadline (2 × 2 s + 5 s), with room for a busy machine.
    assert took < 3 * (5 + 9), f"SIGTERM took {took:.0f} s"
    assert proc.returncode == 1 and "finish reason shutdown" in stderr


def test_scrapy_shell_and_scrapy_parse_work_in_the_project(tmp_path):
    with one_page_site() as site:
        url = f"{site.origin}/a.html"
        shell = subprocess.run([sys.executable, "-m", "scrapy", "shell", url, "-c", "response.status"],
                               cwd=REPO, capture_output=True, text=True, timeout=120)
        parse = subprocess.run([sys.executable, "-m", "scrapy", "parse", "--spider", "article", url,
                                "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path}"],
                               cwd=REPO, capture_output=True, text=True, timeout=120)
    assert shell.returncode == 0 and shell.stdout.strip() == "200", shell.stderr[-2000:]
    assert parse.returncode == 0, parse.stderr[-2000:]
    assert "'extractor': 'template'" in parse.stdout and f"'url': '{url}'" in parse.stdout
