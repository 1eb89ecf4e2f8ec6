"""Every diagnostic the generator reports: its code, usual severity, and what to do about it.

A [Diagnostic][explainer.model.Diagnostic] names a file, a line and a code
(`sources/x.txt:12: warning: … [note-missing]`). This catalogue says, for each code, which
stage reports it and how to fix what it found; `explainer check --explain CODE` prints one
entry and the site's "Diagnostics" page lists them all. A test checks that every code the
package reports is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Code:
    """One diagnostic code."""

    code: str
    severity: Severity
    """How it is usually reported (some codes are errors or warnings depending on the case)."""
    stage: str
    """Which stage reports it."""
    meaning: str
    """What was found, in one line."""
    fix: str
    """What to do, in one line."""


_CODES = (
    # Reading files
    Code("unreadable", "error", "reading", "The file could not be read (permissions, a folder, a broken disk).", "Check the file exists and can be read."),
    Code("binary-source", "error", "reading", "The file is not text (an image, a PDF, a word-processor file).", "Save or export the article as plain text (.txt) or Markdown (.md)."),
    Code("bad-encoding", "error", "reading", "The text is in no encoding the reader knows, or mixes several.", "Save the file as UTF-8."),
    Code("control-characters", "warning", "reading", "The text holds invisible control characters; they were removed.", "Nothing, unless text is missing around the reported line."),
    Code("source-refused", "warning", "reading", "A symbolic link, a pipe or a file over the size limit was not read.", "Copy the article into sources/ as an ordinary file."),
    Code("empty-source", "error", "parsing", "The file has no text.", "Paste the article into the file, or delete it."),
    Code("no-body", "warning", "parsing", "A title but no paragraphs were found.", "Separate the paragraphs with blank lines."),
    Code("title-too-long", "warning", "parsing", "The title is longer than a title can be; it was cut.", "Check the title is alone on the first line, or give `title:` in the sidecar."),
    Code("front-matter", "warning", "parsing", "A Markdown file's front matter is not valid YAML or has wrong types.", "Fix the YAML between the `---` lines."),
    Code("double-spacing", "info", "parsing", "Blank lines after every line (a PDF copy) were undone.", "Nothing; check the paragraphs look right."),
    # Notes
    Code("note-missing", "warning", "notes", "A marker in the text has no note in the notes list.", "Add the note, or remove the marker."),
    Code("note-uncited", "warning", "notes", "A note in the notes list has no marker in the text.", "Add the marker where the note belongs, or remove the note."),
    Code("note-duplicate", "warning", "notes", "Two notes have the same label.", "Give each note its own label, or mark a repeat as `*(2)`."),
    Code("note-repeat-unresolved", "warning", "notes", "An Ibid. or op. cit. that repeats no earlier note.", "Write out the source the note repeats."),
    Code("note-unparsed", "warning", "citations", "A note names no title or address that could be read as a source.", "Write the note as `Author, “Title,” Outlet, Date: URL`."),
    Code("note-url-missing", "warning", "citations", "A note ends with ':' where a web address was lost.", "Paste the address after the colon."),
    # Sidecars and the original's reference
    Code("sidecar-yaml", "error", "reading", "The sidecar (`<slug>.yml`) is not valid YAML.", "Fix the YAML at the reported line."),
    Code("sidecar-type", "error", "reading", "A sidecar value has the wrong type or form.", "Give the value in the form the message names (README: sidecar fields)."),
    Code("sidecar-url", "error", "reading", "The sidecar's `url` is not a web address.", "Give an http:// or https:// address."),
    Code("sidecar-key", "warning", "reading", "The sidecar has a key the generator does not know.", "Check the spelling against the README's list of sidecar fields."),
    Code("sidecar-orphan", "warning", "build", "A sidecar has no article of the same name.", "Rename it to match its article, or delete it."),
    Code("original-incomplete", "warning", "citations", "The original's reference lacks what a reader needs to find it.", "Add `url`, `publisher` or `container_title`, `authors`, `date` to the sidecar."),
    # Data files
    Code("glossary-yaml", "error", "glossary", "data/glossary.yml is not valid YAML.", "Fix the YAML at the reported line."),
    Code("glossary-schema", "error", "glossary", "A glossary entry lacks a field or has a wrong type; it is left out.", "Give `term` and `definition` as text (see the README)."),
    Code("glossary-duplicate", "error", "glossary", "Two glossary entries (or an alias and an entry) share a name.", "Merge the entries or rename one."),
    Code("glossary-see-also", "error", "glossary", "A `see_also` names no entry of the glossary.", "Correct the name or remove it."),
    Code("glossary-unused", "warning", "check", "A glossary entry is used in no article.", "Nothing, or remove the entry if it is misspelt or no longer needed."),
    Code("entities-yaml", "error", "entities", "data/entities.yml is not valid YAML.", "Fix the YAML at the reported line."),
    Code("entities-schema", "error", "entities", "An entity lacks a field or has a wrong type; it is left out.", "Give `name` and `description` as text (see the README)."),
    Code("entities-duplicate", "error", "entities", "Two entities share a name or alias.", "Merge them or rename one."),
    Code("entity-unused", "warning", "check", "An entity is mentioned in no article.", "Nothing, or remove it if it is misspelt or no longer needed."),
    # The build
    Code("slug-clash", "error", "build", "Two sources would make the same page (`a.txt` and `a.md`).", "Rename one of them."),
    Code("slug-reserved", "error", "build", "A source is named like a page the site needs (`index`).", "Rename the source."),
    Code("stage-failed", "error", "build", "A stage failed on one article; its page was built without that part, or left out.", "Report it with the file; `explainer --debug` shows the traceback."),
    Code("site-url", "warning", "check", "`site_url` in mkdocs.yml is a placeholder: citations point nowhere.", "Set `site_url` to the address the site is published at."),
    Code("no-file", "error", "check", "A file named on the command line does not exist.", "Check the path."),
)

CATALOGUE: dict[str, Code] = {code.code: code for code in _CODES}
"""Every code, by name."""


def explain(code: str) -> str:
    """One code explained, as `explainer check --explain CODE` prints it.

    Examples:
        >>> print(explain("note-missing"))
        note-missing (warning, notes): A marker in the text has no note in the notes list.
        Fix: Add the note, or remove the marker.
    """
    entry = CATALOGUE.get(code)
    if entry is None:
        return f"unknown code {code!r}; known codes: {', '.join(sorted(CATALOGUE))}"
    return f"{entry.code} ({entry.severity}, {entry.stage}): {entry.meaning}\nFix: {entry.fix}"
