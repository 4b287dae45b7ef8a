"""Rewrite the golden expectations from what the extractor returns now.

    python scripts/regenerate_golden.py            # every case
    python scripts/regenerate_golden.py classic    # one case

Review the diff (``git diff tests/fixtures``) before committing: a changed
expectation is a changed behaviour.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newscrawl.extractors import HtmlPage, extract_page  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "template"


def expected_for(case: Path) -> dict:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    page = HtmlPage(url=meta["url"], html=(case / "input.html").read_text(encoding="utf-8"))
    result = extract_page(page)
    out: dict = {"extractor": result.extractor, "skip_reason": result.skip_reason}
    if result.fields is not None:
        out["fields"] = result.fields
    out["links"] = result.links
    return out


def main(names: list[str]) -> None:
    cases = [FIXTURES / n for n in names] if names else sorted(p for p in FIXTURES.iterdir() if p.is_dir())
    for case in cases:
        path = case / "expected.json"
        path.write_text(json.dumps(expected_for(case), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
