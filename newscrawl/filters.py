"""``-a since`` and ``-a languages`` applied to an article once it is read."""

from __future__ import annotations

from datetime import date, datetime

#: Text read to detect a language when the page declares none.
DETECT_CHARS = 2_000

OLDER_THAN_SINCE = "older_than_since"
OTHER_LANGUAGE = "other_language"


def article_language(fields: dict) -> str | None:
    """The article's language: the primary subtag it declares (``en`` of ``en-GB``), else
    the one py3langid detects in its headline and body."""
    declared = (fields.get("inLanguage") or "").strip().replace("_", "-").split("-")[0].lower()
    if declared.isalpha() and 2 <= len(declared) <= 3:
        return declared
    text = " ".join(filter(None, (fields.get("headline"), fields.get("articleBody"))))[:DETECT_CHARS]
    if not text.strip():
        return None
    import py3langid  # loads its model on first use

    return py3langid.classify(text)[0]


def filter_reason(fields: dict, since: date | None, languages: tuple[str, ...]) -> str | None:
    """Why an article is left out under these filters, or ``None`` to keep it. An article
    with no date, or whose language cannot be told, is kept: nothing says it is out."""
    if since is not None:
        published = fields.get("datePublished")
        try:
            day = datetime.fromisoformat(published).date() if published else None
        except ValueError:
            day = None
        if day is not None and day < since:
            return OLDER_THAN_SINCE
    if languages:
        language = article_language(fields)
        if language is not None and language not in languages:
            return OTHER_LANGUAGE
    return None
