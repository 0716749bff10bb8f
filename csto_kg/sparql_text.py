r"""SPARQL as text: a tokenizer that knows strings, IRIs, comments and variables, and what is done with it: the
keywords of a query, its form, parameters written into it as terms (for servers, which have no binding), and
SHACL's pre-binding of $this, $value and the parameters of a constraint.

A comment ends at a line feed or a carriage return, as SPARQL says: a query cannot hide a keyword behind "#…\r".

>>> import pyoxigraph as ox
>>> query = 'SELECT ?x ?lang WHERE { ?x ?p ?l FILTER(LANG(?l) = ?lang) }'
>>> print(substitute(query, {ox.Variable("lang"): ox.Literal("ru")}))
SELECT ?x ?lang WHERE { BIND("ru" AS ?lang) ?x ?p ?l FILTER(LANG(?l) = "ru") }
>>> sorted(keywords('SELECT * WHERE { ?s ?p ?o } # hidden\rSERVICE <http://x> { }'))
['SELECT', 'SERVICE', 'WHERE']
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r'''
    (?P<comment>\#[^\r\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z_0-9\u00B7-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z_0-9-]*)
  | (?P<open>[{(])
  | (?P<close>[})])
  | (?P<other>.)
''',
    re.VERBOSE | re.DOTALL,
)

_CLAUSE_END = {"WHERE", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES", "FROM", "GROUP"}


def keywords(query: str) -> set[str]:
    """The words of a query outside its strings, IRIs and comments, upper-cased (SELECT, SERVICE, …)."""
    return {m.group().upper() for m in _TOKEN.finditer(query) if m.lastgroup == "word"}


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these words that is not part of a prefixed name."""
    tokens = [m.group() for m in _TOKEN.finditer(query)]
    for i, token in enumerate(tokens):
        if token.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and ":" not in (
            tokens[i - 1] if i else "",
            tokens[i + 1] if i + 1 < len(tokens) else "",
        ):
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
    select_stack: list[tuple[int, int]] = []  # (depth of the SELECT, its index)
    projected: dict[int, list[str]] = {}  # parameters each SELECT projects
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
            opens_body = (
                value == "{"
                and depth == mode_depth
                and mode in ("select", None)
                and current is not None
                and (mode == "select" or _last_word(out) == "WHERE")
            )
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
    return re.sub(
        r"\bGROUP\s+BY\s*(?=HAVING\b|ORDER\b|LIMIT\b|OFFSET\b|VALUES\b|\}|$)", "", "".join(out), flags=re.IGNORECASE
    )


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


# --- SHACL's pre-bound variables ($this, $value, a component's parameters) -------------------------------

# Variables SHACL pre-binds that a subquery need not project (section 5.2.1)
_OPTIONALLY_PROJECTED = {"currentShape", "shapesGraph"}


