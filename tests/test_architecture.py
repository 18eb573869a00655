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


# What each layer may import of ours (a module belongs to the longest layer its name starts
# with); every other import of ours is refused. The domain and storage sit at the bottom: the
# domain imports only itself, storage only itself and the domain it stores.
ALLOWED: dict[str, frozenset[str]] = {
    "bot.analytics": frozenset({"bot.analytics"}),
    "storage": frozenset({"storage", "bot.analytics"}),
    "bot.render": frozenset(
        {
            "bot.render",
            "bot.analytics",
            "bot.fmt",
            "bot.i18n",
            "bot.services.results",
            "bot.tiktok.outcomes",
            "storage",
        }
    ),
    "bot.services": frozenset({"bot.services", "bot.analytics", "storage"}),
    "bot": frozenset({"bot", "storage"}),
    "cogs": frozenset({"cogs", "bot", "storage"}),
}


def _within(module: str, prefixes: frozenset[str] | set[str]) -> bool:
    return any(module == prefix or module.startswith(f"{prefix}.") for prefix in prefixes)


def _layer(module: str) -> str:
    return max((layer for layer in ALLOWED if _within(module, {layer})), key=len)


def test_every_module_has_a_layer_and_the_table_reads_as_meant() -> None:
    assert {_layer(name) for name in MODULES} == ALLOWED.keys()
    assert _layer("bot.analytics.formats.base") == "bot.analytics"
    assert _layer("bot.render.diagnosis.layout") == "bot.render"
    assert _layer("bot.app") == "bot"
    assert _layer("bot.services.results") == "bot.services"
    assert not _within("bot.services.explain", ALLOWED["bot.render"])
    assert not _within("bot.app", ALLOWED["storage"])
    assert not _within("bot.analyticsx", ALLOWED["storage"])


def test_each_layer_imports_only_what_its_row_allows() -> None:
    refused = {
        name: sorted(m for m in GRAPH[name] if not _within(m, ALLOWED[_layer(name)]))
        for name in MODULES
    }
    assert {name: found for name, found in refused.items() if found} == {}


def test_storage_knows_nothing_of_discord_or_the_bot() -> None:
    """Storage imports the pure domain (the records it stores) and nothing else of the bot."""
    for name in (m for m in MODULES if m.startswith("storage")):
        imported = _imports(name)
        assert not {m for m in imported if m.split(".")[0] in {"discord", "cogs"}}, name
        ours = {m for m in imported if m.split(".")[0] == "bot"}
        assert all(_within(m, {"bot.analytics"}) for m in ours), (name, ours)


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


# Reads of the wall clock: ``datetime.now()``, ``date.today()``, ``pd.Timestamp.now()`` (called or
# handed on as a function), any ``.now()``/``.utcnow()`` call, and the ``time`` module's clock.
DATE_TYPES = {"datetime", "date", "Timestamp"}
DATE_READS = {"now", "utcnow", "today"}
TIME_READS = {"time", "time_ns", "localtime", "gmtime", "ctime"}


def _clock_reads(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            owner = ast.unparse(node.value)
            if (node.attr in DATE_READS and owner.rpartition(".")[2] in DATE_TYPES) or (
                owner == "time" and node.attr in TIME_READS
            ):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in {"now", "utcnow"}:
                found.append(ast.unparse(node))
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            found.extend(f"time.{a.name}" for a in node.names if a.name in TIME_READS)
    return found


def test_the_clock_check_sees_each_way_of_asking_the_time() -> None:
    source = (
        "import time\nfrom time import time_ns\nfrom datetime import UTC, date, datetime\n"
        "a = datetime.now(UTC)\nb = date.today()\nc = dt.datetime.utcnow()\n"
        "d = pd.Timestamp.now()\ne = time.time()\nf = clock.now()\ng = datetime.now\n"
        "h = facts.now\ni = report.today\nj = time.monotonic\n"
    )
    assert sorted(_clock_reads(source)) == [
        "clock.now()",
        "date.today",
        "datetime.now",
        "datetime.now",
        "datetime.now(UTC)",
        "dt.datetime.utcnow",
        "dt.datetime.utcnow()",
        "pd.Timestamp.now",
        "pd.Timestamp.now()",
        "time.time",
        "time.time_ns",
    ]


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    """Everything else is handed the bot's clock (or today's date), so tests move time by hand."""
    reads = {
        name: _clock_reads(path.read_text(encoding="utf-8"))
        for name, path in MODULES.items()
        if name != "bot.clock"
    }
    assert {name: found for name, found in reads.items() if found} == {}
    assert sorted(_clock_reads(MODULES["bot.clock"].read_text(encoding="utf-8"))) == [
        "datetime.now",
        "datetime.now(UTC)",
    ]
