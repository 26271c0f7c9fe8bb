"""The layering as a tool checks it: import-linter's contracts (.importlinter) hold, the eligibility engine imports
no part of the ORM, and no module imports itself back through others, counting imports made inside functions
(grimp records those too)."""

import ast
import pathlib
import sys

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "enterprises", "accreditation")

# Cycles tolerated for now (none): the test fails when one appears, and when a listed one is gone.
KNOWN_CYCLES: set[frozenset[str]] = set()


@pytest.fixture(scope="module")
def graph():
    sys.path.insert(0, str(ROOT))
    try:
        return grimp.build_graph(*PACKAGES, include_external_packages=False, cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))


def _strongly_connected(graph) -> list[frozenset[str]]:
    modules = {m for m in graph.modules if ".tests" not in m and ".migrations" not in m}
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = 0

    for root in sorted(modules):
        if root in index:
            continue
        # Iterative Tarjan: the graph is deep enough to matter for the recursion limit.
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root) & modules)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child) & modules))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_no_import_cycle_among_modules(graph):
    cycles = set(_strongly_connected(graph))
    assert cycles - KNOWN_CYCLES == set(), "new import cycles: " + "; ".join(sorted(map(str, cycles - KNOWN_CYCLES)))
    assert KNOWN_CYCLES - cycles == set(), "a known cycle is gone: take it off KNOWN_CYCLES"


def test_engine_imports_no_orm():
    engine = ROOT / "accreditation" / "criteria"
    offenders = []
    for path in engine.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            offenders += [
                f"{path.name}: {name}" for name in names if name == "django.db" or name.startswith("django.db.")
            ]
    assert offenders == []


def test_import_contracts_hold(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))
    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 0
