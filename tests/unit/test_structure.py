"""The project's modules import one way: no cycle, no private name taken from another module.

Every import counts, also one inside a function (deferred to keep start-up light: it still
ties the modules together). The modules are those the project installs (pyproject.toml's
packages and py-modules), found afresh on every run, so a module added later is checked too.
A private name is one with a leading underscore (not a dunder): imported from another of the
project's modules (`from .store import _programme`), or read off one (`snaps._END_DATE`).
"""
from __future__ import annotations

import ast
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def project_modules(root: pathlib.Path = ROOT) -> dict[str, pathlib.Path]:
    """{dotted module name: file} of every module pyproject.toml installs."""
    setup = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {}
    for name in setup.get("py-modules", []):
        found[name] = root / f"{name}.py"
    for package in setup.get("packages", []):
        folder = root / package.replace(".", "/")
        for path in sorted(folder.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


class Imports:
    """The imports of one module, at any depth: `edges` (the project's modules it imports,
    with a line each) and `privates` (private names it takes from another module)."""

    def __init__(self, module: str, path: pathlib.Path, modules: set[str]) -> None:
        self.module, self.modules = module, modules
        self.package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        self.edges: dict[str, int] = {}
        self.privates: list[str] = []
        aliases: dict[str, str] = {}  # a local name bound to one of the project's modules
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    target = self.owner(alias.name)
                    if target is not None:
                        self.edge(target, node.lineno)
                        if alias.asname:
                            aliases[alias.asname] = alias.name
                        else:
                            top = alias.name.split(".")[0]
                            aliases.setdefault(top, top)
            elif isinstance(node, ast.ImportFrom):
                base = self.resolve(node)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    if sub in modules:  # `from package import module`
                        self.edge(sub, node.lineno)
                        aliases[alias.asname or alias.name] = sub
                        continue
                    target = self.owner(base)
                    if target is None:
                        continue
                    self.edge(target, node.lineno)
                    if private(alias.name) and target != module:
                        self.privates.append(f"{module}:{node.lineno} imports {alias.name} "
                                             f"from {target}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and private(node.attr):
                chain = dotted(node.value)
                if chain is None or chain.split(".")[0] not in aliases:
                    continue
                head, _, rest = chain.partition(".")
                target = aliases[head] + (f".{rest}" if rest else "")
                if target in modules and target != module:
                    self.privates.append(f"{module}:{node.lineno} reads {node.attr} "
                                         f"of {target}")

    def resolve(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        parts = self.package.split(".") if self.package else []
        parts = parts[:len(parts) - (node.level - 1)]
        return ".".join(parts + ([node.module] if node.module else []))

    def owner(self, name: str) -> str | None:
        """The project's module that `name` is, or the nearest one that holds it."""
        while name:
            if name in self.modules:
                return name
            name = name.rpartition(".")[0]
        return None

    def edge(self, target: str, line: int) -> None:
        if target != self.module:
            self.edges.setdefault(target, line)


def dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def graph(root: pathlib.Path = ROOT) -> dict[str, Imports]:
    modules = project_modules(root)
    return {name: Imports(name, path, set(modules)) for name, path in modules.items()}


def cycles(found: dict[str, Imports]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in found[v].edges:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(found):
        if v not in index:
            visit(v)
    return out


def describe(component: list[str], found: dict[str, Imports]) -> str:
    members = set(component)
    return "; ".join(f"{a} -> {b} (line {line})" for a in component
                     for b, line in sorted(found[a].edges.items()) if b in members)


def test_the_checker_reaches_every_package():
    # Not a list of today's modules: only that the walk reaches each package and cli.
    assert {"cli", "domain", "projections", "report", "demo"} <= set(graph())


def test_no_import_cycle():
    found = graph()
    assert [describe(c, found) for c in cycles(found)] == []


def test_no_private_name_crosses_a_module_border():
    found = graph()
    assert [p for imports in found.values() for p in imports.privates] == []


def test_the_checker_finds_a_cycle_and_a_private_import(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.setuptools]\npackages = ["pkg"]\npy-modules = ["top"]\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from .b import thing\n_hidden = 1\n")
    (tmp_path / "pkg" / "b.py").write_text(
        "def thing():\n    from . import a as alias\n    return alias._hidden\n")
    (tmp_path / "top.py").write_text("def f():\n    from pkg.a import _hidden\n")
    found = graph(tmp_path)
    assert found["pkg.b"].edges == {"pkg.a": 2}  # an import inside a function counts
    assert cycles(found) == [["pkg.a", "pkg.b"]]
    assert sorted(p for m in found.values() for p in m.privates) == [
        "pkg.b:3 reads _hidden of pkg.a", "top:2 imports _hidden from pkg.a"]


# The longest a function of the project may be (the bar: tests and bench/ aside, which
# pyproject.toml does not install). A class defined inside a function counts to its length.
LONGEST = 80


def long_functions(root: pathlib.Path = ROOT) -> list[str]:
    """`module.function: N lines` for every function longer than LONGEST, nested ones too."""
    found = []
    for module, path in project_modules(root).items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > LONGEST:
                    found.append(f"{module}.{node.name}: {lines} lines")
    return found


def test_no_function_is_longer_than_80_lines():
    assert long_functions() == []


def test_the_length_check_counts_a_class_inside_a_function(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.setuptools]\npy-modules = ["top"]\n')
    body = "".join(f"            x{i} = {i}\n" for i in range(LONGEST - 1))  # m: 80 lines
    (tmp_path / "top.py").write_text(f"def short():\n    pass\n\n\ndef made():\n"
                                     f"    class Inner:\n        def m(self):\n{body}")
    assert long_functions(tmp_path) == [f"top.made: {LONGEST + 2} lines"]
