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


def _layers() -> list[str]:
    import tomllib

    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    return [layer.rsplit(".", 1)[-1] for layer in contract["layers"]]  # top first


def test_templates_of_an_app_include_only_its_own_or_lower_apps_templates():
    """The layers hold for templates too: campaigns' pages name no template of an app above them (those
    apps register panels, complaints/campaigns/panels.py)."""
    import re

    layers = _layers()
    rank = {app: len(layers) - i for i, app in enumerate(layers)}  # higher number: higher layer
    named = re.compile(r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/""")
    upward = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        app = path.relative_to(ROOT / "templates").parts[0]
        if app not in rank:
            continue
        for other in named.findall(path.read_text()):
            if other in rank and rank[other] > rank[app]:
                upward.append(f"{path.relative_to(ROOT)} names {other}/")
    assert not upward, "templates that reach up a layer:\n" + "\n".join(upward)


def test_a_panel_slot_must_exist_and_a_template_is_included_once_in_order():
    import pytest

    from complaints.campaigns import panels

    with pytest.raises(ValueError, match="unknown panel slot"):
        panels.register_panel("nowhere", "x.html")
    before = panels.panel_templates("case")
    try:
        panels.register_panel("case", "zz_test/late.html", order=99)
        panels.register_panel("case", "zz_test/early.html", order=-1)
        panels.register_panel("case", "zz_test/late.html", order=99)
        got = panels.panel_templates("case")
        assert got[0] == "zz_test/early.html" and got[-1] == "zz_test/late.html"
        assert got.count("zz_test/late.html") == 1
    finally:
        panels._panels["case"] = [(o, t) for o, t in panels._panels["case"] if not t.startswith("zz_test/")]
    assert panels.panel_templates("case") == before
