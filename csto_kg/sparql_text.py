r"""SPARQL as text: a tokenizer that knows strings, IRIs, comments and variables, and what is done with it: the
keywords of a query, its form, parameters written into it as terms (for servers, which have no binding), and
SHACL's pre-binding of $this, $value and the parameters of a constraint.

A comment ends at a line feed or a carriage return, as SPARQL says: a query cannot hide a keyword behind "#…\r".

>>> import pyoxigraph as ox
>>> print(substitute('SELECT ?x ?lang WHERE { ?x ?p ?l FILTER(LANG(?l) = ?lang) }', {ox.Variable("lang"): ox.Literal("ru")}))
SELECT ?x ?lang WHERE { BIND("ru" AS ?lang) ?x ?p ?l FILTER(LANG(?l) = "ru") }
>>> sorted(keywords('SELECT * WHERE { ?s ?p ?o } # hidden\rSERVICE <http://x> { }'))
['SELECT', 'SERVICE', 'WHERE']
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\r\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z_0-9\u00B7-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z_0-9-]*)
  | (?P<open>[{(])
  | (?P<close>[})])
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)

_CLAUSE_END = {"WHERE", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES", "FROM", "GROUP"}


def keywords(query: str) -> set[str]:
    """The words of a query outside its strings, IRIs and comments, upper-cased (SELECT, SERVICE, …)."""
    return {m.group().upper() for m in _TOKEN.finditer(query) if m.lastgroup == "word"}


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these words that is not part of a prefixed name."""
    tokens = [m.group() for m in _TOKEN.finditer(query)]
    for i, token in enumerate(tokens):
        if token.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and ":" not in (tokens[i - 1] if i else "", tokens[i + 1] if i + 1 < len(tokens) else ""):
            return token.upper()
    return None


def substitute(text: str, bindings: dict) -> str:
    """The query with each bound variable replaced by its term (see the module's doc). A grouped SELECT projects
    `(TERM AS ?name)` (a constant is allowed beside aggregates) and leaves the variable out of its GROUP BY; any
    other SELECT that projects the variable binds it first thing in its WHERE group: `{ BIND(TERM AS ?name) …`.
    (Virtuoso refuses `GROUP BY (TERM AS ?name)` with `?name` projected: "alias defined twice".)"""
    if not bindings:
        return text
    terms = {v.value: str(t) for v, t in bindings.items()}
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
    grouped = _grouped_selects(tokens)
    out: list[str] = []
    depth, mode, mode_depth = 0, None, 0
    select_index = -1
    select_stack: list[tuple[int, int]] = []   # (depth of the SELECT, its index)
    projected: dict[int, list[str]] = {}       # parameters each SELECT projects
    for kind, value in tokens:
        upper = value.upper() if kind == "word" else ""
        current = select_stack[-1][1] if select_stack else None
        if kind == "word" and upper == "SELECT":
            select_index += 1
            select_stack.append((depth, select_index))
            mode, mode_depth = "select", depth
        elif kind == "word" and upper == "BY" and _last_word(out) == "GROUP":
            mode, mode_depth = "group", depth
        elif kind == "word" and upper in _CLAUSE_END and mode and depth == mode_depth:
            mode = None
        if kind == "open":
            opens_body = value == "{" and depth == mode_depth and mode in ("select", None) and current is not None \
                and (mode == "select" or _last_word(out) == "WHERE")
            if mode == "select" and value == "{" and depth == mode_depth:
                mode = None
            depth += 1
            out.append(value)
            if opens_body and current not in grouped and projected.get(current):
                out.append(" " + " ".join(f"BIND({terms[n]} AS ?{n})" for n in projected.pop(current)))
            continue
        if kind == "close":
            depth -= 1
            if mode == "group" and depth < mode_depth:
                mode = None
            while select_stack and value == "}" and depth < select_stack[-1][0]:
                select_stack.pop()
        if kind == "var" and value[1:] in terms:
            name, term = value[1:], terms[value[1:]]
            if mode == "select" and depth == mode_depth:
                if current in grouped:
                    out.append(f"({term} AS ?{name})")
                else:
                    projected.setdefault(current, []).append(name)
                    out.append(value)
            elif mode == "group" and depth == mode_depth:
                out.append("")  # grouping by a constant changes nothing
            else:
                out.append(term)
            continue
        out.append(value)
    # a GROUP BY left with nothing grouped only by constants: aggregating without it is the same single group
    return re.sub(r"\bGROUP\s+BY\s*(?=HAVING\b|ORDER\b|LIMIT\b|OFFSET\b|VALUES\b|\}|$)", "", "".join(out), flags=re.IGNORECASE)


def _last_word(out: list[str]) -> str:
    for value in reversed(out):
        if value.strip():
            return value.upper()
    return ""


def _grouped_selects(tokens) -> dict[int, set[str]]:
    """For each SELECT (by its order in the text), the variables its GROUP BY names plainly."""
    grouped: dict[int, set[str]] = {}
    depth, stack, index = 0, [], -1
    previous_word, in_group, group_depth, group_owner = "", False, 0, None
    last_closed: int | None = None
    for kind, value in tokens:
        upper = value.upper() if kind == "word" else ""
        if kind == "word" and upper == "SELECT":
            index += 1
            stack.append((depth, index))
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if in_group and depth < group_depth:
                in_group = False
            while stack and value == "}" and depth < stack[-1][0]:
                last_closed = stack.pop()[1]
        if kind == "word" and upper == "BY" and previous_word == "GROUP":
            # the GROUP BY belongs to the innermost SELECT still open at this depth, else the one just closed
            owners = [i for d, i in stack if d == depth]
            group_owner = owners[-1] if owners else last_closed
            in_group, group_depth = True, depth
        elif kind == "word" and upper in _CLAUSE_END - {"GROUP"} and in_group and depth == group_depth:
            in_group = False
        elif kind == "var" and in_group and depth == group_depth and group_owner is not None:
            grouped.setdefault(group_owner, set()).add(value[1:])
        if kind == "word":
            previous_word = upper
    return grouped


