"""The diagnostics catalogue (issue 18): every code the package reports is explained, with the
severity it is reported at, and the site lists them all."""

from __future__ import annotations

import ast
from pathlib import Path

from explainer import guard, render
from explainer.diagnostics import CATALOGUE, explain

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "explainer"


def _reported() -> dict[str, set[str]]:
    """Code → severities, from every `Diagnostic(file, line, code, message[, severity])` call
    and every code handed to a helper that makes one (`yaml_problem(error, file, code)`)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            args = {i: a for i, a in enumerate(node.args)} | {
                {"code": 2, "severity": 4}.get(k.arg or "", -1): k.value for k in node.keywords
            }
            if name == "Diagnostic" and isinstance(args.get(2), ast.Constant):
                severity = args.get(4)
                level = severity.value if isinstance(severity, ast.Constant) else "warning"
                found.setdefault(str(args[2].value), set()).add(str(level))
            elif name == "yaml_problem" and isinstance(args.get(2), ast.Constant):
                found.setdefault(str(args[2].value), set()).add("error")
    found.setdefault(guard.STAGE_FAILED, set()).add("error")
    return found


def test_every_reported_code_is_in_the_catalogue() -> None:
    missing = sorted(set(_reported()) - set(CATALOGUE))
    assert missing == []


def test_the_catalogue_has_no_code_nobody_reports() -> None:
    assert sorted(set(CATALOGUE) - set(_reported())) == []


def test_catalogued_severity_is_one_the_code_is_reported_at() -> None:
    wrong = {
        code: (CATALOGUE[code].severity, sorted(levels))
        for code, levels in _reported().items()
        if code in CATALOGUE and CATALOGUE[code].severity not in levels
    }
    assert wrong == {}


def test_explain_names_meaning_and_fix() -> None:
    text = explain("sidecar-url")
    assert text.startswith("sidecar-url (error, reading): ") and "\nFix: " in text
    assert "known codes" in explain("no-such-code")


def test_the_page_lists_every_code_with_an_anchor() -> None:
    page = render.diagnostics_page(list(CATALOGUE.values()))
    for code in CATALOGUE:
        assert f'<span id="{code}"></span>`{code}`' in page
    assert page.count("\n| <span") == len(CATALOGUE)


def test_check_explain_prints_one_code(tmp_path: Path) -> None:
    """`explainer check --explain CODE` says what a code means without checking anything;
    an unknown code lists the known ones and exits 2."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "explainer.cli", "check", "--explain"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    known = subprocess.run([*command, "site-url"], capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert known.returncode == 0 and known.stdout == explain("site-url") + "\n"
    unknown = subprocess.run([*command, "no-such"], capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert unknown.returncode == 2 and "known codes: bad-encoding" in unknown.stdout
