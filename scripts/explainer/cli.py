"""The `explainer` command: `parse`, `build`, `serve`.

Every failure ends with a one-line message (`file:line: …`) and a non-zero exit, never a
traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explainer.argument_corpus import TRAINING_CORPORA
from explainer.guard import DEBUG_ENV, guarded
from explainer.model import Article, Diagnostic
from explainer.outline import explain, outline
from explainer.output_dir import (
    STAGING_MARKER,
    check_site_dir,
    mark_site,
    mark_staging,
    remove_stale_staging,
)
from explainer.pages import load_article

if TYPE_CHECKING:
    from explainer.argument import ArgumentSummary


def _article_json(article: Article) -> dict[str, object]:
    data = dataclasses.asdict(article)
    data["date"] = article.date.iso() if article.date else None
    data["paragraph_count"] = len(article.paragraphs)
    for note, raw in zip(article.notes, data["notes"], strict=True):
        raw["reference"]["date"] = note.reference.date.iso() if note.reference.date else None
    data["diagnostics"] = [str(d) for d in article.diagnostics]
    return data


def _load(name: str) -> tuple[Article | None, list[Diagnostic]]:
    """Read and parse one file named on the command line, guarded.

    Returns:
        The article (`None` if the file is missing or its parsing failed) and the problems
        to print: a missing file, a stage failure, and the article's errors.
    """
    path = Path(name)
    if not path.is_file():
        problem = "is a folder, not a file" if path.is_dir() else "no such file"
        return None, [Diagnostic(name, 0, "no-file", problem, "error")]
    article, failed = guarded("reading and parsing", name, None, load_article, path)
    if article is None:
        return None, list(failed)
    return article, [d for d in article.diagnostics if d.severity == "error"]


def cmd_parse(args: argparse.Namespace) -> int:
    """Print what the parser understood of one or more source files.

    Args:
        args: Parsed command-line arguments (`files`, `json`, `explain`).

    Returns:
        The exit status: 1 if any file has an error.
    """
    status = 0
    results = []
    for name in args.files:
        article, errors = _load(name)
        for error in errors:
            print(error, file=sys.stderr)
        status = 1 if errors else status
        if article is None:
            continue
        if args.json:
            results.append(_article_json(article))
            continue
        print(outline(article))
        if args.explain:
            print()
            print(explain(article))
    if args.json:
        payload = results[0] if len(results) == 1 else results
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    return status


def _site_url_diagnostics(config_file: Path) -> list[Diagnostic]:
    """A warning when `mkdocs.yml` has no real `site_url` (citations need one)."""
    import re

    from explainer.safe import site_url_problem

    if not config_file.is_file():
        return []
    url, line = "", 0
    lines = config_file.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, text in enumerate(lines, start=1):
        found = re.match(r"site_url:\s*(.*?)\s*$", text)
        if found:
            url, line = found.group(1).strip("'\""), number
            break
    problem = site_url_problem(url)
    return [Diagnostic(str(config_file), line, "site-url", problem)] if problem else []


def cmd_check(args: argparse.Namespace) -> int:
    """Check the sources and the data files without building the site.

    Prints every diagnostic, and warns about glossary entries and entities that no article
    uses (they are kept, but may be misspelt or no longer needed).

    Args:
        args: Parsed command-line arguments (`sources`, `data`, `strict`).

    Returns:
        1 if there is an error (or, with `--strict`, a warning), else 0; `info`
        diagnostics (what the parser did) never count.
    """
    from explainer import cite
    from explainer.diagnostics import CATALOGUE, explain
    from explainer.pages import build_pages

    if args.explain:
        print(explain(args.explain))
        return 0 if args.explain in CATALOGUE else 2

    result = build_pages(Path(args.sources), Path(args.data))
    diagnostics = list(result.diagnostics)
    glossary_file = str(Path(args.data) / "glossary.yml")
    entities_file = str(Path(args.data) / "entities.yml")
    diagnostics += [
        Diagnostic(
            glossary_file, t.line, "glossary-unused", f"entry {t.term!r} is used in no article"
        )
        for t in result.unused_terms()
    ]
    diagnostics += [
        Diagnostic(
            entities_file, e.line, "entity-unused", f"entity {e.name!r} is mentioned in no article"
        )
        for e in result.unmentioned_entities()
    ]
    diagnostics += [d for article in result.articles for d in cite.reference_diagnostics(article)]
    diagnostics += _site_url_diagnostics(Path(args.config_file))
    for diagnostic in diagnostics:
        print(diagnostic)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    infos = len(diagnostics) - errors - warnings
    print(
        f"{len(result.articles)} articles, {len(result.terms)} glossary terms, "
        f"{len(result.entities)} entities: {errors} errors, {warnings} warnings"
        + (f", {infos} notes" if infos else "")
    )
    return 1 if errors or (args.strict and warnings) else 0


def cmd_suggest(args: argparse.Namespace) -> int:
    """Propose glossary terms or entities for articles, ranked, with where they occur.

    Args:
        args: Parsed command-line arguments (`what`, `files`, `data`, `limit`, `json`).

    Returns:
        The exit status.
    """
    from explainer.entities import load_entities
    from explainer.glossary import load_glossary
    from explainer.suggest import suggest_entities, suggest_terms

    articles = []
    for name in args.files:
        article, errors = _load(name)
        for error in errors:
            print(error, file=sys.stderr)
        if article is None:
            return 1
        articles.append(article)
    terms, _ = load_glossary(Path(args.data) / "glossary.yml")
    known = [n for t in terms for n in (t.term, *t.aliases, *t.forms)]
    if args.what == "terms":
        candidates = suggest_terms(articles, known, limit=args.limit)
    else:
        entities, _ = load_entities(Path(args.data) / "entities.yml")
        known += [
            n for e in entities for n in (e.name, *e.aliases)
        ]  # a glossary name is no new entity
        candidates = suggest_entities(articles, known, limit=args.limit)
    if args.json:
        print(json.dumps([dataclasses.asdict(c) for c in candidates], ensure_ascii=False, indent=2))
        return 0
    if not candidates:
        print(f"No new {args.what} to suggest.")
    for candidate in candidates:
        where = ", ".join(f"{slug} ¶{n}" for slug, n in candidate.paragraphs[:6])
        more = f" (+{len(candidate.paragraphs) - 6} more)" if len(candidate.paragraphs) > 6 else ""
        print(
            f"{candidate.score:6.2f}  {candidate.count:>3}×  {candidate.phrase:<35} {candidate.kind:<12} {where}{more}"
        )
    return 0


_SUMMARY_LABELS = {
    "thesis": "Thesis",
    "claim": "Claim",
    "premise": "  Evidence",
    "concession": "Concession",
    "recommendation": "Recommendation",
}
"""How `explainer summarize` labels each role."""


def _print_summary(article: Article, summary: ArgumentSummary) -> None:
    """Print one article's summary as text: a line per unit, with who should act and where the reply is."""
    print(f"# {article.title}")
    for unit in summary.units:
        agent = f" [who should act: {unit.agent}]" if unit.agent else ""
        reply = (
            f" [reply: ¶{summary.units[unit.reply].paragraph}]" if unit.reply is not None else ""
        )
        print(
            f"{_SUMMARY_LABELS[unit.type]:<15} ¶{unit.paragraph:<3} ({unit.confidence:.2f}) {unit.text}{agent}{reply}"
        )
    print()


