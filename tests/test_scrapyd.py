"""Deploying to Scrapyd: ``scrapyd-deploy`` builds the egg from the project as a user has it,
a real Scrapyd on loopback runs two jobs of it, and the jobs share one crawl through Redis."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .helpers import REPO, read_jsonl, wait_for
from .redis_server import RedisServer, free_port, needs_redis

pytestmark = [pytest.mark.crawl, needs_redis]

#: What a user's checkout holds besides tests and benchmarks (the egg is built from it).
PROJECT_FILES = ("newscrawl", "scrapy.cfg", "setup.py", "pyproject.toml", "requirements.txt")
JOBS_DEADLINE = 300.0

SCRAPYD_CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {home}/eggs
logs_dir = {home}/logs
dbs_dir = {home}/dbs
items_dir =
poll_interval = 0.2
max_proc = 2
"""


def _copy_project(to: Path) -> Path:
    to.mkdir()
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, to / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, to / name)
    return to


def _api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=30) as response:
        return json.loads(response.read())


class Scrapyd:
    """A Scrapyd on a free loopback port, its eggs, logs and queues under ``home``."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Scrapyd":
        self.home.mkdir()
        (self.home / "scrapyd.conf").write_text(SCRAPYD_CONF.format(port=self.port, home=self.home))
        self.output = (self.home / "scrapyd.out").open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=self.home, stdout=self.output,
                                     stderr=subprocess.STDOUT)
        wait_for(lambda: self._answers(), self.proc, what="Scrapyd to answer")
        assert self.proc.poll() is None, (self.home / "scrapyd.out").read_text()
        return self

    def _answers(self) -> bool:
        try:
            return _api(self.base, "daemonstatus.json")["status"] == "ok"
        except OSError:
            return False

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.output.close()


def test_scrapyd_deploy_builds_an_egg_of_the_package_and_two_jobs_share_a_crawl(tmp_path, sample_server):
    project = _copy_project(tmp_path / "project")
    with Scrapyd(tmp_path / "scrapyd") as scrapyd, RedisServer(tmp_path / "redis") as redis:
        # A deploy target of the user's own (scrapyd-deploy also reads $XDG_CONFIG_HOME/scrapy.cfg).
        config_home = tmp_path / "config"
        config_home.mkdir()
        (config_home / "scrapy.cfg").write_text(f"[deploy:loopback]\nurl = {scrapyd.base}/\nproject = newscrawl\n")
        deploy = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "loopback", "--version", "1"],
                                cwd=project, capture_output=True, text=True, timeout=300,
                                env={**os.environ, "XDG_CONFIG_HOME": str(config_home)})
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert '"status": "ok"' in deploy.stdout, deploy.stdout
        assert _api(scrapyd.base, "listspiders.json?project=newscrawl")["spiders"] == ["article"]
        eggs = list((scrapyd.home / "eggs" / "newscrawl").glob("*.egg"))
        assert len(eggs) == 1
        packed = {name.split("/", 1)[0] for name in zipfile.ZipFile(eggs[0]).namelist()}
        assert packed == {"newscrawl", "EGG-INFO"}  # no tests, no benchmarks

        site = sample_server.site
        jobs = []
        for worker in ("w1", "w2"):
            answer = _api(scrapyd.base, "schedule.json", [
                ("project", "newscrawl"), ("spider", "article"), ("url", ",".join(site.start_urls)),
                ("setting", f"NEWSCRAWL_REDIS_URL={redis.url}"), ("setting", f"NEWSCRAWL_WORKER_ID={worker}"),
                ("setting", "NEWSCRAWL_REDIS_IDLE_TIMEOUT=1"), ("setting", "DOWNLOAD_DELAY=0.05"),
                ("setting", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / worker / 'output'}"),
                ("setting", f"NEWSCRAWL_STATE_PATH={tmp_path / worker / 'state.sqlite3'}"),
            ])
            assert answer["status"] == "ok", answer
            jobs.append(answer["jobid"])

        def finished() -> bool:
            listed = _api(scrapyd.base, "listjobs.json?project=newscrawl")
            return {job["id"] for job in listed["finished"]} >= set(jobs)

        assert wait_for(finished, scrapyd.proc, deadline=JOBS_DEADLINE, what="both jobs to finish")
        logs = [(scrapyd.home / "logs" / "newscrawl" / "article" / f"{job}.log").read_text() for job in jobs]

    for log in logs:
        assert "Spider closed (finished)" in log, log[-3000:]
        assert "ERROR" not in log, log[-3000:]
    files = {w: read_jsonl((tmp_path / w / "output").glob(f"articles-*-{w}.jsonl")) for w in ("w1", "w2")}
    assert all(files.values()), {w: len(items) for w, items in files.items()}  # both jobs did work
    urls = [item["url"] for items in files.values() for item in items]
    assert len(urls) == len(set(urls)) == 44  # the sample site's 64 articles less its 20 mirror copies
