"""The layout shows the design: imports run one way (command line -> library -> passes ->
rules -> canonical builders -> nodes), with no cycles, no private names borrowed across
modules, and no module over 400 lines."""

import ast
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "diffcli"

LAYERS = [
    {"expr", "errors", "shapes", "generated_parser"},  # nodes, shapes, errors; Lark's parser (standard library only)
    {"algebra", "matrices", "exact", "terms"},  # canonical builders (exact: their numbers; terms: their order)
    {"rules"},  # the table of primitives
    {"canonical", "diff", "evaluate", "codegen", "compiled", "trace", "printing", "named_parts", "numformat",
     "steps", "checks", "graph", "parse", "shape_pass", "latex", "trace_latex", "expansion", "jacobian",
     "array_eval", "derivatives", "pointvalues", "partials", "blocks", "interpret", "path", "pointfile"},  # passes
    {"api", "__init__", "expression", "expression_tools", "batch"},  # the library
    {"cli", "__main__"},  # the command line
]


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"diffcli.{module} belongs to no layer: add it to LAYERS")


def _modules():
    """(dotted name, path, package parts) of every module; a package's __init__ is the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            yield ".".join(parts[:-1]) or "__init__", path, parts[:-1]
        else:
            yield ".".join(parts), path, parts[:-1]


def _imports(path: pathlib.Path, package: list):
    """(imported diffcli module, imported names) for every import in the file, nested ones too."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package[: len(package) - node.level + 1]
            elif node.module and node.module.split(".")[0] == "diffcli":
                anchor, node.module = [], ".".join(node.module.split(".")[1:]) or None
            else:
                continue
            if node.module:
                yield ".".join(anchor + node.module.split(".")), [a.name for a in node.names]
                continue
            for a in node.names:  # from . import trace: a module, or a name of the package
                if PACKAGE.joinpath(*anchor, a.name + ".py").exists() or PACKAGE.joinpath(*anchor, a.name).is_dir():
                    yield ".".join(anchor + [a.name]), []
                else:
                    yield ".".join(anchor) or "__init__", [a.name]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("diffcli."):
                    yield a.name[len("diffcli."):], []


MODULES = list(_modules())


@pytest.mark.parametrize("module, path, package", MODULES, ids=[m for m, _, _ in MODULES])
def test_imports_run_one_way(module, path, package):
    mine = _layer(module)
    for target, names in _imports(path, package):
        if target == "__init__" and names == ["__version__"]:
            continue  # the version string, not the library
        assert _layer(target) <= mine, f"diffcli.{module} (layer {mine}) imports diffcli.{target} (layer {_layer(target)})"


@pytest.mark.parametrize("module, path, package", MODULES, ids=[m for m, _, _ in MODULES])
def test_no_private_names_borrowed(module, path, package):
    for target, names in _imports(path, package):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not private, f"diffcli.{module} imports {private} from diffcli.{target}"


def test_no_import_cycles():
    graph = {}
    for module, path, package in MODULES:
        graph[module] = {t for t, _ in _imports(path, package) if t != module}
    # a cycle is a strongly connected component of more than one module (Tarjan, with a stack)
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on.add(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        m = stack.pop()
                        on.discard(m)
                        comp.append(m)
                        if m == node:
                            break
                    out.append(comp)
                continue
            if nxt not in graph:
                continue
            if nxt not in index:
                index[nxt] = low[nxt] = counter[0]
                counter[0] += 1
                stack.append(nxt)
                on.add(nxt)
                work.append((nxt, iter(sorted(graph.get(nxt, ())))))
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
    cycles = [c for c in out if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


@pytest.mark.parametrize("module, path, package", MODULES, ids=[m for m, _, _ in MODULES])
def test_no_module_over_400_lines(module, path, package):
    if module == "generated_parser":  # Lark's stand-alone parser, written by tools/make_parser.py
        pytest.skip("generated")
    assert len(path.read_text().splitlines()) <= 400, module


def test_importing_the_library_loads_no_command_line_or_arrays():
    code = "import sys, diffcli; print(' '.join(m for m in ('click', 'rich', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
