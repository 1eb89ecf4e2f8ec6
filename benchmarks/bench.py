"""`make bench`: build sites of 10, 100 and 1,000 articles and measure every stage.

The articles are real texts from `../shared/corpora/` (Goldman's essays with their endnotes,
the argumentative microtexts and the eRulemaking comments), repeated with new slugs until
there are enough. For each size the script reports the seconds of each generator stage
(from `build_pages(timings=…)`), the full `explainer build` (wall time and peak memory of
the process), a bare `mkdocs build` of the same generated Markdown without the explainer
plugin, the offline zip export, the size of one article page's HTML and of the search index.

Results go to `benchmarks/RESULTS.md` (a Markdown table) and `benchmarks/results.png`.
Run: `make bench` (or `.venv/bin/python benchmarks/bench.py 10 100 1000`).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
BIN = ROOT / ".venv" / "bin"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
STAGES = ("parse", "glossary", "related", "argument", "citation", "render")


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
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    shutil.copytree(ROOT / "data", folder / "data")
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
    shutil.copytree(folder / "overrides", bare / "overrides")
    config = yaml.safe_load(
        (folder / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("!ENV [EXPLAINER_OFFLINE, false]", "false")
    )
    config["plugins"] = ["search", "tags"]
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return bare


def measure(count: int) -> dict[str, float]:
    """Everything for one size."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{count}-") as tmp:
        folder = Path(tmp)
        make_project(folder, count)
        stages, pages = stage_times(folder)
        build, peak = timed([str(BIN / "explainer"), "build", "--site-dir", "site"], folder)
        article = folder / "site" / "articles" / "bench-0001" / "index.html"
        index = folder / "site" / "search" / "search_index.json"
        bare = bare_project(folder, pages)
        bare_seconds, _ = timed([str(BIN / "mkdocs"), "build", "-q", "--site-dir", "site"], bare)
        export_seconds, export_peak = timed(
            [str(BIN / "explainer"), "export", "--dist", "dist", "--formats", "zip"], folder
        )
        unzipped = folder / "unzipped"
        shutil.unpack_archive(next((folder / "dist").glob("*.zip")), unzipped)
        search = (
            search_latency(next(unzipped.iterdir())) if Path("/usr/bin/chromium").exists() else -1.0
        )
        return {
            "articles": count,
            **{f"{s}_s": round(stages.get(s, 0.0), 2) for s in STAGES},
            "build_s": round(build, 2),
            "peak_mib": round(peak / 1024),
            "bare_mkdocs_s": round(bare_seconds, 2),
            "ratio": round(build / bare_seconds, 2),
            "export_zip_s": round(export_seconds, 2),
            "export_peak_mib": round(export_peak / 1024),
            "search_s": round(search, 2),
            "article_kb": round(article.stat().st_size / 1024, 1),
            "search_index_kb": round(index.stat().st_size / 1024),
        }


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


def write_report(rows: list[dict[str, float]]) -> None:
    """RESULTS.md and results.png next to this script."""
    out = Path(__file__).parent
    keys = list(rows[0])
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}. Command: `make bench`.",
        "Stage columns are seconds inside `build_pages`; `build_s` is the whole `explainer build` "
        "(all stages + MkDocs, cold, own process), `peak_mib` its peak memory; `bare_mkdocs_s` "
        "builds the same generated Markdown with stock MkDocs + Material; `ratio` = build / bare.",
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
    sizes = [row["articles"] for row in rows]
    figure, axis = plt.subplots(figsize=(7, 4), dpi=100)
    for key in ("build_s", "bare_mkdocs_s", "citation_s", "argument_s", "export_zip_s"):
        axis.plot(sizes, [row[key] for row in rows], marker="o", label=key)
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("articles")
    axis.set_ylabel("seconds")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(out / "results.png", metadata={"Software": None})


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [10, 100, 1000]
    rows = []
    for count in sizes:
        print(f"{count} articles …", flush=True)
        row = measure(count)
        print("  " + ", ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        rows.append(row)
    write_report(rows)
    print(f"wrote {Path(__file__).parent / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
