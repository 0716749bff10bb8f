r"""SPARQL as text: the one tokenizer of the project, with the terminals of the SPARQL 1.1 grammar (section 19.8:
IRIREF, prefixed names with their escapes PN_LOCAL_ESC and PERCENT, blank node labels, variables, the four string
forms with ECHAR and UCHAR, numbers, language tags, comments ending at a line feed or a carriage return), and what is
done with it: reading a query before the engine sees it (its form, its keywords, how deep it nests, whether it
names SERVICE or a dataset), parameters written into a query as terms (for servers, which have no binding), and
SHACL's pre-binding of $this, $value and the parameters of a constraint.

>>> import pyoxigraph as ox
>>> query = 'SELECT ?x ?lang WHERE { ?x ?p ?l FILTER(LANG(?l) = ?lang) }'
>>> print(substitute(query, {ox.Variable("lang"): ox.Literal("ru")}))
SELECT ?x ?lang WHERE { BIND("ru" AS ?lang) ?x ?p ?l FILTER(LANG(?l) = "ru") }
>>> [v for k, v in tokens_of(r"ex:a\#b SERVICE") if k != "space"]
['ex:a\\#b', 'SERVICE']
>>> read_query('SELECT * WHERE { ?s ?p ?o } # hidden\rSERVICE <http://x> { }').service
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# character classes of the grammar's terminals (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS)
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f\u2c00-\u2fef"
    "\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f\u2040"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"""\\[tbnrf\\"']"""
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
# possessive quantifiers throughout: a token is read in time linear in its length, whatever the text
_PN_PREFIX = rf"[{_BASE}](?:[{_CHARS}]++|\.++(?=[{_CHARS}]))*+"
_PN_LOCAL = rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:[{_CHARS}:]++|{_PLX}|\.++(?=[{_CHARS}:]|{_PLX}))*+"
_EXPONENT = r"[eE][+-]?[0-9]++"

_TOKEN = re.compile(
    rf"""
    (?P<comment>\#[^\r\n]*+)
  | (?P<space>[ \t\r\n]++)
  | (?P<string>"{{3}}(?:(?:""|")?+(?:[^"\\]|{_ECHAR}|{_UCHAR}))*+"{{3}}
              |'{{3}}(?:(?:''|')?+(?:[^'\\]|{_ECHAR}|{_UCHAR}))*+'{{3}}
              |"(?:[^"\\\r\n]++|{_ECHAR}|{_UCHAR})*+"
              |'(?:[^'\\\r\n]++|{_ECHAR}|{_UCHAR})*+')
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]++|{_UCHAR})*+>)
  | (?P<var>[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f\u2040]*+)
  | (?P<bnode>_:[{_CHARS_U}0-9](?:[{_CHARS}]++|\.++(?=[{_CHARS}]))*+)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<word>{_PN_PREFIX})
  | (?P<number>[0-9]++\.[0-9]*+{_EXPONENT}|\.[0-9]++{_EXPONENT}|[0-9]++{_EXPONENT}|[0-9]*+\.[0-9]++|[0-9]++)
  | (?P<langtag>@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+)
  | (?P<open>[{{(\[])
  | (?P<close>[}})\]])
  | (?P<other>\^\^|\|\||&&|!=|<=|>=|[=<>!+\-*/^|?,;.])
  | (?P<error>.)
""",
    re.VERBOSE | re.DOTALL,
)

