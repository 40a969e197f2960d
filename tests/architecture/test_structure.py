"""The structure rules of docs/architecture.md, checked on the source (the import rules are
import-linter contracts in pyproject.toml, run by `make lint`):

- views parse input, call one service and render: no view module opens a transaction or writes;
- no file over 600 lines, no function over 60 outside the pure engines;
- the scheduling engine imports without Django's settings.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "kobling"
ENGINES = ("matching", "scheduling", "outcomes")
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60
# Manager and queryset methods that write; `.save()` and `.delete()` on anything.
WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update"}


def python_files():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def view_modules():
    for path in python_files():
        if path.stem.startswith("views") or "views" in path.parent.name:
            yield path


def chain_names(node: ast.AST) -> list[str]:
    """The names along a call chain: `Model.objects.filter(x=1).update` gives
    ["Model", "objects", "filter", "update"]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            break
        else:
            break
    return list(reversed(names))


def writes_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        names = chain_names(node)
        method = node.func.attr
        where = f"{path.relative_to(SRC)}:{node.lineno}"
        if names[:2] == ["transaction", "atomic"]:
            found.append(f"{where} transaction.atomic")
        elif method in ("save", "delete"):
            found.append(f"{where} .{method}()")
        elif method in WRITES and ("objects" in names or any(n.endswith("_set") for n in names)):
            found.append(f"{where} {'.'.join(names)}()")
    return found


def test_no_view_module_opens_a_transaction_or_writes():
    found = [line for path in view_modules() for line in writes_in(path)]
    assert found == [], "Views call a service for every write:\n" + "\n".join(found)


def test_the_check_sees_the_writes_it_forbids(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "from django.db import transaction\n"
        "def v(request, form, obj):\n"
        "    with transaction.atomic():\n"
        "        Thing.objects.filter(pk=1).update(x=1)\n"
        "    obj.save()\n"
        "    context = {}\n"
        "    context.update(a=1)\n"
    )
    global SRC
    saved, SRC = SRC, tmp_path
    try:
        assert sorted(line.split(" ", 1)[1] for line in writes_in(sample)) == [
            ".save()",
            "Thing.objects.filter.update()",
            "transaction.atomic",
        ]
    finally:
        SRC = saved


def test_no_file_is_over_600_lines():
    long = [
        f"{path.relative_to(SRC)}: {count}"
        for path in python_files()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert long == [], f"Split these files (over {MAX_FILE_LINES} lines):\n" + "\n".join(long)


def test_no_function_outside_the_engines_is_over_60_lines():
    long = []
    for path in python_files():
        if path.relative_to(SRC).parts[0] in ENGINES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}: {length}")
    assert long == [], f"Split these functions (over {MAX_FUNCTION_LINES} lines):\n" + "\n".join(long)


@pytest.mark.parametrize("engine", ["kobling.scheduling", "kobling.matching", "kobling.outcomes"])
def test_the_engines_import_without_django_settings(engine):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = f"import sys, importlib, pkgutil, {engine} as engine\n"
    code += "for m in pkgutil.walk_packages(engine.__path__, engine.__name__ + '.'):\n"
    code += "    importlib.import_module(m.name)\n"
    code += "assert 'django' not in sys.modules, 'the engine imported Django'\n"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
