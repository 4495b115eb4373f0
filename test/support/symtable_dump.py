"""Prints CPython's symbol tables as JSON, one line per file named on stdin.

Each line: {"path": ..., "table": {...}} or {"path": ..., "error": ...} for a
file python3 itself cannot compile. Function scopes carry their symbols as
local / global-explicit / global-implicit / nonlocal / free.
"""
import _symtable
import json
import symtable
import sys


def classify(flags):
    # From the raw flags: symtable.Symbol.is_global() wrongly says True for
    # every bound name of a function that happens to be called "top".
    scope = (flags >> _symtable.SCOPE_OFF) & _symtable.SCOPE_MASK
    if flags & _symtable.DEF_NONLOCAL:
        return "nonlocal"
    if scope == _symtable.GLOBAL_EXPLICIT:
        return "global-explicit"
    if scope == _symtable.GLOBAL_IMPLICIT:
        return "global-implicit"
    if scope == _symtable.FREE:
        return "free"
    if scope in (_symtable.LOCAL, _symtable.CELL):
        return "local"
    return "other"


def table(t):
    out = {"type": str(t.get_type()), "name": t.get_name(), "line": t.get_lineno(), "children": [table(c) for c in t.get_children()]}
    if out["type"] == "function":
        # ".0" is the hidden iterator argument of a comprehension.
        out["symbols"] = {name: classify(flags) for name, flags in t._table.symbols.items() if not name.startswith(".")}
    return out


for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    try:
        with open(path, "rb") as handle:
            source = handle.read()
        compile(source, path, "exec", dont_inherit=True)
        result = {"path": path, "table": table(symtable.symtable(source, path, "exec"))}
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as error:
        result = {"path": path, "error": f"{type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(result) + "\n")
