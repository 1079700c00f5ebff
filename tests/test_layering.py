"""Apps depend downward only: core <- assets <- repairs <- safety <- canteen <- finance <- planning.

A lower app neither imports a higher one nor names it in a string (a URL name such as
"repairs:request_add", a path "/repairs/...", a model label "repairs.RepairRequest"): what a higher
module adds to a lower one's pages goes through core.related.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "assets", "repairs", "safety", "canteen", "finance", "planning"]


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path
    yield from sorted((ROOT / "templates" / app).rglob("*.html"))


def _python_names(tree: ast.AST) -> tuple[set[str], list[str]]:
    """(top-level packages imported, string constants that are not docstrings)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found, strings


def _named(text: str, higher: str) -> bool:
    """A template, or a Python string, names the app: 'repairs:x', "/repairs/", repairs.Model."""
    return re.search(rf"""(^|['"/]){higher}[:./]""", text) is not None


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_an_app_neither_imports_nor_names_the_apps_above_it(app):
    above = LAYERS[LAYERS.index(app) + 1 :]
    offences = []
    for path in _sources(app):
        text = path.read_text(encoding="utf-8")
        imported, strings = (
            _python_names(ast.parse(text)) if path.suffix == ".py" else (set(), [text])
        )
        for higher in above:
            if higher in imported or any(_named(s, higher) for s in strings):
                offences.append(f"{path.relative_to(ROOT)} -> {higher}")
    assert offences == []


def test_the_check_sees_a_hard_coded_link():
    assert _named("""href="{% url 'repairs:request_add' %}" """, "repairs")
    assert _named('redirect(f"/repairs/new/?asset=1")', "repairs")
    assert _named('apps.get_model("repairs.RepairRequest")', "repairs")
    assert not _named("the repairs module", "repairs")
    imported, strings = _python_names(
        ast.parse('"""Docstring: /repairs/."""\nfrom repairs import x\n')
    )
    assert imported == {"repairs"} and strings == []