def cmd_summarize(args: argparse.Namespace) -> int:
    """Print the argument summary of articles, or of JSON Lines records.

    Args:
        args: Parsed command-line arguments (`files`, `json`, `jsonl`).

    Returns:
        The exit status.
    """
    from explainer.argument import summarize_article
    from explainer.evaluate import summarize_record

    if args.jsonl:
        return _summarize_jsonl(Path(args.jsonl), summarize_record)
    if not args.files:
        print("explainer summarize: give FILE... or --jsonl IN.jsonl", file=sys.stderr)
        return 2
    status = 0
    results = []
    for name in args.files:
        article, errors = _load(name)
        summary = None
        if article is not None:
            summary, failed = guarded("argument summary", name, None, summarize_article, article)
            errors += failed
        for error in errors:
            print(error, file=sys.stderr)
        status = 1 if errors else status
        if article is None or summary is None:
            continue
        if args.json:
            results.append(summary.to_json())
            continue
        _print_summary(article, summary)
    if args.json:
        print(
            json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2)
        )
    return status


def _summarize_jsonl(path: Path, summarize_record: Any) -> int:
    """`--jsonl`: one summary line per input record."""
    if not path.is_file():
        print(f"{path}:0: error: no such file", file=sys.stderr)
        return 1
    status = 0
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise TypeError("`text` must be a string")
                summary, _ = summarize_record(
                    str(record["id"]), str(record.get("title") or ""), str(record["text"])
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                print(
                    f"{path}:{number}: error: not a record with id and text ({error})",
                    file=sys.stderr,
                )
                status = 1
                continue
            print(json.dumps(summary.to_json(), ensure_ascii=False))
    return status


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the summarizer on annotated corpora and print (or write) the report.

    With two corpora or more, leave-one-corpus-out: each is scored by a model trained on
    the others. With one, the committed model is used (the report says what it was trained
    on).

    Args:
        args: Parsed command-line arguments (`corpora`, `write`).

    Returns:
        The exit status.
    """
    from explainer.argument_model import default_model
    from explainer.errors import CorpusError
    from explainer.evaluate import evaluate, evaluate_leave_one_out, read_records

    corpora = {}
    for name in args.corpora:
        path = Path(name)
        if not path.is_file():
            print(f"{name}:0: error: no such file", file=sys.stderr)
            return 1
        try:
            corpora[path.name] = read_records(path)
        except CorpusError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    if len(corpora) >= 2:
        report = evaluate_leave_one_out(corpora)
    else:
        report = {
            name: {"trained_on": list(default_model().trained_on), **evaluate(records)}
            for name, records in corpora.items()
        }
    text = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
        print(f"Wrote {args.write}")
    else:
        print(text, end="")
    return 0


def _load_config(args: argparse.Namespace, **overrides: object) -> object:
    from mkdocs.config import load_config

    return load_config(config_file=args.config_file, **overrides)  # type: ignore[arg-type]


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site. The old site is replaced only when the new one is complete.

    Args:
        args: Parsed command-line arguments (`strict`, `site_dir`, `config_file`).

    Returns:
        The exit status.
    """
    from mkdocs.commands.build import build

    config = _load_config(args, strict=args.strict)
    site_dir = Path(args.site_dir or config["site_dir"]).absolute()  # type: ignore[index]
    refusal = check_site_dir(site_dir.resolve(), *_project_paths(config))
    if refusal is not None:
        print(f"error: --site-dir: {refusal}", file=sys.stderr)
        return 2
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        mark_staging(staging)
        config["site_dir"] = str(staging)  # type: ignore[index]
        build(config)  # type: ignore[arg-type]
        (staging / STAGING_MARKER).unlink()
        mark_site(staging)
        old = site_dir.with_name(f".{site_dir.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if site_dir.exists():
            site_dir.rename(old)
        staging.rename(site_dir)
        if old.exists():
            shutil.rmtree(old)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if staging.exists():
            shutil.rmtree(staging)
    print(f"Site built: {site_dir / 'index.html'}")
    return 0


def _exit_on_signal(signum: int, frame: object) -> None:
    """SIGTERM ends the build like Ctrl-C does: through `finally`, so no staging folder stays."""
    raise SystemExit(128 + signum)


def _project_paths(config: object) -> tuple[Path, list[Path]]:
    """The config file's folder, and the project's own folders a site may not touch."""
    conf: Any = config
    project = Path(conf["config_file_path"] or "mkdocs.yml").resolve().parent
    inner = [Path(conf["config_file_path"] or project / "mkdocs.yml").resolve(), project / ".git"]
    inner.append(Path(conf["docs_dir"]).resolve())
    custom = getattr(conf["theme"], "custom_dir", None)
    if custom:
        inner.append(Path(custom).resolve())
    plugin = conf["plugins"].get("explainer")
    if plugin is not None:
        for option in ("sources_dir", "data_dir", "cache_dir"):
            value = plugin.config.get(option)
            if value:
                inner.append((project / value).resolve())
    return project, inner


def cmd_export(args: argparse.Namespace) -> int:
    """Write the offline exports (site zip, single HTML, PDF, EPUB) into `dist/`.

    Args:
        args: Parsed command-line arguments (`config_file`, `dist`, `formats`).

    Returns:
        The exit status.
    """
    from explainer.export import export

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    export(args.config_file, Path(args.dist), formats, progress=lambda m: print(m, flush=True))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the site with live reload; edits to sources rebuild the pages.

    Args:
        args: Parsed command-line arguments (`config_file`, `dev_addr`).

    Returns:
        The exit status.
    """
    from mkdocs.commands.serve import serve

    # Dirty builds: after an edit, only pages whose Markdown changed are rendered again
    # (see explainer.incremental).
    serve(
        config_file=args.config_file,
        dev_addr=args.dev_addr,
        livereload=True,
        build_type="dirty",
    )
    return 0


DEFAULT_CORPORA = TRAINING_CORPORA
"""Corpora `explainer eval` scores by default (leave-one-corpus-out), from the repository root."""


def _add_parse(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`explainer parse FILE…`: what the parser understood of source files."""
    parse = commands.add_parser("parse", help="show what the parser understood of source files")
    parse.add_argument("files", nargs="+", metavar="FILE")
    parse.add_argument("--json", action="store_true", help="print the article model as JSON")
    parse.add_argument(
        "--explain",
        action="store_true",
        help="also print every block of the source with its role and the rule that decided it",
    )
    parse.set_defaults(func=cmd_parse)


def _add_build(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`explainer build`: build the site."""
    build = commands.add_parser("build", help="build the site")
    build.add_argument(
        "--strict", action="store_true", help="fail on any warning (broken links, note problems)"
    )
    build.add_argument(
        "--site-dir", help="where to write the site (default: site_dir of mkdocs.yml)"
    )
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.set_defaults(func=cmd_build)


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`explainer export`: the offline formats."""
    from explainer.export import FORMATS

    export = commands.add_parser(
        "export", help="write the offline site zip, one HTML file, a PDF and an EPUB to dist/"
    )
    export.add_argument("--dist", default="dist", help="output folder (default: dist)")
    export.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"comma-separated subset of {','.join(FORMATS)} (default: all)",
    )
    export.add_argument("-f", "--config-file", default="mkdocs.yml")
    export.set_defaults(func=cmd_export)


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`explainer check`: check sources and data files."""
    check = commands.add_parser(
        "check", help="check sources and data files; warn about unused entries"
    )
    check.add_argument("--sources", default="sources", help="sources folder (default: sources)")
    check.add_argument("--data", default="data", help="data folder (default: data)")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("-f", "--config-file", default="mkdocs.yml", help="site configuration (default: mkdocs.yml)")
    check.add_argument("--explain", metavar="CODE", help="say what a diagnostic code means and what to do, then stop")
    check.set_defaults(func=cmd_check)


def _add_suggest(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`explainer terms suggest FILE…` and `explainer entities suggest FILE…`."""
    for what in ("terms", "entities"):
        group = commands.add_parser(what, help=f"{what} tools")
        actions = group.add_subparsers(dest="action", required=True)
        suggest = actions.add_parser("suggest", help=f"propose new {what} for articles")
        suggest.add_argument("files", nargs="+", metavar="FILE")
        suggest.add_argument("--data", default="data", help="data folder (default: data)")
        suggest.add_argument("--limit", type=int, default=30, help="how many to show (default: 30)")
        suggest.add_argument("--json", action="store_true", help="print JSON")
        suggest.set_defaults(func=cmd_suggest, what=what)


def _add_summarize(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`explainer summarize [FILE…]`: argument summaries."""
    summarize = commands.add_parser("summarize", help="print the argument summary of articles")
    summarize.add_argument("files", nargs="*", metavar="FILE")
    summarize.add_argument("--json", action="store_true", help="print JSON")
    summarize.add_argument(
        "--jsonl",
        metavar="IN.jsonl",
        help="summarize records {id, title, text}, one JSON line each",
    )
    summarize.set_defaults(func=cmd_summarize)


def _add_eval(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`explainer eval [CORPUS.jsonl…]`: score the summarizer."""
    evaluate = commands.add_parser(
        "eval", help="score the argument summarizer on annotated corpora"
    )
    evaluate.add_argument(
        "corpora",
        nargs="*",
        metavar="CORPUS.jsonl",
        default=list(DEFAULT_CORPORA),
    )
    evaluate.add_argument(
        "--write", metavar="FILE", help="write the JSON report to FILE (e.g. data/eval.json)"
    )
    evaluate.set_defaults(func=cmd_eval)


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`explainer serve`: preview with live reload."""
    serve = commands.add_parser("serve", help="preview the site with live reload")
    serve.add_argument("-f", "--config-file", default="mkdocs.yml")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)


SUBCOMMANDS = (
    _add_parse, _add_build, _add_export, _add_check, _add_suggest, _add_summarize, _add_eval, _add_serve
)
"""One function per subcommand, adding its arguments; in the order `--help` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `explainer` command: the global options, then each
    subcommand of [SUBCOMMANDS][explainer.cli.SUBCOMMANDS].

    Returns:
        The parser.
    """
    parser = argparse.ArgumentParser(
        prog="explainer", description="Turn opinion articles into an explainer site."
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="let unexpected errors through with their traceback (for bug reports)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for add_subcommand in SUBCOMMANDS:
        add_subcommand(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments (default: `sys.argv[1:]`).

    Returns:
        The exit status.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    from mkdocs.exceptions import MkDocsException

    from explainer.errors import CslError, ExportError, SourcesError

    if args.debug:
        os.environ[DEBUG_ENV] = "1"
    try:
        status = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except (CslError, SourcesError, ExportError) as error:
        print(f"explainer: error: {error}", file=sys.stderr)
        return 1
    except MkDocsException as error:
        message = str(error).strip() or type(error).__name__
        print(f"explainer: {message}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"explainer: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - never a traceback unless --debug
        if args.debug:
            raise
        print(
            f"explainer: error: unexpected {type(error).__name__}: {error} "
            "(run `explainer --debug …` for the traceback)",
            file=sys.stderr,
        )
        return 1


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (`explainer parse f | head`): stop quietly.

    As the Python documentation recommends (signal module, "Note on SIGPIPE"), standard
    output is pointed at `os.devnull` so that the flush at exit does not fail again.

    Returns:
        1, the status Python gives a process that ends on a broken pipe.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
