#!/usr/bin/env python3
"""Checks that the library's layers depend on each other in one direction.

A layer is a folder of the library: core/src/<layer>/ with its public
headers in core/include/newsdex/<layer>/. Unit tests (tests/unit/<layer>/)
are not checked: a test may build its input with a higher layer (schema_test
makes documents, hash_test pins the hashes every layer stores).
An edge A -> B is an #include "newsdex/B/..." in a file of layer A. The
documented order (docs/ARCHITECTURE.md), lowest first, is LAYERS below: a
layer may include its own headers and those of any layer in a lower tier,
never one of its own tier or above. The script prints the layer graph and
exits 1, naming each offending include, on an include against that order,
on an include of a folder that is no layer (core never includes cli/), and
on a cycle between layers (which only such an include can make).

  scripts/check_layers.py [ROOT]   (ROOT: default, the repository of this script)
"""

import pathlib
import re
import sys

# Lowest tier first. Layers of one tier do not use each other.
LAYERS = [
    ["base"],
    ["corpus", "eval"],
    ["store"],
    ["news"],
    ["index"],
    ["search"],
]
TIER = {layer: tier for tier, layers in enumerate(LAYERS) for layer in layers}

INCLUDE = re.compile(r'^\s*#\s*include\s+"newsdex/([a-z_]+)/([^"]+)"')
SOURCE_DIRS = ["core/src", "core/include/newsdex"]


def layer_files(root):
    """Yields (layer, path) for every C++ file of a layer folder."""
    for top in SOURCE_DIRS:
        base = root / top
        if not base.is_dir():
            continue
        for layer_dir in sorted(p for p in base.iterdir() if p.is_dir()):
            for path in sorted(layer_dir.rglob("*")):
                if path.suffix in (".h", ".cc"):
                    yield layer_dir.name, path


def find_cycles(graph):
    """The strongly connected components with more than one layer."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                        pathlib.Path(__file__).resolve().parent.parent)
    graph = {}  # layer -> {used layer: [(file, line number, text)]}
    problems = []
    for layer, path in layer_files(root):
        if layer not in TIER:
            problems.append(f"{path.relative_to(root)}: folder '{layer}' is "
                            "not a layer of scripts/check_layers.py")
            continue
        graph.setdefault(layer, {})
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = INCLUDE.match(line)
            if not match or match.group(1) == layer:
                continue
            used = match.group(1)
            where = (str(path.relative_to(root)), number, line.strip())
            graph[layer].setdefault(used, []).append(where)
            if used not in TIER:
                problems.append(f"{where[0]}:{number}: {where[2]}: "
                                f"'{used}' is not a layer")
            elif TIER[used] >= TIER[layer]:
                problems.append(f"{where[0]}:{number}: {where[2]}: "
                                f"{layer} may not use {used}")

    order = " <- ".join(", ".join(layers) for layers in LAYERS)
    print(f"layers (lowest first): {order}")
    for layer in sorted(graph, key=lambda l: (TIER.get(l, 99), l)):
        used = sorted(graph[layer], key=lambda l: (TIER.get(l, 99), l))
        counts = ", ".join(f"{u} ({len(graph[layer][u])})" for u in used)
        print(f"  {layer} -> {counts or '(nothing)'}")
    for component in find_cycles(graph):
        problems.append("cycle between layers: " + " <-> ".join(component))
    if problems:
        print("check_layers: includes against the layer order:", file=sys.stderr)
        for problem in problems:
            print("  " + problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
