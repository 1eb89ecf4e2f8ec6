"""Tests of the `explainer` command line, run as a subprocess like a user would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
EXPLAINER = Path(sys.executable).with_name("explainer")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

FIRST_SEED = "security-assistance-enhances-kyiv-hard-power"
SECOND_SEED = "should-america-help-ukraine-hit-back"
FIRST_SEED_LABELS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
JSON_KEYS = {"slug", "title", "sections", "notes", "removed", "diagnostics"}


def explainer(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXPLAINER), *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def source_lines(slug: str) -> list[str]:
    return (SOURCES / f"{slug}.txt").read_text(encoding="utf-8").splitlines()


def norm(text: str) -> str:
    return " ".join(text.split())


def assert_clean_failure(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict[str, Any]]:
    """`explainer parse --json` of each seed, by slug."""
    out = {}
    for slug in (FIRST_SEED, SECOND_SEED):
        result = explainer("parse", "--json", f"sources/{slug}.txt")
        assert result.returncode == 0, result.stderr
        out[slug] = json.loads(result.stdout)
    return out


# parse: text ------------------------------------------------------------------------------


def test_parse_prints_an_outline_of_head_sections_notes_and_removed_lines(
    parsed: dict[str, dict[str, Any]],
) -> None:
    result = explainer("parse", f"sources/{FIRST_SEED}.txt")
    assert result.returncode == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"title:      {source_lines(FIRST_SEED)[0].strip()}  (line 1)"

    count = parsed[FIRST_SEED]["paragraph_count"]
    sections = parsed[FIRST_SEED]["sections"]
    assert f"sections ({len(sections)}, {count} ¶):" in lines
    for section in sections:
        numbers = [p["number"] for p in section["paragraphs"]]
        span = f"¶{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"¶{numbers[0]}"
        if section["heading"]:
            assert any(
                line.startswith("  § ") and f"  {span}  (line {section['line']})" in line
                for line in lines
            ), (section["heading"], span)

    notes = lines[lines.index("notes (8):") + 1 :]
    labels = [m[1] for line in notes if (m := re.match(r"\s+\[(\w+)\] line \d+ ", line))]
    assert labels == FIRST_SEED_LABELS
    assert any(re.match(r"\s+\[iv\] line \d+ \(repeat\) = note \[iii\]: Ibid\.", n) for n in notes)
    assert any(
        re.match(r"\s+\[v\] line \d+ \(source\) Joe Gould · “Trump to seek", n) for n in notes
    )

    removed = lines[lines.index("removed (2):") + 1 :]
    assert any(re.match(r"\s+line \d+\s+\(comment form\): Leave a Reply$", r) for r in removed)


LIST_TEXT = (
    "Fund the Buses\n\n"
    "The city should fund buses now.\n\n"
    "1. Raise the budget for buses.\n\n"
    "Go\n\n"
    "Background\n\n"
    "Buses carry most commuters in the city every day.[1]\n\n"
    "Notes\n\n"
    "[1] This is the author's own estimate.\n"
)


def test_parse_outline_of_a_numbered_list_article(tmp_path: Path) -> None:
    """The article that crashed `summarize` (issue 14): parse, summarize and check all work."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "buses.txt").write_text(LIST_TEXT, encoding="utf-8")
    result = explainer("parse", "sources/buses.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "title:      Fund the Buses  (line 1)"
    assert re.search(r"^sections \(\d+, \d+ ¶\):$", result.stdout, re.M)
    assert re.search(
        r"^  \[1\] line 15 \((explanatory|comment)\) This is the author", result.stdout, re.M
    )
    assert "Traceback" not in result.stderr
    summary = explainer("summarize", "sources/buses.txt", cwd=tmp_path)
    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.startswith("# Fund the Buses\n")
    check = explainer("check", "--data", str(ROOT / "data"), cwd=tmp_path)
    assert "Traceback" not in check.stderr
    assert "1 articles" in check.stdout, check.stdout + check.stderr


def test_parse_explain_lists_every_block_with_lines_and_role() -> None:
    result = explainer("parse", "--explain", f"sources/{SECOND_SEED}.txt")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("layout"))
    blocks = [line for line in lines[start + 1 :] if line.startswith("  ")]
    assert blocks
    for block in blocks:
        # line-range  role  [rule]  text
        assert re.match(r"  \d+(-\d+)?\s+[a-z-]+\s+\S", block), block
    plain = explainer("parse", f"sources/{SECOND_SEED}.txt")
    assert result.stdout.startswith(plain.stdout)


