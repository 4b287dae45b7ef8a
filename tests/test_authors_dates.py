"""Author names and dates, the two fields where a wrong value is worse than none."""

import pytest

from newscrawl.extractors.authors import clean_names, is_byline
from newscrawl.extractors.dates import parse_iso_date, parse_numeric_date


@pytest.mark.parametrize(
    "raw,people,agency",
    [
        (["By STEVE PEOPLES, THOMAS BEAUMONT and AMELIA THOMSON-DEVEAUX"],
         ["STEVE PEOPLES", "THOMAS BEAUMONT", "AMELIA THOMSON-DEVEAUX"], None),
        (["By Jane Doe, Associated Press"], ["Jane Doe"], "AP"),
        (["Associated Press in Valencia"], [], "AP"),
        (["Reuters"], [], "Reuters"),
        (["John Smith - Political Correspondent"], ["John Smith"], None),
        (["Email the author", "https://example.com/staff/jane", "jane@example.com"], [], None),
        (["Guardian staff reporter"], [], None),
        (["The Daily Example"], [], None),
        (["The Daily Example, London"], [], None),  # the site's credit and a place
        (["Trine Juncher Jørgensen og Tôrtia Reimer-Johansen"], ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"], None),
        (["Von Hans Müller und Eva Schmidt"], ["Hans Müller", "Eva Schmidt"], None),
        (["Por Juan Pérez y María López"], ["Juan Pérez", "María López"], None),
        (["José Ortega y Gasset"], ["José Ortega y Gasset"], None),  # "y" inside one name
        (["di Mario Rossi e Anna Bianchi"], ["Mario Rossi", "Anna Bianchi"], None),
        (["Autor: Jan Nowak"], ["Jan Nowak"], None),
        (["구현모"], ["구현모"], None),  # one word, in a script without case
        (["松岡大地、田中花子"], ["松岡大地", "田中花子"], None),
        (["staff"], [], None),
    ],
)
def test_clean_names(raw, people, agency):
    assert clean_names(raw, {"The Daily Example"}) == (people, agency)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2024-09-03T04:03:19Z", "2024-09-03T04:03:19+00:00"),
        ("2024-09-03T04:03:19.000+0000", "2024-09-03T04:03:19+00:00"),
        ("2025-02-03T18:45:00-07:00", "2025-02-03T18:45:00-07:00"),
        ("Tue, 03 Sep 2024 04:03:19 GMT", "2024-09-03T04:03:19+00:00"),
        ("2024-09-03", "2024-09-03"),
        ("2025-01-09 17:35:06", "2025-01-09T17:35:06"),  # no zone given: none invented
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_iso_date(raw, expected):
    assert parse_iso_date(raw) == expected


def test_numeric_date_rejects_impossible_dates():
    assert parse_numeric_date("Date:2025-02-30 10:00:00") is None
    assert parse_numeric_date("Date:2025/1/9") == "2025-01-09"


def test_a_newsroom_credit_naming_the_site_is_no_person():
    # "MDR THÜRINGEN" beside the reporter on mdr.de: the site's label is one of its words.
    assert clean_names(["von David Straub, MDR THÜRINGEN"], {"mdr"}) == (["David Straub"], None)
    assert clean_names(["Anna Mdrova"], {"mdr"}) == (["Anna Mdrova"], None)  # a whole word only


@pytest.mark.parametrize("line, byline", [
    ("Jane Doe", True),
    ("By Jane Doe and John Smith", True),
    ("Von Jane Doe, Hamburg", True),
    ("Jane Doe 기자 외 1명", True),  # reporter, and one other
    ("JANE DOE", True),
    ("Jane Doe said the council had not answered her questions.", False),
    ("Anna Lee", False),  # someone else
    ("Lisbon council", False),  # the author "Li" is no word of it
])
def test_a_line_that_only_credits_the_authors_is_their_byline(line, byline):
    assert is_byline(line, ["Jane Doe", "John Smith", "Li"]) is byline
