"""Tests for explainer.notes: references, Ibid./op. cit. resolution, markers."""

from __future__ import annotations

import pytest

from explainer.model import Name, Note
from explainer.notes import find_markers, parse_reference, resolve_repeats

GOULD_ALTMAN = "Joe Gould and Howard Altman, “Here’s what you need to know about the aid package to Ukraine that Trump delayed,” Defense News, September 25, 2019:"
BROWNE = "Ryan Browne and Holmes Lybrand, “Fact-checking Trump’s claim that Obama gave Ukraine ‘pillows and sheets,’” CNN, September, 26, 2019:"
DOD = "“5 Things to Know about the US-Ukraine Defense Relationship,” US Department of Defense, November 7, 2019:"
REMLER = "Philip Remler, “Russia at the United Nations: Law, Sovereignty, and Legitimacy,” Carnegie Endowment for International Peace, January 22, 2020:"
GOULD_URL = "Joe Gould, “Trump to seek $250M in new lethal aid to Ukraine,” Defense News, December 4, 2019: https://www.defensenews.com/congress/2019/12/04/trump-to-seek/"


@pytest.mark.parametrize(
    ("text", "authors", "title", "container", "date", "url", "locator"),
    [
        pytest.param(
            GOULD_ALTMAN,
            (Name("Gould", "Joe"), Name("Altman", "Howard")),
            "Here’s what you need to know about the aid package to Ukraine that Trump delayed",
            "Defense News",
            "2019-09-25",
            "",
            "",
            id="two-authors-quoted-title",
        ),
        pytest.param(
            BROWNE,
            (Name("Browne", "Ryan"), Name("Lybrand", "Holmes")),
            "Fact-checking Trump’s claim that Obama gave Ukraine ‘pillows and sheets’",
            "CNN",
            "2019-09-26",
            "",
            "",
            id="comma-after-month",
        ),
        pytest.param(
            "Jane Doe, John Roe, and Ann Bee, “A Title,” The Times, 2020.",
            (Name("Doe", "Jane"), Name("Roe", "John"), Name("Bee", "Ann")),
            "A Title",
            "The Times",
            "2020",
            "",
            "",
            id="three-authors",
        ),
        pytest.param(
            "Doe, Jane, “A Title,” The Times, 2020.",
            (Name("Doe", "Jane"),),
            "A Title",
            "The Times",
            "2020",
            "",
            "",
            id="family-comma-given",
        ),
        pytest.param(
            REMLER,
            (Name("Remler", "Philip"),),
            "Russia at the United Nations: Law, Sovereignty, and Legitimacy",
            "Carnegie Endowment for International Peace",
            "2020-01-22",
            "",
            "",
            id="organisation-outlet",
        ),
        pytest.param(
            DOD,
            (),
            "5 Things to Know about the US-Ukraine Defense Relationship",
            "US Department of Defense",
            "2019-11-07",
            "",
            "",
            id="no-author-organisation-as-container",
        ),
        pytest.param(
            "US Department of Defense, “Fact sheet,” November 7, 2019.",
            (Name(literal="US Department of Defense"),),
            "Fact sheet",
            "",
            "2019-11-07",
            "",
            "",
            id="organisation-author",
        ),
        pytest.param(
            GOULD_URL,
            (Name("Gould", "Joe"),),
            "Trump to seek $250M in new lethal aid to Ukraine",
            "Defense News",
            "2019-12-04",
            "https://www.defensenews.com/congress/2019/12/04/trump-to-seek/",
            "",
            id="url",
        ),
        pytest.param(
            "Jane Smith, “A Title,” The Times, 2001, pp. 3-4.",
            (Name("Smith", "Jane"),),
            "A Title",
            "The Times",
            "2001",
            "",
            "pp. 3-4",
            id="year-and-pages",
        ),
        pytest.param(
            "Jane Smith, _Italic Title_, Penguin, 2001, p. 12.",
            (Name("Smith", "Jane"),),
            "Italic Title",
            "Penguin",
            "2001",
            "",
            "p. 12",
            id="italic-title",
        ),
        pytest.param(
            "CRIME AND CRIMINALS.  W. C. Owen.",
            (Name("Owen", "W. C."),),
            "Crime and Criminals",
            "",
            None,
            "",
            "",
            id="gutenberg-caps-title-then-author",
        ),
        pytest.param(
            "THE CRIMINAL, Havelock Ellis.",
            (Name("Ellis", "Havelock"),),
            "The Criminal",
            "",
            None,
            "",
            "",
            id="gutenberg-caps-title-comma-author",
        ),
        pytest.param(
            "Dr. Sanger, THE HISTORY OF PROSTITUTION.",
            (Name("Sanger"),),
            "The History of Prostitution",
            "",
            None,
            "",
            "",
            id="gutenberg-honorific-author-then-title",
        ),
        pytest.param(
            "MOTHER EARTH, December, 1909.",
            (),
            "Mother Earth",
            "",
            "1909-12",
            "",
            "",
            id="gutenberg-periodical-with-month",
        ),
        pytest.param(
            "Dr. Helen A. Sumner.",
            (Name("Sumner", "Helen A."),),
            "",
            "",
            None,
            "",
            "",
            id="name-only",
        ),
    ],
)
def test_parse_reference_source(
    text: str,
    authors: tuple[Name, ...],
    title: str,
    container: str,
    date: str | None,
    url: str,
    locator: str,
) -> None:
    """Cited sources are split into authors, title, container, date, URL and locator."""
    ref = parse_reference(text)
    assert ref.kind == "source"
    assert ref.raw == text
    assert ref.authors == authors
    assert ref.title == title
    assert ref.container == container
    assert (ref.date.iso() if ref.date else None) == date
    assert ref.url == url
    assert ref.locator == locator


