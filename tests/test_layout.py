"""The package's shape: layers that only import downward, small modules and functions, a typed
public surface. Each check names the module or function that breaks it."""

from __future__ import annotations

import ast
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import model_cost_ledger as mcl

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "model_cost_ledger"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50


def functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_modules_are_found():
    assert len(MODULES) > 30


def name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def test_modules_are_short():
    lines = {name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert {module: n for module, n in lines.items() if n > MAX_MODULE_LINES} == {}


def code_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """A function's lines without its docstring (numpydoc sections do not count against it)."""
    lines = function.end_lineno - function.lineno + 1
    first = function.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        lines -= first.end_lineno - first.lineno + 1
    return lines


def test_functions_are_short():
    long = [
        f"{name(p)}:{f.lineno} {f.name} ({code_lines(f)} lines)"
        for p in MODULES
        for f in functions(p)
        if code_lines(f) > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_functions_are_annotated():
    unannotated = [
        f"{name(p)}:{f.lineno} {f.name}"
        for p in MODULES
        for f in functions(p)
        if f.returns is None
        or any(
            a.annotation is None and a.arg not in ("self", "cls")
            for a in [*f.args.posonlyargs, *f.args.args, *f.args.kwonlyargs]
        )
    ]
    assert unannotated == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("__init__.py")), ids=name)
def test_init_modules_only_re_export(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = (ast.Expr, ast.Import, ast.ImportFrom, ast.If, ast.Assign, ast.AnnAssign)
    kinds = {type(node).__name__ for node in tree.body if not isinstance(node, allowed)}
    # the root package may define the lazy loader (__getattr__, __dir__) and nothing else
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert kinds <= {"FunctionDef"} and defined <= {"__getattr__", "__dir__"}


NUMPYDOC_SECTIONS = ("Parameters\n    ----------", "Returns\n    -------", "Raises\n    ------")


def test_every_public_name_loads_and_is_documented():
    for name in mcl.__all__:
        value = getattr(mcl, name)
        assert name == "__version__" or value.__doc__, name


@pytest.mark.parametrize(
    "name", [n for n in mcl.__all__ if inspect.isfunction(getattr(mcl, n, None))]
)
def test_public_function_has_numpydoc_sections_and_an_example(name):
    doc = getattr(mcl, name).__doc__ or ""
    missing = [s.split("\n")[0] for s in NUMPYDOC_SECTIONS if s not in doc]
    assert missing == [] and ">>> " in doc, f"{name}: missing {missing or 'an example'}"


def test_layers_only_import_downward():
    """import-linter (in the test extra) checks the contracts in pyproject.toml."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
