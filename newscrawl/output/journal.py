"""Crash-safe output files: ``articles-<stamp>.jsonl.part``, renamed when complete.

Lines are written with Scrapy's JSON Lines exporter and flushed one by one;
:meth:`Journal.sync` makes them durable (fsync) and only then may the caller
commit the state rows of those articles. After a crash, :func:`left_overs` reads
every complete line of a left-over ``.part`` file, so the entry point can
record their state; :func:`finish_left_over` then drops a torn last line and
renames the file.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scrapy.exporters import JsonLinesItemExporter

logger = logging.getLogger(__name__)

PART_SUFFIX = ".part"


def output_name(stamp: str) -> str:
    return f"articles-{stamp}.jsonl"


class Journal:
    def __init__(self, output_dir: Path, stamp: str) -> None:
        self.final = output_dir / output_name(stamp)
        self.part = self.final.with_name(self.final.name + PART_SUFFIX)
        self.count = 0
        self._file = None
        self._exporter = None

    def write(self, item) -> None:
        if self._file is None:
            self.part.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.part.open("ab")
            self._exporter = JsonLinesItemExporter(self._file, encoding="utf-8", ensure_ascii=False)
            self._exporter.start_exporting()
        self._exporter.export_item(item)
        self._file.flush()
        self.count += 1

    def sync(self) -> None:
        if self._file is not None:
            os.fsync(self._file.fileno())

    def abandon(self) -> None:
        """Close the file after a write failed; it stays a ``.part`` for the next run to recover."""
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass  # the buffered bytes that failed to write fail again: the next run recovers what is there
            self._file = None

    def finish(self) -> Path | None:
        """Make the file durable and give it its final name; ``None`` when nothing was written."""
        if self._file is None:
            return None
        self._exporter.finish_exporting()
        self.sync()
        self._file.close()
        self._file = None
        os.replace(self.part, self.final)
        _fsync_dir(self.final.parent)
        return self.final


@dataclass
class LeftOver:
    """A ``.part`` file an interrupted run left behind, read up to its last complete line."""

    part: Path
    items: list[dict]
    good_bytes: int
    dropped: int

    @property
    def final(self) -> Path:
        return self.part.with_name(self.part.name[: -len(PART_SUFFIX)])

    @property
    def run(self) -> str:
        """The stamp of the run that wrote it (``articles-<stamp>.jsonl``)."""
        return self.final.name[len("articles-"):-len(".jsonl")]


def left_overs(output_dir: Path, run_suffix: str = "") -> Iterator[LeftOver]:
    """Every left-over ``.part`` file in ``output_dir`` (of runs whose id ends in ``run_suffix``),
    one at a time, read but not changed."""
    for part in sorted(output_dir.glob(f"articles-*{run_suffix}.jsonl{PART_SUFFIX}")):
        items, good_bytes, dropped = [], 0, 0
        for line in part.read_bytes().splitlines(keepends=True):
            if not line.endswith(b"\n"):
                dropped += 1  # torn by the crash: its article will be crawled again
                break
            try:
                items.append(json.loads(line))
            except ValueError:
                dropped += 1
                break
            good_bytes += len(line)
        yield LeftOver(part, items, good_bytes, dropped)


def written_urls(output_dir: Path, run: str) -> set[str]:
    """URLs of the complete lines of ``run``'s file, finished or left over (none if it has none)."""
    final = output_dir / output_name(run)
    for path in (final, final.with_name(final.name + PART_SUFFIX)):
        if path.exists():
            return {json.loads(line)["url"] for line in path.read_bytes().splitlines(keepends=True)
                    if line.endswith(b"\n") and _is_json(line)}
    return set()


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def finish_left_over(left: LeftOver) -> Path | None:
    """Cut the torn line off and give the file its final name (remove it when nothing is kept).

    Call it only once the kept articles are recorded in the state: a crash in
    between then finds the ``.part`` file again and records nothing twice."""
    with left.part.open("r+b") as fh:
        fh.truncate(left.good_bytes)
        fh.flush()
        os.fsync(fh.fileno())
    if left.items:
        os.replace(left.part, left.final)
    else:
        left.part.unlink()
    _fsync_dir(left.part.parent)
    logger.warning("Recovered %s from an interrupted run: %d complete articles kept, %d torn line(s) dropped",
                   left.final.name, len(left.items), left.dropped)
    return left.final if left.items else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
