"""`make bench`: build sites of 10, 100, 200 and 1,000 articles and measure every stage.

The articles are real texts from `../shared/corpora/` (Goldman's essays with their endnotes,
the argumentative microtexts and the eRulemaking comments), repeated with new slugs until
there are enough. For each size the script reports the seconds of each generator stage
(from `build_pages(timings=…)`), the full `explainer build` cold (wall time and peak memory
of the process) and again right after with a warm citation cache, a bare `mkdocs build` of
the same generated Markdown without the explainer plugin, the offline zip export, search
latency in the offline site, the HTML size of the article pages and of the search index,
and (for small sites) how long `explainer serve` takes to show an edit of one source.

Results go to `benchmarks/RESULTS.md` (a Markdown table) and `benchmarks/results.png`.
Run: `make bench` (or `.venv/bin/python benchmarks/bench.py 10 100 200 1000 --serve-max 200`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from explainer.mkdocs_plugin import MARKDOWN_EXTENSIONS, SCRIPTS, STYLESHEETS, THEME_DIR

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
BIN = ROOT / ".venv" / "bin"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
STAGES = ("parse", "glossary", "related", "argument", "citation", "citation_wait", "render")
BUILD = [str(BIN / "explainer"), "build", "--site-dir", "site"]
DEFAULT_SIZES = (10, 100, 200, 1000)
SERVE_MAX = 200
"""Largest site whose rebuild under `explainer serve` is measured by default."""
REFERENCE_WORDS = 1600
"""Length of the issue's reference article page."""
NOT_MEASURED = -1


