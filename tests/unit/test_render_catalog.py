"""The wording the renderers hand to the catalog can be translated: every message is a literal
(the catalog cannot hold an f-string or a formatted text), its placeholders are named so a
translator can reorder them, and both forms of a plural speak of the same figures."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

RENDER = Path(__file__).resolve().parents[2] / "bot" / "render"
# How many of a call's first arguments are wording, by the name it is called by.
WORDING_ARGUMENTS = {"_": 1, "N_": 1, "ngettext": 2, "pgettext": 2}
# The contexts of the slash commands' wording, looked up by the words the tree gives.
COMMAND_WORDING = {"NAME", "OPTION", "CHOICE", "DESCRIPTION"}
# A printf-style placeholder (``%s``, ``%(name)d``): the wording is filled with ``.format``.
PRINTF = re.compile(r"%(\(\w+\))?[sdif]")


def _trees() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(RENDER)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(RENDER.rglob("*.py"))
    }


def _is_marked(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_"


def _marked(trees: dict[str, ast.Module]) -> set[str]:
    """The constants whose wording is marked with ``N_``, translated where they are shown: one
    message, or a table whose every value is one."""
    return {
        target.id
        for tree in trees.values()
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and (
            _is_marked(node.value)
            or (
                isinstance(node.value, ast.Dict)
                and all(_is_marked(value) for value in node.value.values)
            )
        )
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }


def _constant(node: ast.expr) -> str | None:
    """The constant's name a message is read from: ``NAME`` or ``NAME[key]``."""
    if isinstance(node, ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _placeholders(message: str) -> set[str]:
    return {
        field
        for _text, field, _spec, _conv in string.Formatter().parse(message)
        if field is not None
    }


def _messages() -> list[tuple[str, str, list[str]]]:
    """Each call's place, name and wording (a constant marked with ``N_`` is checked where it
    is marked); fails on a call whose wording is neither a literal nor such a constant."""
    trees = _trees()
    marked = _marked(trees)
    found = []
    for module, tree in trees.items():
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in WORDING_ARGUMENTS
            ):
                continue
            name, place = node.func.id, f"{module}:{node.lineno}"
            wording = node.args[: WORDING_ARGUMENTS[name]]
            assert len(wording) == WORDING_ARGUMENTS[name], place
            if name == "_" and _constant(wording[0]) in marked:
                continue
            if name == "pgettext" and _constant(wording[0]) in COMMAND_WORDING:
                continue  # a command's own name or description, extracted from the tree
            texts = [arg.value for arg in wording if isinstance(arg, ast.Constant)]
            assert len(texts) == len(wording) and all(isinstance(t, str) for t in texts), (
                f"{place}: {name}() is given something other than a literal text"
            )
            found.append((place, name, texts))
    return found


def test_the_renderers_send_their_wording_through_the_catalog() -> None:
    names = {name for _place, name, _wording in _messages()}
    assert {"_", "N_", "ngettext"} <= names


def test_every_placeholder_has_a_name() -> None:
    for place, name, wording in _messages():
        # a pgettext's context is no message
        for message in wording[1:] if name == "pgettext" else wording:
            fields = _placeholders(message)
            assert all(field and not field.isdigit() for field in fields), (place, message)
            assert not PRINTF.search(message), (place, message)


def test_both_forms_of_a_plural_name_the_same_figures() -> None:
    plurals = [(place, wording) for place, name, wording in _messages() if name == "ngettext"]
    assert plurals
    for place, (singular, plural) in plurals:
        # The singular may say "one" in words instead of {n}; it never names another figure.
        assert _placeholders(singular) <= _placeholders(plural), place