@pytest.mark.parametrize("args", [["parse", "--explain"], ["parse", "--json"], ["summarize"]])
def test_output_to_a_closed_pipe_ends_quietly(tmp_path: Path, args: list[str]) -> None:
    """`explainer parse FILE | head -n 1` prints one line and no "Broken pipe", no traceback."""
    body = "".join(f"Paragraph {n} says the city should fund buses.\n\n" for n in range(3000))
    (tmp_path / "big.txt").write_text("A Big Text\n\n" + body, encoding="utf-8")
    command = " ".join([str(EXPLAINER), *args, "big.txt"]) + " | head -n 1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


def test_debug_flag_is_accepted_before_any_command() -> None:
    result = explainer("--debug", "parse", f"sources/{SECOND_SEED}.txt")
    assert result.returncode == 0, result.stderr


# parse: JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", [FIRST_SEED, SECOND_SEED])
def test_parse_json_has_the_article_model(parsed: dict[str, dict[str, Any]], slug: str) -> None:
    data = parsed[slug]
    assert JSON_KEYS <= data.keys()
    assert data["slug"] == slug
    assert data["title"] == source_lines(slug)[0].strip()
    assert data["diagnostics"] == []


@pytest.mark.parametrize("slug", [FIRST_SEED, SECOND_SEED])
def test_parse_json_paragraphs_are_numbered_and_point_at_their_lines(
    parsed: dict[str, dict[str, Any]], slug: str
) -> None:
    paragraphs = [p for s in parsed[slug]["sections"] for p in s["paragraphs"]]
    assert [p["number"] for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert len(paragraphs) == parsed[slug]["paragraph_count"] > 0
    lines = source_lines(slug)
    for paragraph in paragraphs:
        assert paragraph["text"].startswith(norm(lines[paragraph["line"] - 1])[:30])


@pytest.mark.parametrize("slug", [FIRST_SEED, SECOND_SEED])
def test_parse_json_removed_lines_are_real_source_lines(
    parsed: dict[str, dict[str, Any]], slug: str
) -> None:
    removed = parsed[slug]["removed"]
    assert removed
    lines = source_lines(slug)
    for entry in removed:
        assert lines[entry["line"] - 1].strip() == entry["text"]


@pytest.mark.parametrize(
    ("slug", "text", "reason"),
    [
        (FIRST_SEED, "Leave a Reply", "comment form"),
        (
            FIRST_SEED,
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
            "comment form",
        ),
        (SECOND_SEED, "Should America Help Ukraine Hit Back Inside Russia?", "repeated title"),
    ],
)
def test_parse_json_lists_boilerplate_as_removed(
    parsed: dict[str, dict[str, Any]], slug: str, text: str, reason: str
) -> None:
    assert [r["reason"] for r in parsed[slug]["removed"] if r["text"] == text] == [reason]


@pytest.mark.parametrize(
    ("label", "authors", "title", "container", "date"),
    [
        (
            "i",
            [("Joe", "Gould", ""), ("Howard", "Altman", "")],
            "Here’s what you need to know about the aid package to Ukraine that Trump delayed",
            "Defense News",
            "2019-09-25",
        ),
        (
            "v",
            [("Joe", "Gould", "")],
            "Trump to seek $250M in new lethal aid to Ukraine",
            "Defense News",
            "2019-12-04",
        ),
        (
            "vi",
            [],  # an organisation after the title is the publisher, not the author
            "5 Things to Know about the US-Ukraine Defense Relationship",
            "US Department of Defense",
            "2019-11-07",
        ),
        (
            "vii",
            [("Philip", "Remler", "")],
            "Russia at the United Nations: Law, Sovereignty, and Legitimacy",
            "Carnegie Endowment for International Peace",
            "2020-01-22",
        ),
    ],
)
def test_parse_json_notes_are_parsed_as_references(
    parsed: dict[str, dict[str, Any]],
    label: str,
    authors: list[tuple[str, str, str]],
    title: str,
    container: str,
    date: str,
) -> None:
    notes = {note["label"]: note for note in parsed[FIRST_SEED]["notes"]}
    assert list(notes) == FIRST_SEED_LABELS
    reference = notes[label]["reference"]
    assert [(a["given"], a["family"], a["literal"]) for a in reference["authors"]] == authors
    assert (reference["title"], reference["container"], reference["date"]) == (
        title,
        container,
        date,
    )


@pytest.mark.parametrize(("label", "repeats"), [("iv", "iii"), ("viii", "vii")])
def test_parse_json_ibid_repeats_the_previous_note(
    parsed: dict[str, dict[str, Any]], label: str, repeats: str
) -> None:
    (note,) = [n for n in parsed[FIRST_SEED]["notes"] if n["label"] == label]
    assert (note["reference"]["kind"], note["repeats"]) == ("repeat", repeats)


# parse: errors ----------------------------------------------------------------------------

GOOD_TEXT = "A Title\n\nA paragraph of body text that is long enough to be a paragraph.\n"


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


# (files to write, file given to `parse`, file the message must name, line it must give)
PARSE_ERRORS = {
    "missing file": ({}, "nope.txt", "nope.txt", 0),
    "empty file": ({"empty.txt": ""}, "empty.txt", "empty.txt", 0),
    "blank file": ({"blank.txt": "  \n\n\t\n"}, "blank.txt", "blank.txt", 0),
    "binary file": (
        {"binary.txt": b"Title\n\nbody\x00\x01\x02\xff"},
        "binary.txt",
        "binary.txt",
        3,
    ),
    "sidecar wrong type": (
        {"article.txt": GOOD_TEXT, "article.yml": "title: A Title\nauthors: 3\n"},
        "article.txt",
        "article.yml",
        2,
    ),
    "sidecar bad date": (
        {"article.txt": GOOD_TEXT, "article.yml": "title: A Title\n\ndate: 1st of May\n"},
        "article.txt",
        "article.yml",
        3,
    ),
    "sidecar invalid YAML": (
        {"article.txt": GOOD_TEXT, "article.yml": "title: A Title\ndek: Why: because\n"},
        "article.txt",
        "article.yml",
        2,
    ),
}


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize(
    ("files", "given", "named", "line"), PARSE_ERRORS.values(), ids=PARSE_ERRORS
)
def test_parse_errors_name_file_and_line(
    tmp_path: Path,
    files: dict[str, str | bytes],
    given: str,
    named: str,
    line: int,
    as_json: bool,
) -> None:
    write_files(tmp_path, files)
    result = explainer("parse", *(["--json"] if as_json else []), given, cwd=tmp_path)
    assert_clean_failure(result)
    messages = result.stderr.splitlines()
    if as_json:
        data = json.loads(result.stdout)
        messages += data["diagnostics"] if isinstance(data, dict) else []
    else:
        messages += [m.strip() for m in result.stdout.splitlines()]
    assert any(m.startswith(f"{named}:{line}: error: ") for m in messages), messages


@pytest.mark.parametrize(
    "args", [[], ["frobnicate"], ["parse"]], ids=["no command", "unknown command", "no file"]
)
def test_usage_errors(args: list[str]) -> None:
    result = explainer(*args)
    assert result.returncode == 2
    assert "usage: explainer" in result.stderr
    assert "Traceback" not in result.stderr


# build: errors ----------------------------------------------------------------------------


def test_build_without_config_file_fails_cleanly(tmp_path: Path) -> None:
    result = explainer("build", "-f", "nope.yml", cwd=tmp_path)
    assert_clean_failure(result)
    assert "nope.yml" in result.stderr


def test_build_with_missing_sources_folder_fails_cleanly(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "sources_dir: sources\n" in config
    (tmp_path / "mkdocs.yml").write_text(
        config.replace("sources_dir: sources\n", "sources_dir: no-such-folder\n"), encoding="utf-8"
    )
    result = explainer("build", "--strict", "--site-dir", "out", "-f", "mkdocs.yml", cwd=tmp_path)
    assert_clean_failure(result)
    assert "no-such-folder" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml"]


# check and suggest ------------------------------------------------------------------------


def test_check_is_clean_on_the_project() -> None:
    """The sources and data are clean. The warnings are what the project cannot know: the
    address the site will be published at, and the references the texts lack (neither names
    an outlet or URL; one names no author or date; the notes of one lost their addresses)."""
    result = explainer("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, " in result.stdout
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    codes = {line.rsplit("[", 1)[1].rstrip("]") for line in warnings}
    assert codes == {"site-url", "original-incomplete", "note-url-missing"}, warnings
    (site,) = [line for line in warnings if line.endswith("[site-url]")]
    assert site.startswith("mkdocs.yml:")
    assert len([line for line in warnings if line.endswith("[original-incomplete]")]) == 2
    assert all("no URL: APA and MLA need one" in line for line in warnings if "[original-incomplete]" in line)


def test_check_warns_about_unused_entries_with_file_and_line(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    (tmp_path / "data").mkdir()
    glossary = (ROOT / "data" / "glossary.yml").read_text(encoding="utf-8")
    extra = "  - term: zeitgeist\n    definition: The spirit of an age.\n"
    (tmp_path / "data" / "glossary.yml").write_text(
        glossary.rstrip() + "\n\n" + extra, encoding="utf-8"
    )
    line = len(glossary.rstrip().splitlines()) + 2
    result = explainer("check", cwd=tmp_path)
    assert result.returncode == 0  # a warning, not an error
    assert (
        f"data/glossary.yml:{line}: warning: entry 'zeitgeist' is used in no article"
        in result.stdout
    )
    strict = explainer("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1


def test_check_reports_a_bad_glossary_entry(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.yml").write_text(
        "terms:\n  - term: x\n    aliases: 5\n", encoding="utf-8"
    )
    result = explainer("check", cwd=tmp_path)
    assert_clean_failure(result)
    assert (
        "data/glossary.yml:2: error: entry 'x': `definition` must be a non-empty string"
        in result.stdout
    )


@pytest.mark.parametrize("what", ["terms", "entities"])
def test_suggest_excludes_what_the_data_already_has(what: str) -> None:
    result = explainer(what, "suggest", str(SOURCES / f"{SECOND_SEED}.txt"), "--json")
    assert result.returncode == 0, result.stderr
    candidates = json.loads(result.stdout)
    assert candidates
    known = (ROOT / "data" / ("glossary.yml" if what == "terms" else "entities.yml")).read_text(
        encoding="utf-8"
    )
    for candidate in candidates:
        assert f": {candidate['phrase']}\n" not in known  # not an existing term or name
        assert candidate["count"] >= 1
        assert all(slug == SECOND_SEED for slug, _ in candidate["paragraphs"])


def test_check_warns_about_notes_that_name_no_source(tmp_path: Path) -> None:
    """A source note that names no work is reported with its file and line and --strict
    fails; an explanatory note is not reported."""
    (tmp_path / "sources").mkdir()
    text = "\n".join(
        [
            "Rents Rise Again",
            "",
            "Rents rose for the third year in a row.[1] Tenants say they cannot keep up.[2]",
            "Landlords disagree.[3]",
            "",
            "Notes",
            "",
            "[1] Ann Lee, “Rents rise again,” The Daily Record, December 4, 2019.",
            "[2] This is the author's own estimate.",
            "[3] Dr. Ann Lee.",
            "",
        ]
    )
    (tmp_path / "sources" / "rents.txt").write_text(text, encoding="utf-8")
    result = explainer("check", "--data", str(tmp_path / "none"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sources/rents.txt:10: warning: note [3] names no title or address" in result.stdout
    assert "note [1]" not in result.stdout
    assert "note [2]" not in result.stdout
    assert (
        explainer("check", "--strict", "--data", str(tmp_path / "none"), cwd=tmp_path).returncode
        == 1
    )