def tokens_of(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each token: comment, string, iri, var, word, open, close, other (whitespace included)."""
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]


def projected(query: str) -> tuple[str, ...]:
    """The variables a SELECT names in its projection (none for SELECT *), in order.

    >>> projected('SELECT ?item (COUNT(?x) AS ?n) WHERE { ?item ?p ?x } GROUP BY ?item')
    ('item', 'n')
    """
    tokens = [t for t in tokens_of(query) if t[1].strip()]
    start = next((i for i, (k, v) in enumerate(tokens) if k == "word" and v.upper() == "SELECT"), None)
    if start is None:
        return ()
    names, depth = [], 0
    for i in range(start + 1, len(tokens)):
        kind, value = tokens[i]
        if (kind == "word" and value.upper() == "WHERE") or value == "{":
            break
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "var" and (depth == 0 or (i > 0 and tokens[i - 1][1].upper() == "AS")):
            names.append(value[1:])
    return tuple(dict.fromkeys(names))


def with_values(query: str, variables: tuple[str, ...] | str, rows) -> str:
    """The query with a VALUES block first in its WHERE group, the terms written as pyoxigraph writes them
    (N-Triples, escaped): for lists of values a remote endpoint or a many-valued binding needs.

    >>> import pyoxigraph as ox
    >>> print(with_values('SELECT ?x WHERE { ?x ?p ?key }', "key", [ox.Literal('a"b')]))
    SELECT ?x WHERE { VALUES (?key) { ("a\\"b") } ?x ?p ?key }
    """
    names = (variables,) if isinstance(variables, str) else tuple(variables)
    rows = [row if isinstance(row, tuple) else (row,) for row in rows]
    block = (
        "VALUES ("
        + " ".join("?" + n for n in names)
        + ") { "
        + " ".join("(" + " ".join(str(t) for t in row) + ")" for row in rows)
        + " }"
    )
    return insert_in_top_group(query, block)


def nesting_depth(tokens) -> int:
    """How deep brackets, braces and parentheses nest (the engine's parser recurses once per level).

    >>> nesting_depth(tokens_of('SELECT * WHERE { FILTER((1 + (2))) }'))
    4
    """
    depth = deepest = 0
    for kind, _ in tokens:
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
    return deepest


def _query_start(tokens) -> int:
    """The index of the query form's keyword (after the prologue)."""
    for i, (kind, value) in enumerate(tokens):
        if kind == "word" and value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return i
    raise ValueError("no SELECT, ASK, CONSTRUCT or DESCRIBE")


def _with_brace_depth(tokens):
    """(index, kind, value, depth) for each token: depth is how many braces are open around it."""
    depth = 0
    for i, (kind, value) in enumerate(tokens):
        if kind == "close" and value == "}":
            depth -= 1
        yield i, kind, value, depth
        if kind == "open" and value == "{":
            depth += 1


def _where_start(tokens) -> int:
    """The index of the brace that opens the query's WHERE group."""
    for i in range(_query_start(tokens), len(tokens)):
        if tokens[i] == ("open", "{"):
            return i
    raise ValueError("no WHERE group")


def prebinding_problem(text: str, names: set[str]) -> str | None:
    """Why SHACL does not allow pre-binding `names` in this query (section 5.2.1: no MINUS, VALUES or SERVICE, no
    AS onto a pre-bound variable, every subquery projects the pre-bound variables), or None.

    >>> prebinding_problem('SELECT $this WHERE { { SELECT * WHERE { FILTER($this = 1) } } }', {"this"})
    'a subquery does not project $this'
    >>> prebinding_problem('SELECT $this WHERE { $this ?p ?o }', {"this"}) is None
    True
    """
    tokens = tokens_of(text)
    words = {value.upper() for kind, value in tokens if kind == "word"}
    for word in ("MINUS", "VALUES", "SERVICE"):
        if word in words:
            return f"it uses {word}, which SHACL does not allow where variables are pre-bound"
    for i, (kind, value) in enumerate(tokens[:-1]):
        if kind == "word" and value.upper() == "AS":
            following = next((t for t in tokens[i + 1 :] if t[1].strip()), None)
            if following and following[0] == "var" and following[1][1:] in names:
                return f"it assigns {following[1]} with AS, which SHACL does not allow for a pre-bound variable"
    required = names - _OPTIONALLY_PROJECTED
    for i, kind, value, depth in _with_brace_depth(tokens):
        if kind == "word" and value.upper() == "SELECT" and depth > 0:
            projected = set()
            for kind2, value2 in tokens[i + 1 :]:
                if (kind2 == "word" and value2.upper() == "WHERE") or (kind2, value2) == ("open", "{"):
                    break
                if kind2 == "var":
                    projected.add(value2[1:])
            missing = sorted(required - projected)
            if missing:
                return "a subquery does not project " + ", ".join("$" + m for m in missing)
    return None


def only_in_top_group(text: str, name: str) -> bool:
    """Whether joining the focus nodes into the query's top group gives what pre-binding `name` would: every use
    is in that group itself or inside an EXISTS (which sees the group's bindings), and no LIMIT or OFFSET cuts
    across focus nodes.

    >>> only_in_top_group('SELECT $this WHERE { $this a ?c FILTER NOT EXISTS { $this ?p ?o } }', "this")
    True
    >>> only_in_top_group('SELECT $this WHERE { { FILTER($this = 1) } }', "this")
    False
    """
    tokens = tokens_of(text)
    start = _where_start(tokens)
    depth, exists_depths, previous = 0, [], ""
    for kind, value in tokens[start:]:
        if kind == "open" and value == "{":
            depth += 1
            if previous == "EXISTS":
                exists_depths.append(depth)
        elif kind == "close" and value == "}":
            if exists_depths and exists_depths[-1] == depth:
                exists_depths.pop()
            depth -= 1
        elif kind == "var" and value[1:] == name and depth > 1 and not exists_depths:
            return False
        elif kind == "word" and value.upper() in ("LIMIT", "OFFSET") and depth == 0:
            return False
        if value.strip():
            previous = value.upper() if kind == "word" else value
    return True


def bound_as_true(text: str, names: set[str]) -> str:
    """`bound($this)` is true wherever $this is pre-bound (the engine's substitution would leave it unbound)."""
    tokens = tokens_of(text)
    out, i = [], 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "word" and value.upper() == "BOUND":
            rest = [t for t in tokens[i + 1 : i + 8] if t[1].strip()][:3]
            if (
                len(rest) == 3
                and rest[0][1] == "("
                and rest[1][0] == "var"
                and rest[1][1][1:] in names
                and rest[2][1] == ")"
            ):
                out.append("(true)")
                seen = 0
                while seen < 3:
                    i += 1
                    if tokens[i][1].strip():
                        seen += 1
                i += 1
                continue
        out.append(value)
        i += 1
    return "".join(out)


def replace_variable(text: str, name: str, replacement: str) -> str:
    """Every use of the variable `name` written as `replacement` (SHACL's $PATH, which stands for a path)."""
    return "".join(replacement if kind == "var" and value[1:] == name else value for kind, value in tokens_of(text))


def insert_in_top_group(text: str, pattern: str) -> str:
    """The query with `pattern` first in its WHERE group."""
    tokens = tokens_of(text)
    start = _where_start(tokens)
    rest = "".join(v for _, v in tokens[start + 1 :])
    return "".join(v for _, v in tokens[: start + 1]) + " " + pattern + ("" if rest[:1].isspace() else " ") + rest


def as_select(text: str, names: set[str]) -> str:
    """The query (SELECT or ASK) as a SELECT that projects `names` (pyoxigraph substitutes only projected
    variables): `*` and ASK become every variable the text names; a grouped query also groups by them.

    >>> as_select('ASK { FILTER(?value = $x) }', {"value", "x"})
    'SELECT ?value ?x { FILTER(?value = $x) }'
    """
    tokens = tokens_of(text)
    start = _query_start(tokens)
    everything = sorted({v[1:] for k, v in tokens if k == "var"} | names)
    form = tokens[start][1].upper()
    if form == "ASK":
        head = "SELECT " + " ".join("?" + n for n in everything)
        return "".join(v for _, v in tokens[:start]) + head + "".join(v for _, v in tokens[start + 1 :])
    if form != "SELECT":
        raise ValueError("not a SELECT or ASK query")
    i = start + 1
    while tokens[i][0] not in ("word", "var", "open", "other") or not tokens[i][1].strip():
        i += 1
    if tokens[i][0] == "word" and tokens[i][1].upper() in ("DISTINCT", "REDUCED"):
        i += 1
        while not tokens[i][1].strip():
            i += 1
    if tokens[i][1] == "*":
        return (
            "".join(v for _, v in tokens[:i])
            + " ".join("?" + n for n in everything)
            + "".join(v for _, v in tokens[i + 1 :])
        )
    where = _where_start(tokens)
    projected = {v[1:] for k, v in tokens[i:where] if k == "var"}
    missing = sorted(names - projected)
    if not missing:
        return text
    added = " " + " ".join("?" + n for n in missing) + " "
    out = "".join(v for _, v in tokens[:i]) + added + "".join(v for _, v in tokens[i:])
    # a grouped query groups by them too (each is one constant per evaluation)
    depth_tokens = tokens_of(out)
    for j, kind, value, depth in _with_brace_depth(depth_tokens):
        if (
            kind == "word"
            and value.upper() == "BY"
            and depth == 0
            and _last_word([v for _, v in depth_tokens[:j]]) == "GROUP"
        ):
            return "".join(v for _, v in depth_tokens[: j + 1]) + added + "".join(v for _, v in depth_tokens[j + 1 :])
    return out