@pytest.mark.parametrize(
    ("text", "authors", "locator"),
    [
        ("Ibid.", (), ""),
        ("ibid", (), ""),
        ("Ibid., p. 4", (), "p. 4"),
        ("Ibid: pp. 4-5.", (), "pp. 4-5"),
        ("Smith, op. cit., p. 5", (Name("Smith"),), "p. 5"),
        ("Smith, op. cit.", (Name("Smith"),), ""),
        ("Dr. Sanger, op. cit.", (Name("Sanger"),), ""),
    ],
)
def test_parse_reference_repeat(text: str, authors: tuple[Name, ...], locator: str) -> None:
    """Ibid. and op. cit. are repeats, with the author and locator they give."""
    ref = parse_reference(text)
    assert ref.kind == "repeat"
    assert ref.authors == authors
    assert ref.locator == locator
    assert ref.title == ""


@pytest.mark.parametrize(
    "text",
    [
        "The intellectuals.",
        "A revolutionist committing an act of political violence.",
        "Black crows: The Catholic clergy.",
        "It is a significant fact that Dr. Sanger's book has been excluded from the U. S. mails.",
        "Mr. Shackleton was a labor leader.  It is therefore self-evident that he should introduce a bill excluding his own constituents.",
    ],
)
def test_parse_reference_comment(text: str) -> None:
    """Explanatory notes that cite no work are comments."""
    ref = parse_reference(text)
    assert ref.kind == "comment"
    assert ref.raw == text
    assert (ref.authors, ref.title, ref.date) == ((), "", None)


def _note(label: str, text: str, line: int) -> Note:
    return Note(label=label, text=text, line=line, start=0, end=0, reference=parse_reference(text))


@pytest.mark.parametrize(
    ("texts", "repeats"),
    [
        pytest.param([GOULD_ALTMAN, "Ibid."], [None, "1"], id="ibid"),
        pytest.param([GOULD_ALTMAN, "Ibid.", "Ibid., p. 4"], [None, "1", "1"], id="ibid-chain"),
        pytest.param(
            [GOULD_ALTMAN, "The intellectuals.", "Ibid."],
            [None, None, "1"],
            id="ibid-skips-comment",
        ),
        pytest.param([GOULD_ALTMAN, REMLER, "Ibid."], [None, None, "2"], id="ibid-nearest"),
        pytest.param(
            [REMLER, GOULD_ALTMAN, BROWNE, "Remler, op. cit., p. 5"],
            [None, None, None, "1"],
            id="op-cit-by-author",
        ),
        pytest.param(
            [GOULD_ALTMAN, "Altman, op. cit.", "Ibid."], [None, "1", "1"], id="ibid-after-op-cit"
        ),
    ],
)
def test_resolve_repeats(texts: list[str], repeats: list[str | None]) -> None:
    """Each repeat points at the note whose source it repeats, chains followed."""
    notes = [_note(str(i), text, i * 2) for i, text in enumerate(texts, start=1)]
    resolved, diagnostics = resolve_repeats(notes, "a.txt")
    assert [n.repeats for n in resolved] == repeats
    assert [n.text for n in resolved] == texts
    assert diagnostics == ()


