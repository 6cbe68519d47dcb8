"""The import graph: imports point down a layer, and no modules import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

from config import ROOT

# pages → ui → services → charts / data_access → metrics / i18n / briefing_model → config
LAYER = {
    "config": 0,
    "metrics": 1,
    "i18n": 1,
    "briefing_model": 1,
    "charts": 2,
    "data_access": 2,
    "services": 3,
    "ui": 4,
    "pages": 5,
    "cli": 5,
    "app": 6,
}
SOURCES = ["config.py", "i18n.py", "briefing_model.py", "cli.py", "app.py"] + [
    f"{d}/**/*.py" for d in ("metrics", "charts", "data_access", "services", "ui", "pages")
]


def _module(path: Path) -> str:
    """Dotted module name of a file under the project root."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Project modules a file imports, at any depth of its code."""
    return {m for m in _all_imports(path, with_names=True) if m.split(".")[0] in LAYER}


def _graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (names that are not modules are dropped)."""
    files = sorted({p for pattern in SOURCES for p in ROOT.glob(pattern)})
    modules = {_module(p): p for p in files}
    return {m: {i for i in _imports(p) if i in modules and i != m} for m, p in modules.items()}


def test_every_import_points_down_a_layer_or_stays_in_its_package() -> None:
    wrong = []
    for module, targets in _graph().items():
        top = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other != top and LAYER[other] >= LAYER[top]:
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []


def test_only_the_ui_layers_import_streamlit() -> None:
    allowed = {"data_access.cache", "data_access.database"}  # the cache and the shared engine
    offenders = []
    for pattern in ("metrics/**/*.py", "charts/**/*.py", "data_access/**/*.py", "services/**/*.py"):
        for path in ROOT.glob(pattern):
            uses = any(m.split(".")[0] == "streamlit" for m in _all_imports(path))
            if uses and _module(path) not in allowed:
                offenders.append(_module(path))
    for name in ("i18n.py", "briefing_model.py", "cli.py"):
        if any(m.split(".")[0] == "streamlit" for m in _all_imports(ROOT / name)):
            offenders.append(name)
    assert offenders == []


# The only data_access names an area's sections may import: plain types, no reads.
SECTION_TYPES = {
    "data_access.aggregate.Place": "a frozen dataclass naming a place (adcode, level)",
}
# Sections that belong to sign-in and the importer, which speak to data_access themselves.
SECTION_EXEMPT = {
    "ui.account_sections": "account admin of sign-in: accounts, sessions, security log",
    "ui.intake_sections": "the importer's page: preview, write, undo, history",
}


def test_area_sections_get_their_data_through_services() -> None:
    offenders = []
    for path in sorted(ROOT.glob("ui/*_sections.py")):
        if _module(path) in SECTION_EXEMPT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.split(".")[0] == "data_access"]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                top = node.module.split(".")[0]
                names = [f"{node.module}.{a.name}" for a in node.names if top == "data_access"]
            else:
                continue
            offenders += [f"{_module(path)}: {n}" for n in names if n not in SECTION_TYPES]
    assert offenders == []


def _all_imports(path: Path, *, with_names: bool = False) -> set[str]:
    """Every module a file imports, project or not (with_names: also module.name of `from`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if with_names:
                found |= {f"{node.module}.{a.name}" for a in node.names}
    return found
