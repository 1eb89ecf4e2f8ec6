"""The site folder a build writes: never the project, its folders or a user's files; no
staging folder left behind (issue 15, finding 1)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainer.output_dir import (
    MARKER,
    STAGING_MARKER,
    check_site_dir,
    is_built_site,
    mark_staging,
    remove_stale_staging,
)

ROOT = Path(__file__).resolve().parents[1]
EXPLAINER = Path(sys.executable).with_name("explainer")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ARTICLE = "Night Buses\n\nThe council met on Tuesday and voted to keep the old bus routes for another year.\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("outdir") / "project"
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "sources").mkdir()
    (root / "sources" / "night-buses.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def build(project: Path, site_dir: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXPLAINER), "build", "--site-dir", site_dir],
        cwd=project, env=ENV, capture_output=True, text=True, check=False, timeout=600,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}


@pytest.mark.parametrize("site_dir", [".", "sources", "data", "docs", "..", "sources/site", "mkdocs.yml"])
def test_the_project_and_its_folders_are_refused(project: Path, site_dir: str) -> None:
    before = snapshot(project)
    result = build(project, site_dir)
    assert result.returncode == 2
    assert "error: --site-dir:" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_a_folder_with_someone_elses_files_is_refused(project: Path, tmp_path: Path) -> None:
    student = tmp_path / "student"
    student.mkdir()
    (student / "thesis.docx").write_bytes(b"my thesis")
    result = build(project, str(student))
    assert result.returncode == 2
    assert "no explainer build wrote" in result.stderr and "nothing was deleted" in result.stderr
    assert (student / "thesis.docx").read_bytes() == b"my thesis"


def test_a_new_folder_then_the_same_folder_again(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(project, str(out)).returncode == 0
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    assert build(project, str(out)).returncode == 0  # a site explainer built is replaced
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out-")]


def test_a_killed_build_leaves_no_staging_folder(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed"
    process = subprocess.Popen(
        [str(EXPLAINER), "build", "--site-dir", str(out)], cwd=project, env=ENV,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not list(tmp_path.glob(".killed-*")) and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=300)
    assert not list(tmp_path.glob(".killed-*"))


def test_check_site_dir_rules(tmp_path: Path) -> None:
    project = tmp_path / "p"
    sources = project / "sources"
    sources.mkdir(parents=True)
    inner = [sources, project / "mkdocs.yml"]
    assert check_site_dir(project / "site", project, inner) is None
    assert "holds the project itself" in (check_site_dir(tmp_path, project, inner) or "")
    assert "is the project's 'sources'" in (check_site_dir(sources, project, inner) or "")
    assert "inside the project's 'sources'" in (check_site_dir(sources / "x", project, inner) or "")
    old_site = tmp_path / "old"
    old_site.mkdir()
    for name in ("index.html", "sitemap.xml", "404.html"):
        (old_site / name).write_text("x", encoding="utf-8")
    assert is_built_site(old_site)  # a site built before the marker existed
    assert check_site_dir(old_site, project, inner) is None


def test_stale_staging_folders_are_removed_and_others_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    stale = tmp_path / ".site-abc123"
    stale.mkdir()
    (stale / STAGING_MARKER).write_text("999999999\n", encoding="utf-8")  # no such process
    running = tmp_path / ".site-running"
    running.mkdir()
    mark_staging(running)  # this process: still running
    unrelated = tmp_path / ".site-notes"
    unrelated.mkdir()
    (unrelated / "keep.txt").write_text("mine", encoding="utf-8")
    assert remove_stale_staging(site) == [stale]
    assert running.is_dir() and unrelated.is_dir()