def corpus_texts() -> list[tuple[str, str]]:
    """(title, text) of every corpus record with some substance, long essays first."""
    records = []
    for name in ("endnotes-goldman.jsonl", "microtexts-part1.jsonl", "cdcp-train.jsonl"):
        for line in (CORPORA / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = record["text"].strip()
            if len(text.split()) >= 40:
                title = record.get("title") or " ".join(text.split()[:8])
                records.append((str(title).strip() or "Untitled", text))
    return records


def make_project(folder: Path, count: int) -> None:
    """A copy of the project's site settings and pages with `count` articles in sources/."""
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("reference"))
    shutil.copytree(ROOT / "data", folder / "data")
    # `explainer export` vendors the iframe-worker shim from node_modules beside mkdocs.yml.
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The API reference documents the generator, not the articles: leave it out.
    config = config.replace("  - Generator API: reference/api.md\n", "")
    start = config.index("  - mkdocstrings:")
    end = config.index("markdown_extensions:")
    config = config[:start] + "\n" + config[end:]
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    sources = folder / "sources"
    sources.mkdir()
    texts = corpus_texts()
    for index in range(count):
        title, text = texts[index % len(texts)]
        copy = index // len(texts)
        heading = title if copy == 0 else f"{title} ({copy + 1})"
        (sources / f"bench-{index:04d}.txt").write_text(f"{heading}\n\n{text}\n", encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of a command, run as its own process."""
    start = time.perf_counter()
    wrapper = ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() else command
    done = subprocess.run(wrapper, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    peak = 0
    if wrapper is not command:
        last = done.stderr.strip().splitlines()[-1]
        peak = int(last) if last.isdigit() else 0
    else:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak


def stage_times(folder: Path) -> tuple[dict[str, float], dict[str, str]]:
    """Seconds per generator stage, and the generated pages (for the bare MkDocs build)."""
    code = (
        "import json,sys; from pathlib import Path; from explainer.pages import build_pages;"
        "from explainer.cite import Edition; t={};"
        "r=build_pages(Path('sources'), Path('data'), timings=t, edition=Edition());"
        "json.dump({'t': t, 'pages': r.pages, 'files': r.files}, sys.stdout)"
    )
    done = subprocess.run(
        [str(BIN / "python"), "-c", code],
        cwd=folder,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    return data["t"], {**data["pages"], **data["files"]}


def bare_project(folder: Path, pages: dict[str, str]) -> Path:
    """The same generated Markdown in a stock MkDocs + Material project (no explainer plugin)."""
    bare = folder / "bare"
    shutil.copytree(folder / "docs", bare / "docs")
    for uri, content in pages.items():
        path = bare / "docs" / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    config = yaml.safe_load(
        (folder / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("!ENV [EXPLAINER_OFFLINE, false]", "false")
    )
    config["plugins"] = ["search", "tags"]
    # What the plugin brings, by hand: its templates and assets, its Markdown extensions.
    config["theme"]["custom_dir"] = str(THEME_DIR)
    config["extra_css"] = list(STYLESHEETS)
    config["extra_javascript"] = list(SCRIPTS)
    config["markdown_extensions"] += [
        name for name in MARKDOWN_EXTENSIONS if name not in config["markdown_extensions"]
    ]
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return bare


def page_sizes(folder: Path) -> dict[str, float]:
    """Median and largest article page (KB), and the page whose source is nearest 1,600 words."""
    kilobytes = {
        page.parent.name: page.stat().st_size / 1024
        for page in (folder / "site" / "articles").glob("*/index.html")
    }
    words = {
        source.stem: len(source.read_text(encoding="utf-8").split())
        for source in sorted((folder / "sources").glob("*.txt"))
    }
    reference = min(words, key=lambda slug: abs(words[slug] - REFERENCE_WORDS))
    return {
        "article_median_kb": round(statistics.median(kilobytes.values()), 1),
        "article_max_kb": round(max(kilobytes.values()), 1),
        "article_1600w_kb": round(kilobytes[reference], 1),
        "article_1600w_words": words[reference],
    }


def measure(count: int, serve: bool) -> dict[str, float]:
    """Everything for one size (the rebuild under `explainer serve` only if `serve`)."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{count}-") as tmp:
        folder = Path(tmp)
        make_project(folder, count)
        stages, pages = stage_times(folder)
        build, peak = timed(BUILD, folder)
        warm_build, _ = timed(BUILD, folder)
        sizes = page_sizes(folder)
        index = folder / "site" / "search" / "search_index.json"
        bare = bare_project(folder, pages)
        bare_seconds, _ = timed([str(BIN / "mkdocs"), "build", "-q", "--site-dir", "site"], bare)
        export_seconds, export_peak = timed(
            [str(BIN / "explainer"), "export", "--dist", "dist", "--formats", "zip"], folder
        )
        unzipped = folder / "unzipped"
        shutil.unpack_archive(next((folder / "dist").glob("*.zip")), unzipped)
        search = (
            search_latency(next(unzipped.iterdir()))
            if Path("/usr/bin/chromium").exists()
            else NOT_MEASURED
        )
        # Last: it edits a source.
        rebuild = serve_rebuild(folder, f"bench-{min(5, count - 1):04d}") if serve else NOT_MEASURED
        return {
            "articles": count,
            **{f"{s}_s": round(stages.get(s, 0.0), 2) for s in STAGES},
            "build_s": round(build, 2),
            "peak_mib": round(peak / 1024),
            "warm_build_s": round(warm_build, 2),
            "bare_mkdocs_s": round(bare_seconds, 2),
            "ratio": round(build / bare_seconds, 2),
            "warm_ratio": round(warm_build / bare_seconds, 2),
            "serve_rebuild_s": round(rebuild, 2),
            "export_zip_s": round(export_seconds, 2),
            "export_peak_mib": round(export_peak / 1024),
            "search_s": round(search, 2),
            **sizes,
            "search_index_kb": round(index.stat().st_size / 1024),
        }


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(folder: Path, timeout: float = 900.0) -> Iterator[str]:
    """Run `explainer serve` in `folder`; yields the site's URL once it is serving.

    The server's output is drained by a thread (so its pipe never fills); the server is
    terminated on leaving, killed if it does not stop within 10 s.
    """
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "explainer"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=folder,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready, ended = threading.Event(), threading.Event()
    tail: deque[str] = deque(maxlen=30)

    def drain() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            tail.append(line)
            if "Serving on" in line:
                ready.set()
        ended.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.perf_counter() + timeout
        while not ready.wait(0.2):
            if ended.is_set() or time.perf_counter() > deadline:
                raise RuntimeError("explainer serve did not start:\n" + "".join(tail))
        config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
        site_url = re.search(r"^site_url:\s*(\S+)", config, re.MULTILINE)
        path = urlsplit(site_url.group(1)).path if site_url else "/"
        yield f"http://127.0.0.1:{port}{path.rstrip('/')}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)


def fetch(url: str) -> str:
    """The text at `url`, or "" while the server cannot answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""


def wait_for(url: str, text: str, start: float, timeout: float = 120.0) -> float:
    """Poll `url` every 50 ms until it contains `text`; seconds since `start`."""
    while text not in fetch(url):
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")
        time.sleep(0.05)
    return time.perf_counter() - start


def with_paragraph(text: str, paragraph: str) -> str:
    """`text` with `paragraph` added as the body's last paragraph, before the endnotes if any.

    (A paragraph after the endnotes would turn them into body text, and the citations with them.)
    """
    notes = list(re.finditer(r"^\[1\] ", text, re.MULTILINE))
    end = notes[-1].start() if notes else len(text)
    return f"{text[:end].rstrip()}\n\n{paragraph}\n\n{text[end:]}".rstrip() + "\n"


def serve_rebuild(folder: Path, slug: str, trials: int = 3) -> float:
    """Median seconds from adding a paragraph to one source until `serve` shows it.

    A trial that times out is reported on stderr, and the size gets -1.
    """
    source = folder / "sources" / f"{slug}.txt"
    seconds = []
    try:
        with serving(folder) as site:
            url = f"{site}articles/{slug}/"
            wait_for(url, "</html>", time.perf_counter())
            for trial in range(trials):
                time.sleep(1.5)  # Let the watcher settle after the last rebuild.
                word = f"benchword{trial}x{secrets.token_hex(4)}"
                text = with_paragraph(
                    source.read_text(encoding="utf-8"), f"A new closing paragraph mentions {word}."
                )
                start = time.perf_counter()
                source.write_text(text, encoding="utf-8")
                seconds.append(wait_for(url, word, start))
    except TimeoutError as error:
        print(f"  serve rebuild not measured: {error}", file=sys.stderr, flush=True)
        return NOT_MEASURED
    print(f"  serve rebuild trials: {', '.join(f'{s:.2f}' for s in seconds)} s", flush=True)
    return statistics.median(seconds)


def search_latency(site_dir: Path, word: str = "government") -> float:
    """Seconds from typing a word into Material's search (file://, no network) to results."""
    from playwright.sync_api import sync_playwright

    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        page.goto((site_dir / "index.html").as_uri())
        page.wait_for_load_state("load")
        page.click("input.md-search__input")
        start = time.perf_counter()
        page.keyboard.type(word)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60_000)
        seconds = time.perf_counter() - start
        browser.close()
    return seconds


