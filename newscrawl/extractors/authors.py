"""People's names from bylines and author fields: precision before recall.

"By" (and its words in other languages), roles, e-mail prompts and URLs are
removed; names are split on commas and on "and" in the languages news is written
in; organisations and news agencies are not people (an agency goes to ``agency``).
Names may be in any script: a one-word name is refused only when it starts with a
lower-case letter (Hangul, Han and kana have no case).
"""

from __future__ import annotations

import re
import unicodedata

from .text import normalize_space

AGENCIES = {
    "associated press": "AP", "the associated press": "AP", "ap": "AP",
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "agence france-presse": "AFP", "agence france presse": "AFP", "afp": "AFP",
    "dpa": "dpa", "afp deutschland": "AFP", "upi": "UPI", "united press international": "UPI", "pa media": "PA", "press association": "PA",
    "bloomberg": "Bloomberg", "bloomberg news": "Bloomberg", "xinhua": "Xinhua", "kyodo": "Kyodo",
    "cnn wire": "CNN", "efe": "EFE", "ansa": "ANSA", "aap": "AAP", "australian associated press": "AAP",
    "deutsche presse-agentur": "dpa", "sda": "SDA", "keystone-sda": "SDA", "apa": "APA",
    "austria presse agentur": "APA", "epd": "epd", "kna": "KNA", "anp": "ANP", "belga": "Belga", "ntb": "NTB",
    "ritzau": "Ritzau", "europa press": "Europa Press", "anadolu ajansı": "AA", "anadolu agency": "AA",
    "yonhap": "Yonhap", "jiji press": "Jiji", "pti": "PTI", "press trust of india": "PTI", "ians": "IANS",
    "tass": "TASS", "pap": "PAP", "čtk": "ČTK", "ctk": "ČTK", "mti": "MTI", "tanjug": "Tanjug", "hina": "HINA",
    "ap": "AP",
}
# "By" and its words: German von, French par, Spanish and Portuguese por, Scandinavian av/af,
# Dutch door, Italian di; "Autor:", "Text:" and the like as a label.
_PREFIX_RE = re.compile(r"^(?:(?:(?:written|posted|reported|words|story|text)\s+)?by|von|par|por|av|af|door|di)[:\s]+"
                        r"|^(?:author|autor|autorin|autora|auteur|text|texto|tekst|redaktion|verfasst von)\s*:\s*", re.I)
# "and" of many languages; one-letter ones (Spanish y, Italian/Portuguese e, Polish/Catalan i,
# Czech a, Russian и) only between names of two words or more ("Ortega y Gasset" stays whole).
_SPLIT_RE = re.compile(r"\s*(?:,|;|\||&|、|，|·|\b(?:and|und|with|og|och|et|en|ja|és|ve|oraz|sowie)\b)\s*", re.I)
_SHORT_AND_RE = re.compile(r"\s+(?:y|e|i|a|и)\s+")
_NOISE_RE = re.compile(
    r"\b(?:email|e-mail|follow|twitter|facebook|instagram|linkedin|updated|published|min read|read more|"
    r"staff|contributors?|correspondent|editor|reporter|writer|columnist|news desk|newsroom|team|"
    r"photograph|photo|image|video|getty|shutterstock)\b", re.I)
_ROLE_TAIL_RE = re.compile(r"\s*[-–—,]\s*(?:senior|chief|political|staff|special|deputy|associate|contributing)?\s*"
                           r"(?:correspondent|editor|reporter|writer|columnist)\b.*$", re.I)
_NAME_CHARS_RE = re.compile(r"^[^\W\d_][\w.'’\- ]*$", re.UNICODE)


_WORD_RE = re.compile(r"\w+")
_IN_PLACE_RE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")


def agency_of(text: str | None) -> str | None:
    """``AP`` for "Associated Press" (or "Associated Press in Valencia"), else ``None``."""
    if not text:
        return None
    text = normalize_space(text)
    return AGENCIES.get(text.casefold().strip(". ")) or AGENCIES.get(_IN_PLACE_RE.sub("", text).casefold().strip(". "))


def clean_names(values: list[str], not_people: set[str] | None = None) -> tuple[list[str], str | None]:
    """``(people, agency)`` from raw author strings."""
    blocked = {n.casefold() for n in (not_people or set()) if n}
    # A one-word site name inside a credit ("MDR THÜRINGEN", "NTV Haber"): the newsroom, not a person.
    blocked_words = {n for n in blocked if _WORD_RE.fullmatch(n)}
    people: list[str] = []
    agency: str | None = None
    for value in values:
        text = normalize_space(value)
        if not text or "http" in text or "@" in text or "/" in text:
            continue
        text = _ROLE_TAIL_RE.sub("", _PREFIX_RE.sub("", text))
        parts = [p.strip(" .:-–—") for p in _SPLIT_RE.split(text)]
        if parts and parts[0].casefold() in blocked:
            continue  # "Site, City": the site's credit, not a list of people
        for part in (name for p in parts for name in _split_short_and(p)):
            if not part:
                continue
            found_agency = agency_of(part)
            if found_agency:
                agency = agency or found_agency
                continue
            if part.casefold() in blocked or _NOISE_RE.search(part) or blocked_words & set(_WORD_RE.findall(part.casefold())):
                continue
            words = part.split()
            if not 1 <= len(words) <= 5 or len(part) > 60 or not _is_name(part):
                continue
            if len(words) == 1 and part[:1].islower():
                continue
            if part.casefold() not in {p.casefold() for p in people}:
                people.append(part)
    return people, agency


def _is_name(text: str) -> bool:
    # Vowel signs of Indic and South-East Asian scripts are combining marks, which ``\w`` misses.
    return bool(_NAME_CHARS_RE.match("".join(c for c in text if not unicodedata.category(c).startswith("M"))))


def organisation_credit(values: list[str]) -> str | None:
    """The first organisation a page credits as its author ("ORF.at", "Redaktion hessenschau.de"),
    for a page that names no person: short, one credit, no address or e-mail."""
    for value in values:
        text = normalize_space(value or "").strip(" .,:-–—")
        if not text or "http" in text or "@" in text or "/" in text:
            continue
        text = _PREFIX_RE.sub("", text)
        if 1 <= len(text.split()) <= 5 and len(text) <= 60 and _is_name(text):
            return text
    return None


def _split_short_and(part: str) -> list[str]:
    pieces = _SHORT_AND_RE.split(part)
    if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces):
        return [piece.strip() for piece in pieces]
    return [part]


#: A byline set in the body says little besides the names: a "by" word, a place or a role.
MAX_BYLINE_LINE_CHARS = 100
MAX_BYLINE_OTHER_WORDS = 3
MAX_BYLINE_OTHER_CHARS = 12


def is_byline(line: str, names: list[str]) -> bool:
    """Whether ``line`` is the byline of ``names`` (the people credited): the names, with at
    most a "by" word or label and a few other words ("Von Anna Sleegers, Frankfurt", "박준석
    기자 외 1명": reporter and one other)."""
    if not names or len(line) > MAX_BYLINE_LINE_CHARS:
        return False
    rest = _PREFIX_RE.sub("", normalize_space(line)).casefold()
    named = False
    for name in sorted((n.casefold() for n in names), key=len, reverse=True):
        # A whole word: the author "Li" does not make "Lisbon council" a byline.
        rest, found = re.subn(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest)
        named = named or found > 0
    if not named:
        return False
    others = _WORD_RE.findall(_SPLIT_RE.sub(" ", rest))
    return len(others) <= MAX_BYLINE_OTHER_WORDS and sum(map(len, others)) <= MAX_BYLINE_OTHER_CHARS