_CLAUSE_END = {"WHERE", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES", "FROM", "GROUP"}
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
# what ends an operand: after one of these, inside parentheses, "<" is the operator less-than, not an IRI's start
_OPERANDS = {"var", "string", "number", "iri", "pname", "bnode", "langtag"}
# what makes the engine's trees deeper by one: operators, pattern separators and the clauses that join patterns
_CHAINING_WORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "AS", "GRAPH", "SERVICE", "EXISTS", "NOT", "VALUES"}
_CHAINING_MARKS = {"||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "|", "^", "!", "?", ".", ";"}


def tokens_of(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each token: comment, space, string, iri, var, bnode, pname, word, number, langtag, open
    (`{ ( [`), close, other (punctuation) and error (a character no token of SPARQL starts with)."""
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]


def _words(value: str) -> list[str]:
    """The keywords a word token may hold: the engine reads `true.FILTER` as three tokens."""
    return value.upper().split(".")


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these keywords."""
    for kind, value in tokens_of(query):
        if kind == "word" and value.upper() in FORMS:
            return value.upper()
    return None


@dataclass
class Reading:
    """What a query is, read before the engine sees it, in every way the engine could read it: where "<" could be
    the operator less-than as well as an IRI's start (`FILTER(?a<?b)…#>`), both readings are followed."""

    form: str | None = None
    words: set[str] = field(default_factory=set)  # keywords, upper-cased, of every reading
    update: str | None = None  # the first update keyword, for a request that is an update
    depth: int = 0  # how deep ( { [ nest, in the deepest reading
    elements: int = 0  # operators, separators and joining clauses: how long the engine's chains get
    service: bool = False  # SERVICE in some reading, however spelled (the engine needs no space after it)
    dataset: bool = False  # FROM or FROM NAMED: the query names its own dataset
    unreadable: tuple[int, str] | None = None  # (offset, character) where no SPARQL token starts
    ambiguous: bool = False  # too many readings to follow: refused rather than guessed

    def where(self, text: str) -> str:
        offset = self.unreadable[0] if self.unreadable else 0
        line = text.count("\n", 0, offset) + 1
        return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _ends_operand(kind: str, value: str) -> bool:
    return kind in _OPERANDS or value == ")" or (kind == "word" and value.lower() in ("true", "false"))


def _names_service(kind: str, value: str) -> bool:
    """Conservative, as the engine's keywords need no space after them: `SERVICE:x`, `SERVICEex:a` and
    `trueSERVICE <…>` all call SERVICE."""
    if kind == "word":
        return "SERVICE" in value.upper()
    if kind == "pname":
        return "SERVICE" in value.partition(":")[0].upper()
    return False


class _Interner:
    """Bracket stacks as small integers: equal stacks, reached by different readings, are the same number."""

    def __init__(self):
        self.ids: dict[tuple[int, str], int] = {}
        self.parent, self.top, self.depth = [0], [""], [0]

    def push(self, stack: int, bracket: str) -> int:
        found = self.ids.get((stack, bracket))
        if found is None:
            found = self.ids[(stack, bracket)] = len(self.parent)
            self.parent.append(stack)
            self.top.append(bracket)
            self.depth.append(self.depth[stack] + 1)
        return found


def read_query(text: str, *, budget: int | None = None) -> Reading:
    """The query read as the engine's grammar reads it (see Reading). `budget`: tokens the other readings may
    take in all (default: twice the query's); past it the reading is `ambiguous`."""
    reading = Reading()
    stacks = _Interner()
    forks: list[tuple[int, int]] = []  # (offset after an ambiguous "<", its stack)
    stack, operand = 0, False
    count = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        count += 1
        if kind == "space" or kind == "comment":
            continue
        if kind in _OPERANDS:  # the most frequent tokens, read fast: what follows a term is all they decide
            if kind == "iri":
                if operand and stacks.top[stack] == "(":
                    forks.append((match.start() + 1, stack))
            elif kind == "pname" and _names_service(kind, match.group()):
                reading.service = True
            operand = True
            continue
        value = match.group()
        if kind == "open":
            stack = stacks.push(stack, value)
            if stacks.depth[stack] > reading.depth:
                reading.depth = stacks.depth[stack]
            if value == "{":
                reading.elements += 1
        elif kind == "close":
            stack = stacks.parent[stack]
        elif kind == "word":
            for word in _words(value):
                reading.words.add(word)
                if word in _CHAINING_WORDS:
                    reading.elements += 1
                if reading.form is None and word in FORMS:
                    reading.form = word
                if reading.update is None and word in UPDATE_WORDS and reading.form is None:
                    reading.update = word
                if word.startswith("FROM") and stacks.depth[stack] == 0:
                    reading.dataset = True
            reading.elements += value.count(".")
            reading.service = reading.service or _names_service(kind, value)
        elif kind == "other":
            if value in _CHAINING_MARKS or (value == "," and stacks.top[stack] != "("):
                reading.elements += 1
        elif kind == "error" and reading.unreadable is None:
            reading.unreadable = (match.start(), value)
        operand = _ends_operand(kind, value)
    if forks:
        _follow_other_readings(text, reading, stacks, forks, budget if budget is not None else 2 * count + 1000)
    return reading


def _follow_other_readings(text: str, reading: Reading, stacks: _Interner, forks, budget: int) -> None:
    """Read on from each "<" taken as less-than, until that reading meets the main one again (same place, same
    brackets open, same expectation), adding what it finds to `reading`."""
    main: dict[int, tuple[bool, int]] = {}
    stack, operand = 0, False
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            continue
        main[match.start()] = (operand, stack)
        if kind == "open":
            stack = stacks.push(stack, value)
        elif kind == "close":
            stack = stacks.parent[stack]
        operand = _ends_operand(kind, value)
    seen: set[tuple[int, bool, int]] = set()
    pending = [(offset, False, stack) for offset, stack in forks]
    reading.elements += len(pending)  # each "<" read as an operator
    while pending:
        position, operand, stack = pending.pop()
        while position < len(text):
            match = _TOKEN.match(text, position)
            kind, value = match.lastgroup, match.group()
            position = match.end()
            if kind in ("space", "comment"):
                continue
            state = (match.start(), operand, stack)
            if main.get(match.start()) == (operand, stack) or state in seen:
                break
            seen.add(state)
            budget -= 1
            if budget < 0:
                reading.ambiguous = True
                return
            if kind == "open":
                stack = stacks.push(stack, value)
                reading.depth = max(reading.depth, stacks.depth[stack])
            elif kind == "close":
                stack = stacks.parent[stack]
            elif kind == "word":
                reading.words.update(_words(value))
                reading.elements += 1
            elif kind == "other":
                reading.elements += 1
            elif kind == "iri" and operand and stacks.top[stack] == "(":
                pending.append((match.start() + 1, False, stack))
                reading.elements += 1
            elif kind == "error":
                break  # the engine cannot read the text this way: this reading ends
            if _names_service(kind, value):
                reading.service = True
            operand = _ends_operand(kind, value)


@dataclass(frozen=True)
class Refusal:
    """Why a query must not reach the engine: `kind` is update, service, unreadable, nesting or length."""

    kind: str
    message: str


def refusal(
    text: str, *, allow_service: bool = False, max_depth: int = 100, max_elements: int = 2000
) -> tuple[Reading, Refusal | None]:
    """The query read (see read_query), and why it must not reach the engine, or None: an update, SERVICE (unless
    allowed), a character no SPARQL token starts with, brackets nested deeper than `max_depth`, or more than
    `max_elements` operators, separators and joining clauses (the engine's parser and its evaluation recurse once
    per level and per element: 10,000 levels of `(`, or 10,000 `+` or `.` in a row, overflow its stack).

    >>> refusal(r'PREFIX ex: <http://ex/> SELECT * { VALUES ?z { ex:a\\#b } SERVICE <http://x/> {} }')[1].kind
    'service'
    >>> refusal('SELECT * { FILTER(' + '(' * 200 + '1' + ')' * 200 + ') }')[1].message
    'the query nests 202 levels of brackets deep; the limit is 100'
    """
    reading = read_query(text)
    if reading.form is None and reading.update:
        return reading, Refusal(
            "update",
            f"this endpoint is read-only: the request sent an update ({reading.update} …) as a query; SPARQL Update "
            "is refused here (a writable endpoint takes it as update=, not query=)",
        )
    if reading.unreadable is not None:
        offset, character = reading.unreadable
        return reading, Refusal(
            "unreadable",
            f"SPARQL syntax error at {reading.where(text)}: no SPARQL token starts with {character!r} "
            f"(U+{ord(character):04X})",
        )
    if reading.ambiguous:
        return reading, Refusal(
            "unreadable",
            "the query uses '<' both as less-than and as the start of IRIs too often to be checked: put spaces "
            "around the comparison operators",
        )
    if reading.service and not allow_service:
        return reading, Refusal("service", "SERVICE (federated query) is disabled on this server")
    if reading.depth > max_depth:
        return reading, Refusal(
            "nesting", f"the query nests {reading.depth} levels of brackets deep; the limit is {max_depth}"
        )
    if reading.elements > max_elements:
        return reading, Refusal(
            "nesting",
            f"the query chains {reading.elements} operators, patterns and clauses; the limit is {max_elements} (the "
            "engine recurses once for each)",
        )
    return reading, None


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
