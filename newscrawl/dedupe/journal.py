"""Crash-safe output files: ``articles-<stamp>.jsonl.part``, renamed when complete.

Lines are written with Scrapy's JSON Lines exporter and flushed one by one;
:meth:`Journal.sync` makes them durable (fsync) and only then may the caller
commit the state rows of those articles. After a crash, :func:`recover` keeps
every complete line of a left-over ``.part`` file, drops a torn last line and
gives the kept items back so their state can be recorded before the new run.
"""

from __future__ import annotations

import json
import logging
import os
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


def recover(output_dir: Path) -> list[tuple[Path, list[dict], int]]:
    """Finish every left-over ``.part`` file in ``output_dir``.

    Returns ``(final path, kept items, dropped line count)`` per file.
    """
    recovered = []
    for part in sorted(output_dir.glob(f"articles-*.jsonl{PART_SUFFIX}")):
        data = part.read_bytes()
        items, good_bytes, dropped = [], 0, 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                dropped += 1  # torn by the crash: its article will be crawled again
                break
            try:
                items.append(json.loads(line))
            except ValueError:
                dropped += 1
                break
            good_bytes += len(line)
        with part.open("r+b") as fh:
            fh.truncate(good_bytes)
            fh.flush()
            os.fsync(fh.fileno())
        final = part.with_name(part.name[: -len(PART_SUFFIX)])
        if items:
            os.replace(part, final)
        else:
            part.unlink()
        _fsync_dir(output_dir)
        logger.warning("Recovered %s from an interrupted run: %d complete articles kept, %d torn line(s) dropped",
                       final.name, len(items), dropped)
        recovered.append((final, items, dropped))
    return recovered


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
