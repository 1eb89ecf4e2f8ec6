"""Helpers for browser tests that build their own site (not a test module: nothing here runs
as a test, and test modules import it instead of importing each other).

- `copy_project` and `build_site`: the real project copied into a folder and built with the
  `explainer` command of this virtual environment;
- `launch`: Debian's Chromium, as the other browser tests launch it;
- `Watched` and `watch`: a page opened from `file://` that aborts every other request and
  records console errors, warnings and page errors;
- `select_text`: a selection between two texts of the article's numbered paragraphs;
- `clipboard_text`, `clipboard_html` and `wait_for_clipboard`: the real clipboard read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Frame,
    Page,
    Playwright,
    Route,
)

ROOT = Path(__file__).resolve().parents[1]
EXPLAINER = Path(sys.executable).with_name("explainer")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def norm(text: str | None) -> str:
    """White space collapsed, as the scripts collapse it."""
    return " ".join((text or "").split())


# Build ----------------------------------------------------------------------------------


def copy_project(project: Path) -> Path:
    """The project's configuration, pages, sources and data, copied."""
    project.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "sources", "data"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, project / folder)
    return project


def build_site(project: Path, site_dir: Path) -> Path:
    """Build `project` into `site_dir` (the build's own cache in `project` is reused)."""
    result = subprocess.run(
        [str(EXPLAINER), "build", "--site-dir", str(site_dir), "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return site_dir


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# One page under watch --------------------------------------------------------------------


@dataclass
class Watched:
    """A page opened from file://, with what it tried to fetch and what it logged."""

    page: Page
    url: str
    aborted: list[str] = field(default_factory=list)
    # (URL of the document at the time, description) for console errors/warnings, page errors
    problems: list[tuple[str, str]] = field(default_factory=list)
    document: str = ""

    def on_route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith("file:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.aborted.append(url)
            route.abort()

    def on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.document = frame.url.split("#", 1)[0]

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type not in ("error", "warning"):
            return
        source = str(message.location.get("url", ""))
        self.problems.append((self.document, f"console {message.type}: {message.text} ({source})"))

    def on_page_error(self, error: Error) -> None:
        self.problems.append((self.document, f"page error: {error.message}\n{error.stack}"))

    def assert_clean(self) -> None:
        """No request left `file:` and no page visited logged a problem."""
        assert self.aborted == [], f"requests outside file: {self.aborted}"
        assert self.problems == [], "\n".join(f"{doc}: {text}" for doc, text in self.problems)

    def assert_page_clean(self) -> None:
        """No request left `file:`, and the first page logged nothing. (Messages of a page
        navigated to afterwards, such as Chromium's own directory listing, do not count.)"""
        assert self.aborted == [], f"requests outside file: {self.aborted}"
        first = self.url.split("#", 1)[0]
        problems = [text for document, text in self.problems if document == first]
        assert problems == [], "\n".join(problems)


def watch(context: BrowserContext, url: str) -> Watched:
    """Open `url` in a new page that aborts every non-file request and logs every problem."""
    page = context.new_page()
    watched = Watched(page, url)
    page.route("**/*", watched.on_route)
    page.on("console", watched.on_console)
    page.on("pageerror", watched.on_page_error)
    page.on("framenavigated", watched.on_navigated)
    watched.document = url
    page.goto(url)
    page.wait_for_load_state("load")
    return watched


# Selecting text --------------------------------------------------------------------------

SELECT_JS = """([startPara, start, endPara, end]) => {
    // The text node of paragraph `para` holding `text` (site additions left out).
    function find(para, text) {
        const p = document.getElementById('p-' + para);
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            if (node.parentElement.closest('.ex-pnum, .ex-argref')) continue;
            const at = node.nodeValue.indexOf(text);
            if (at !== -1) return [node, at];
        }
        throw new Error('no text ' + JSON.stringify(text) + ' in paragraph ' + para);
    }
    const [startNode, startAt] = find(startPara, start);
    const [endNode, endAt] = find(endPara, end);
    const range = document.createRange();
    range.setStart(startNode, startAt);
    range.setEnd(endNode, endAt + end.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return selection.toString();
}"""


def select_text(page: Page, start_para: int, start: str, end_para: int, end: str) -> str:
    """Select from the text `start` in one paragraph to the end of `end` in another (the
    page's selection cleared first); the selected text."""
    page.evaluate(
        "() => { window.getSelection().removeAllRanges(); document.activeElement.blur(); }"
    )
    return str(page.evaluate(SELECT_JS, [start_para, start, end_para, end]))


# The clipboard ---------------------------------------------------------------------------


def clipboard_text(page: Page) -> str:
    return str(page.evaluate("() => navigator.clipboard.readText()"))


def clipboard_html(page: Page) -> str:
    """The clipboard's HTML flavour ("" when it holds none)."""
    return str(
        page.evaluate(
            """async () => {
                for (const item of await navigator.clipboard.read()) {
                    if (item.types.includes('text/html')) {
                        return await (await item.getType('text/html')).text();
                    }
                }
                return '';
            }"""
        )
    )


def wait_for_clipboard(page: Page) -> str:
    """The clipboard's text once something is on it (polled: `wait_for_function` would take
    the promise of an async check as a true value and return at once)."""
    text = ""
    for _ in range(200):
        text = clipboard_text(page)
        if text:
            break
        page.wait_for_timeout(50)
    return text
