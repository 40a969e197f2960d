"""A custom import-linter contract: no private (`_name`) object is imported, or reached through an
imported module, from another module of the package. A private name is that module's own business;
a helper that others need is made public (or moved to where it belongs).

Django's own conventions (`_meta`, dunders) and migrations are left out."""

import ast
import importlib.util
from pathlib import Path

from importlinter.application import output
from importlinter.domain.contract import Contract, ContractCheck


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _source(module: str) -> Path | None:
    """The module's file, found from its root package's folder without importing anything (importing
    would need Django's settings)."""
    root, *rest = module.split(".")
    spec = importlib.util.find_spec(root)
    if spec is None or spec.origin is None:
        return None
    base = Path(spec.origin).parent.joinpath(*rest)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.exists():
            return candidate
    return None


def _violations(module: str, graph_modules: set[str]) -> list[tuple[int, str]]:
    path = _source(module)
    if path is None:
        return []
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    aliases: dict[str, str] = {}  # local name -> the package module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _resolve(module, is_package, node.level, node.module)
            if source not in graph_modules:
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                if full in graph_modules:
                    aliases[alias.asname or alias.name] = full
                elif _private(alias.name) and source != module:
                    found.append((node.lineno, f"from {source} import {alias.name}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in graph_modules and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and aliases[node.value.id] != module
            and _private(node.attr)
        ):
            found.append((node.lineno, f"{aliases[node.value.id]}.{node.attr}"))
    return found


class PrivateNamesContract(Contract):
    def check(self, graph, verbose: bool) -> ContractCheck:
        modules = set(graph.modules)
        broken = []
        for module in sorted(modules):
            if not module.startswith("kobling") or ".migrations." in module:
                continue
            for line, what in _violations(module, modules):
                broken.append({"module": module, "line": line, "what": what})
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            output.print_error(f"{item['module']}:{item['line']} uses another module's {item['what']}")
        output.new_line()
