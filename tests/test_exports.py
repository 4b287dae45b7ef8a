"""CSV and XML exports keep nested and missing values readable (a real crawl, both files at once)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from . import sources_site
from .helpers import REPO

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("exports")
    with sources_site.serve() as server:
        proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "article", "-a", f"url={server.origin}/feed.rss",
                               "-o", str(tmp / "items.csv"), "-o", str(tmp / "items.xml"), "-o", str(tmp / "items.jsonl"),
                               "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp / 'output'}"],
                              cwd=REPO, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return tmp


def test_csv_holds_nested_fields_as_json(exported):
    with (exported / "items.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = [json.loads(line) for line in (exported / "items.jsonl").read_text().splitlines()]
    assert len(rows) == len(lines) == sources_site.ARTICLES
    by_url = {line["url"]: line for line in lines}
    for row in rows:
        line = by_url[row["url"]]
        for name in ("discovery", "links", "metadata", "authors", "breadcrumbs"):
            assert json.loads(row[name]) == line[name], name
        assert "{'" not in row["discovery"]


def test_xml_leaves_nulls_empty(exported):
    root = ET.parse(exported / "items.xml").getroot()
    items = root.findall("item")
    assert len(items) == sources_site.ARTICLES
    texts = [el.text for item in items for el in item.iter()]
    assert "None" not in texts
    for item in items:
        assert item.find("dateModified").text is None  # the pages give none
        assert item.find("discovery/via").text == "feed"
        assert item.find("metadata/rendered").text == "false"
