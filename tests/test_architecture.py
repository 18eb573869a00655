"""The layers hold: no import circles, and each layer imports only what lies beneath it.

Imports are read from the source (``ast``), including those made only for type checking, so a
circle hidden behind ``TYPE_CHECKING`` counts too.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "cogs", "storage")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """Every module ``name`` imports, ours and others' (``from pkg import sub`` is ``pkg.sub``
    when ``sub`` is a module of ours)."""
    path = MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                found.add(submodule if submodule in MODULES else module)
    found.discard(name)
    return found


GRAPH = {name: {m for m in _imports(name) if m in MODULES} for name in MODULES}


def _circles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in sorted(GRAPH[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return circles


def _importers_of(target: str) -> set[str]:
    return {name for name, imported in GRAPH.items() if target in imported}


def test_the_import_graph_is_read() -> None:
    assert {"bot.app", "bot.delivery", "bot.scheduler", "storage.store"} <= GRAPH.keys()
    assert "bot.delivery" in GRAPH["bot.app"]


def test_no_module_imports_itself_through_others() -> None:
    assert _circles() == []


def test_only_the_cli_and_the_cogs_know_the_bot_class() -> None:
    assert {name.split(".")[0] for name in _importers_of("bot.app")} - {"cogs"} == {"bot"}
    assert {name for name in _importers_of("bot.app") if name.startswith("bot.")} == {"bot.cli"}


def test_storage_knows_nothing_of_discord_or_the_bot() -> None:
    for name in (m for m in MODULES if m.startswith("storage")):
        imported = _imports(name)
        assert not {m for m in imported if m.split(".")[0] in {"discord", "cogs"}}, name
        assert not {m for m in imported if m in {"bot.app", "bot.delivery", "bot.scheduler"}}, name


def test_the_domain_is_pure() -> None:
    """``bot.analytics`` reads no clock, database or Discord: only the standard library, the
    number and file libraries, and itself."""
    allowed = {"numpy", "pandas", "openpyxl", "defusedxml", "babel"}
    for name in (m for m in MODULES if m.startswith("bot.analytics")):
        for imported in _imports(name):
            top = imported.split(".")[0]
            if imported.startswith("bot.analytics") or top in allowed:
                continue
            assert top in sys.stdlib_module_names, (name, imported)


def test_the_domain_never_asks_the_time() -> None:
    """Today comes from the caller (the bot's injected clock), never from the wall clock."""
    clock_reads = {"now", "today", "utcnow", "time.time", "time.monotonic", "time.localtime"}
    for name in (m for m in MODULES if m.startswith("bot.analytics")):
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        calls = {
            ast.unparse(node.func).rpartition(".")[2]
            if node.func.attr in {"now", "today", "utcnow"}
            else ast.unparse(node.func)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        assert not clock_reads & calls, name