COLUMNS = (
    "Stage columns (`parse_s` … `render_s`) are seconds inside `build_pages`; `citation_s` "
    "runs in a background thread beside glossary, related and argument, and "
    "`citation_wait_s` is how long the build then still waited for it.",
    "`build_s` is the whole `explainer build` (all stages + MkDocs) in its own process with a "
    "cold citation cache, `peak_mib` its peak memory; `warm_build_s` is a second build right "
    "after it in the same folder (stage and citation caches in `.cache/explainer` warm).",
    "`bare_mkdocs_s` builds the same generated Markdown with stock MkDocs + Material; "
    "`ratio` = build / bare and `warm_ratio` = warm build / bare.",
    "`serve_rebuild_s` is the median of 3 trials of `explainer serve`: seconds from "
    "adding a paragraph to one source (before its endnotes) until the served page shows it.",
    "`export_zip_s` and `export_peak_mib` are the offline zip export; `search_s` is the "
    "seconds from typing a word into search in the unzipped offline site to the first result.",
    "`article_median_kb` and `article_max_kb` are the median and largest article page HTML; "
    "`article_1600w_kb` is the page of the source closest to 1,600 words "
    "(`article_1600w_words` words); `search_index_kb` is `search/search_index.json`.",
    "-1: not measured: `serve_rebuild_s` above `--serve-max` (200 articles by default) or "
    "after a 120 s timeout, `search_s` without `/usr/bin/chromium`.",
)


def write_report(rows: list[dict[str, float]]) -> None:
    """RESULTS.md and results.png next to this script."""
    out = Path(__file__).parent
    keys = list(rows[0])
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}. Command: `make bench`.",
        "",
        *(f"- {text}" for text in COLUMNS),
        "",
        "| " + " | ".join(keys) + " |",
        "|" + "---|" * len(keys),
    ]
    lines += ["| " + " | ".join(str(row[k]) for k in keys) + " |" for row in rows]
    (out / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot (pip install -e '.[bench]')", file=sys.stderr)
        return
    figure, axis = plt.subplots(figsize=(7, 4), dpi=100)
    for key in ("build_s", "warm_build_s", "bare_mkdocs_s", "citation_s", "serve_rebuild_s"):
        points = [(row["articles"], row[key]) for row in rows if row[key] > 0]
        if points:
            axis.plot(*zip(*points, strict=True), marker="o", label=key)
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("articles")
    axis.set_ylabel("seconds")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(out / "results.png", metadata={"Software": None})


def summarize_jsonl(count: int = 1000) -> float:
    """Seconds `explainer summarize --jsonl` takes on `count` real records (issue 16: < 60 s)."""
    texts = corpus_texts()
    with tempfile.TemporaryDirectory() as temporary:
        path = Path(temporary) / "records.jsonl"
        lines = [
            json.dumps({"id": f"r{i}", "title": texts[i % len(texts)][0], "text": texts[i % len(texts)][1]})
            for i in range(count)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        seconds, _ = timed([str(BIN / "explainer"), "summarize", "--jsonl", str(path)], Path(temporary))
    return round(seconds, 1)


def main(argv: list[str]) -> int:
    """Measure each size given (default 10, 100, 200, 1000) and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument(
        "--serve-max",
        type=int,
        default=SERVE_MAX,
        help="measure the rebuild under `explainer serve` only up to this many articles",
    )
    args = parser.parse_args(argv)
    rows = []
    for count in args.sizes:
        print(f"{count} articles …", flush=True)
        row = measure(count, serve=count <= args.serve_max)
        print("  " + ", ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        rows.append(row)
    summarize_s = summarize_jsonl()
    print(f"summarize --jsonl, 1,000 records: {summarize_s} s", flush=True)
    write_report(rows)
    with (Path(__file__).parent / "RESULTS.md").open("a", encoding="utf-8") as report:
        report.write(f"\n`explainer summarize --jsonl` on 1,000 real records: {summarize_s} s (target < 60 s).\n")
    print(f"wrote {Path(__file__).parent / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
