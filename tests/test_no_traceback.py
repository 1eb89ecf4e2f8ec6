"""Bad options and data files end with a message naming the file (and line), never a
traceback (issue 15, finding 13)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPLAINER = Path(sys.executable).with_name("explainer")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXPLAINER), *args], cwd=cwd, env=ENV, capture_output=True, text=True, check=False, timeout=600)


def test_eval_names_the_bad_line_of_a_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"id": "a", "text": "One. Two."}\n{not json\n', encoding="utf-8")
    result = run("eval", str(corpus), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{corpus}:2:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_partial_edition_date_is_refused_when_the_config_is_read(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "edition_date:" in config
    lines = [
        '      edition_date: "2026"' if line.strip().startswith("edition_date:") else line
        for line in config.splitlines()
    ]
    (project / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "sources").mkdir()
    (project / "sources" / "a.txt").write_text("A Title\n\nSome text of the article here.\n", encoding="utf-8")
    for args in (("build", "--site-dir", str(tmp_path / "out")), ("export", "--dist", str(tmp_path / "dist"), "--formats", "zip")):
        result = run(*args, cwd=project)
        assert result.returncode != 0
        assert "option 'edition_date': must be a full date" in result.stderr + result.stdout
        assert "Traceback" not in result.stderr
