"""newscrawl as a package: pins in step, the output schema shipped and current, and
``pip install`` into a fresh virtual environment followed by crawls from another directory."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from newscrawl import schema

from . import sources_site
from .helpers import REPO, valid_articles

PIN_RE = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)$")


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            match = PIN_RE.match(line)
            assert match, f"not an exact pin: {line!r}"
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_pyproject_declares_the_pins_of_requirements_txt():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _pins(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared.update(_pins(extra))
    assert declared == _pins((REPO / "requirements.txt").read_text(encoding="utf-8").splitlines())


def test_the_shipped_schema_is_generated_from_the_item():
    assert schema.SCHEMA_PATH.read_text(encoding="utf-8") == schema.render(), \
        "run: python -m newscrawl.schema --write"


def test_the_schema_refuses_a_line_it_does_not_describe():
    line = {field: None for field in schema.article_schema()["properties"]}
    line.update(url="http://127.0.0.1/a", authors=[], breadcrumbs=[], links={}, wordCount=3,
                discovery={"via": "start", "fromUrl": None, "depth": 0},
                metadata={"dateDownloaded": "2026-01-01T00:00:00Z", "extractor": "generic", "statusCode": 200,
                          "rendered": False, "renderReason": None})
    valid_articles([line])
    with pytest.raises(AssertionError, match="via"):
        valid_articles([{**line, "discovery": {**line["discovery"], "via": "teleport"}}])
    with pytest.raises(AssertionError, match="Additional properties"):
        valid_articles([{**line, "surprise": 1}])


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with newscrawl installed by pip from a copy of the project
    that holds output/ and logs/ folders (as one does after a crawl). The dependencies are
    the ones this test runs with, made visible through a .pth file, so nothing is downloaded."""
    root = tmp_path_factory.mktemp("package")
    source = root / "project"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                           text=True, check=True).stdout.split("\n")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    for folder in ("output", "logs", "output-old"):
        (source / folder).mkdir(exist_ok=True)
        (source / folder / "run.log").write_text("left by a crawl\n")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    (site_packages / "newscrawl-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index",
                          "--no-build-isolation", str(source)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv


def test_install_declares_dependencies_and_leaves_tests_out(installed):
    probe = ("import importlib.metadata as m, importlib.util as u, json, newscrawl;"
             "print(json.dumps([newscrawl.__file__, m.requires('newscrawl'), u.find_spec('tests') is None,"
             " u.find_spec('benchmarks') is None]))")
    where, requires, no_tests, no_benchmarks = json.loads(subprocess.run(
        [str(installed / "bin" / "python"), "-c", probe], cwd="/", capture_output=True, text=True, check=True).stdout)
    assert where.startswith(str(installed))
    assert "scrapy==2.19.0" in requires and "feedparser==6.0.12" in requires
    assert no_tests and no_benchmarks


def test_the_console_command_crawls_from_any_directory(installed, tmp_path):
    with sources_site.serve() as server:
        crawl = subprocess.run([str(installed / "bin" / "newscrawl"), "crawl", "-a", f"url={server.origin}/feed.atom",
                                "-O", "items.jsonl", "-s", "LOG_LEVEL=INFO"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    items = valid_articles([json.loads(line) for line in (tmp_path / "items.jsonl").read_text().splitlines()])
    assert len(items) == sources_site.ARTICLES
    assert {item["discovery"]["via"] for item in items} == {"feed"}


def test_the_console_command_extracts_a_saved_page_and_shows_the_state(installed, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(sources_site.routes()[sources_site.path(1)][2])
    extract = subprocess.run([str(installed / "bin" / "newscrawl"), "extract", str(page), "--url",
                              "http://127.0.0.1/news/2025/05/story-about-the-town-1001.html"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert extract.returncode == 0, extract.stderr
    assert json.loads(extract.stdout)["headline"] == sources_site.headline(1)
    status = subprocess.run([str(installed / "bin" / "newscrawl"), "status", "-s",
                             f"NEWSCRAWL_STATE_PATH={tmp_path / 'state.sqlite3'}"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "no state file" in status.stderr
    unknown = subprocess.run([str(installed / "bin" / "newscrawl"), "crawll"], capture_output=True, text=True)
    assert unknown.returncode == 2 and "unknown command 'crawll'" in unknown.stderr