@pytest.mark.parametrize(
    ("texts", "unresolved"),
    [
        pytest.param(["Ibid."], ["1"], id="ibid-first"),
        pytest.param(["The intellectuals.", "Ibid., p. 4"], ["2"], id="ibid-after-comment"),
        pytest.param([GOULD_ALTMAN, "Remler, op. cit."], ["2"], id="op-cit-unknown-author"),
        pytest.param(["Ibid.", "Ibid."], ["1", "2"], id="ibid-of-unresolved-ibid"),
    ],
)
def test_resolve_repeats_unresolved(texts: list[str], unresolved: list[str]) -> None:
    """A repeat with nothing to repeat stays unresolved and gives a warning at its line."""
    notes = [_note(str(i), text, i * 2) for i, text in enumerate(texts, start=1)]
    resolved, diagnostics = resolve_repeats(notes, "a.txt")
    by_label = {n.label: n for n in resolved}
    assert all(by_label[label].repeats is None for label in unresolved)
    assert [(d.file, d.line, d.code, d.severity) for d in diagnostics] == [
        ("a.txt", int(label) * 2, "note-repeat-unresolved", "warning") for label in unresolved
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("text[i] more[iv]", [("i", 4, 7), ("iv", 12, 16)]),
        ("[12] x", [("12", 0, 4)]),
        ("claim.[^3] next", [("3", 6, 10)]),
        ("[IV].", [("IV", 0, 4)]),
        ("end of sentence.[iii]", [("iii", 16, 21)]),
        ("[I]t was so", []),
        ("in [1994] he", []),
        ("[1](https://example.org)", []),
        ("see [ii](#notes)", []),
        ("[iv]th", []),
        ("[ab] and [note]", []),
        ("[1000]", []),
        ("[iV]", []),
        ("no markers", []),
    ],
)
def test_find_markers(text: str, expected: list[tuple[str, int, int]]) -> None:
    """Markers are found with offsets relative to the whole source; look-alikes are not."""
    refs = list(find_markers(text, 100, 7))
    assert [(r.label, r.start - 100, r.end - 100) for r in refs] == expected
    assert all(r.line == 7 for r in refs)
    assert all(text[r.start - 100 : r.end - 100].startswith("[") for r in refs)


@pytest.mark.parametrize(
    ("text", "kind", "title", "locator"),
    [
        pytest.param("This essay first appeared in _The Weekly Ledger_ in 1890.", "comment", "", "", id="mentions-a-periodical"),
        pytest.param("Hume praises the reform in “A Plan for Towns” (1932). He was wrong.", "comment", "", "", id="name-then-verb"),
        pytest.param("The Battle of Hastings.", "comment", "", "", id="an-event-is-no-author"),
        pytest.param("Open question. What would a fair rent be?", "comment", "", "", id="lemma-and-question"),
        pytest.param("See, for example, the council's yearly housing reports.", "source", "for example, the council's yearly housing reports", "", id="see-opens-a-citation"),
        pytest.param("Vol. ii, p. 41.", "source", "", "p. 41", id="a-place-in-a-work"),
        pytest.param("Art. 12.", "source", "", "Art. 12", id="an-article-of-a-code"),
        pytest.param("See note 4.", "comment", "", "", id="cross-reference-to-a-note"),
        pytest.param("For the quarrel this letter raised, see Preface.", "comment", "", "", id="cross-reference-to-the-preface"),
        pytest.param("42 U.S.C. 1983. The statute is old.", "source", "", "42 U.S.C. 1983", id="a-statute"),
        pytest.param("Hobbes's Leviathan, ch. 13.", "source", "Leviathan", "ch. 13", id="possessive-author"),
        pytest.param("Vide Hobbes's Leviathan.", "source", "Leviathan", "", id="vide-possessive"),
        pytest.param("The lines are taken from a translation of _The Georgics_.", "source", "The Georgics", "", id="taken-from"),
        pytest.param("Anyone who doubts it should read Hume's essays on trade.", "source", "Hume's essays on trade", "", id="should-read"),
        pytest.param("“The road is long.”\n\n--Harrow's letter to his son.", "source", "letter to his son", "", id="quotation-and-attribution"),
        pytest.param("“Since you are not what you were, there is no reason why you should wish to live.”", "comment", "", "", id="only-a-translation"),
        pytest.param("Ann Lee, the mayor, born June 2, 1950, was then in her first term.", "comment", "", "", id="a-person-described"),
        pytest.param("Hume said that the tax would fail (“Essays,” vol. ii., p. 4).", "source", "Essays", "", id="parenthetical-citation"),
        pytest.param("Ecclesiastes iii. 1. The whole passage is well known.", "source", "Ecclesiastes", "iii. 1", id="book-chapter-verse"),
        pytest.param("Days of our years.--THOMAS HARDY.", "source", "", "", id="run-in-attribution"),
        pytest.param("The sea, the sea.--Anabasis, iv. 7.", "source", "Anabasis", "", id="run-in-attribution-to-a-work"),
        pytest.param("It was late.--The next day he was gone for good.", "comment", "", "", id="a-dash-in-prose-is-no-attribution"),
        pytest.param("Die Welt als Wille und Vorstellung.''", "source", "Die Welt als Wille und Vorstellung", "", id="stray-closing-quote"),
        pytest.param("Jan Harrow, “The long road home,” p. 12. The author later changed his mind.", "source", "The long road home", "", id="citation-then-remark"),
    ],
)
def test_notes_are_told_apart(text: str, kind: str, title: str, locator: str) -> None:
    """A note that cites a work is a source; one that explains, or mentions a work in passing
    inside a sentence, is a comment (shown as a note, kept out of the bibliography)."""
    ref = parse_reference(text)
    assert ref.kind == kind
    assert ref.title == title
    if "THOMAS HARDY" in text:
        assert [str(n) for n in ref.authors] == ["Thomas Hardy"]
    if locator:
        assert ref.locator == locator
