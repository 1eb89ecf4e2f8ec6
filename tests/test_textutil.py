"""Tests for explainer.textutil: dates, slugs, title case, run-together tags."""

from __future__ import annotations

import pytest

from explainer.model import PartialDate
from explainer.textutil import (
    find_date,
    normalize_for_compare,
    parse_iso_date,
    proper_nouns,
    sentence_case,
    slugify,
    split_run_together,
    title_case,
)


@pytest.mark.parametrize(
    ("text", "iso", "found"),
    [
        ("Defense News, September 25, 2019:", "2019-09-25", "September 25, 2019"),
        ("CNN, September, 26, 2019:", "2019-09-26", "September, 26, 2019"),
        ("MOTHER EARTH, December, 1909.", "1909-12", "December, 1909"),
        ("published 25 September 2019 online", "2019-09-25", "25 September 2019"),
        ("dated 2019-09-25.", "2019-09-25", "2019-09-25"),
        ("Sept. 25 2019", "2019-09-25", "Sept. 25 2019"),
        ("Dec 4, 2019", "2019-12-04", "Dec 4, 2019"),
        ("1st May 2020", "2020-05-01", "1st May 2020"),
        ("February 1, 2022 Topic: Ukraine", "2022-02-01", "February 1, 2022"),
        ("in May 2020 and on 2019-09-25", "2020-05", "May 2020"),
    ],
)
def test_find_date(text: str, iso: str, found: str) -> None:
    """The first date is found with its span."""
    result = find_date(text)
    assert result is not None
    date, start, end = result
    assert date.iso() == iso
    assert text[start:end] == found


@pytest.mark.parametrize(
    "text",
    ["no date here", "in 1907", "2019-13-01", "September 32, 2019", "", "Mayday 2020"],
)
def test_find_date_none(text: str) -> None:
    """Text without a calendar date gives None."""
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022", PartialDate(2022)),
        ("2022-02", PartialDate(2022, 2)),
        ("2022-02-01", PartialDate(2022, 2, 1)),
        (" 2022-02-01 ", PartialDate(2022, 2, 1)),
    ],
)
def test_parse_iso_date_valid(text: str, expected: PartialDate) -> None:
    """ISO dates of any precision are parsed."""
    assert parse_iso_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "22-02-01",
        "2022/02/01",
        "2022-13",
        "2022-00",
        "2022-02-00",
        "2022-02-32",
        "2022-2-1",
        "2022-02-01T10:00",
        "February 2022",
        "2022-02-30",  # not a day of the calendar
    ],
)
def test_parse_iso_date_invalid(text: str) -> None:
    """Anything that is not a real YYYY[-MM[-DD]] date gives None."""
    assert parse_iso_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Why Ukraine Matters – The ‘Sovereignty’ Dimension",
            "why-ukraine-matters-the-sovereignty-dimension",
        ),
        ("Ça va? Déjà vu!", "ca-va-deja-vu"),
        ("  Hello,   World  ", "hello-world"),
        ("snake_case_name", "snake-case-name"),
        ("US-Ukraine 2019", "us-ukraine-2019"),
        ("", "x"),
        ("!!!", "x"),
        ("日本語", "日本語"),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    """Slugs are ASCII, lower case and hyphenated."""
    assert slugify(text) == expected


@pytest.mark.parametrize(
    ("text", "max_length", "expected"),
    [
        ("word " * 20, 60, "word-word-word-word-word-word-word-word-word-word-word-word"),
        ("Ça va? Déjà vu", 10, "ca-va"),
        ("a" * 70, 60, "a" * 60),
    ],
)
def test_slugify_max_length(text: str, max_length: int, expected: str) -> None:
    """Long slugs are cut at a hyphen where possible."""
    slug = slugify(text, max_length=max_length)
    assert slug == expected
    assert len(slug) <= max_length


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "THE MODERN DRAMA: A POWERFUL DISSEMINATOR OF RADICAL THOUGHT",
            "The Modern Drama: A Powerful Disseminator of Radical Thought",
        ),
        ("THE HISTORY OF PROSTITUTION", "The History of Prostitution"),
        ("A TALE OF TWO CITIES", "A Tale of Two Cities"),
        ("CRIME AND CRIMINALS", "Crime and Criminals"),
        ("Mixed Case title stays", "Mixed Case title stays"),
        ("lower case stays", "lower case stays"),
        ("USA", "USA"),
        ("1984", "1984"),
    ],
)
def test_title_case(text: str, expected: str) -> None:
    """Only ALL-CAPS titles are recased; small words stay lower case."""
    assert title_case(text) == expected


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        (
            "UkraineTaiwanRussiaChinaDeterrenceNATOWar",
            (),
            ("Ukraine", "Taiwan", "Russia", "China", "Deterrence", "NATO", "War"),
        ),
        ("AbcDefNATO", (), ("Abc", "Def", "NATO")),
        ("NATOWar", (), ("NATO", "War")),
        ("RussiaRussia", (), ("Russia",)),
        ("UkraineCrisisRussia", ("Ukraine Crisis",), ("Ukraine Crisis", "Russia")),
        ("UkraineCrisisEurope", ("Ukraine Crisis", "Europe"), ("Ukraine Crisis", "Europe")),
        ("RussiaUkraineCrisis", ("Ukraine Crisis",), ("Russia", "Ukraine Crisis")),
        ("", (), ()),
    ],
)
def test_split_run_together(text: str, known: tuple[str, ...], expected: tuple[str, ...]) -> None:
    """Glued tags are split at case changes; known phrases stay whole."""
    assert split_run_together(text, known) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Should America Help Ukraine Hit Back Inside Russia?",
            "should america help ukraine hit back inside russia",
        ),
        ("  SHOULD america — help!  ", "should america help"),
        ("Kyiv’s Hard Power", "kyiv s hard power"),
        ("ﬁne", "fine"),
        ("", ""),
    ],
)
def test_normalize_for_compare(text: str, expected: str) -> None:
    """Text is reduced to lower-case words joined by single spaces."""
    assert normalize_for_compare(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Why Aid to Ukraine Is Only the Start", "Why aid to Ukraine is only the start"),
        ("Rents Rise: A Plan for the City", "Rents rise: A plan for the city"),
        ("Is NATO Ready? Ask the Allies", "Is NATO ready? Ask the allies"),
        ("The iPhone and the McDonald Brothers", "The iPhone and the McDonald brothers"),
        ("Russia at the United Nations", "Russia at the United Nations"),
        ("Lessons of World War II for Kyiv’s Planners", "Lessons of world war II for Kyiv’s planners"),
        ("Rents rise in the city", "Rents rise in the city"),
        ("Fact-Checking the Claim", "Fact-checking the claim"),
        ("", ""),
    ],
)
def test_sentence_case_keeps_names(title: str, expected: str) -> None:
    """Title case to sentence case (APA, Harvard): names found in the text, acronyms, words
    with inner capitals and the word after a colon keep their capitals."""
    proper = proper_nouns(
        ["Aid went to Ukraine and to Kyiv. Russia spoke at the United Nations; many nations listened."]
    )
    assert sentence_case(title, proper) == expected


def test_proper_nouns_are_mid_sentence_capitals() -> None:
    """Sentence-initial capitals and words also written in lower case are not names."""
    found = proper_nouns(["The plan failed. Then Congress acted, and the plan was saved by Congress."])
    assert found == {"Congress"}
