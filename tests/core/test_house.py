"""The house rules that keep the code easy to change, checked on every module of complaints/ and portal/
(migrations excluded): no module over 500 lines, no function over 60 lines, and no import of our own
modules inside a function (the way a cycle between the layers used to be dodged).

An AppConfig.ready() is the one place a function imports our modules: Django builds the app registry
before models may be imported, so registries are filled there.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("complaints", "portal")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    paths = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                paths.append(path)
    return paths


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _own_module(node: ast.AST) -> str | None:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = [node.module]
    else:
        return None
    own = [name for name in names if name == "complaints" or name.startswith("complaints.")]
    return own[0] if own else None


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_the_walk_finds_the_code():
    names = {str(p.relative_to(ROOT)) for p in _modules()}
    assert "complaints/core/models.py" in names
    assert "portal/settings.py" in names
    assert not any("/migrations/" in name for name in names)


def test_no_module_is_over_500_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines():
    long = {}
    for path in _modules():
        for function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            lines = function.end_lineno - function.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                long[f"{_where(path, function)} {function.name}"] = lines
    assert long == {}


def test_no_function_imports_our_own_modules():
    local = []
    for path in _modules():
        for function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            if path.name == "apps.py" and function.name == "ready":
                continue
            for node in ast.walk(function):
                if module := _own_module(node):
                    local.append(f"{_where(path, node)} {function.name}: {module}")
    assert sorted(set(local)) == []
