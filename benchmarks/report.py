"""The figures of the last run of each benchmark, kept in ``benchmarks/results.json`` and shown in
the README between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``.

``benchmarks.run`` (``make bench``) records the rows of the sections it ran, with the date and the
machine, and rewrites the README's table from the file; ``benchmarks.extraction_quality`` rewrites
the README's quality tables. So no figure in the README differs from what the code last measured
(``tests/test_benchmarks.py`` and ``tests/test_extraction_quality.py`` check it).
"""

from __future__ import annotations

import json
import os
import platform
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results.json"
README = REPO / "README.md"
#: The order of the sections in the README's table.
SECTIONS = ("throughput", "peer", "state", "frontier", "extraction", "generic", "memory", "rendering", "dedupe", "shared")


def machine() -> str:
    return f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def load(path: Path = RESULTS) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def record(rows: dict[str, list[str]], path: Path = RESULTS) -> dict:
    """Keep ``rows`` (section → table rows) as the sections' last run; other sections stay."""
    results = load(path)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    for section, section_rows in rows.items():
        results[section] = {"measured": stamp, "machine": machine(), "rows": section_rows}
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return results


def bench_table(results: dict) -> str:
    lines = ["| benchmark | figures | ratio |", "|---|---|---:|"]
    for section in SECTIONS:
        lines += results.get(section, {}).get("rows", [])
    runs = "; ".join(f"{s} {results[s]['measured']}" for s in SECTIONS if s in results)
    machines = sorted({results[s]["machine"] for s in SECTIONS if s in results})
    lines += ["", f"Last run of each section: {runs}. Machine: {'; '.join(machines)}."]
    return "\n".join(lines)


def block(name: str, text: str | None = None) -> str:
    """The README's block ``name``; with ``text``, first replaced by it."""
    readme = README.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->\n", f"\n<!-- {name}:end -->"
    head, found, rest = readme.partition(start)
    if not found or end not in rest:
        raise RuntimeError(f"README.md has no {start.strip()} … {end.strip()} block")
    current, _, tail = rest.partition(end)
    if text is not None:
        README.write_text(head + start + text + end + tail, encoding="utf-8")
        return text
    return current
