"""Synthetic graphs in the csto-kg ontology, for benchmarks: `python bench/generate.py TRIPLES OUT.nt` (or OUT.nq:
each story a claim in its own named graph).

Each "story" is a small world like the seed article's: two states in an alliance, a contingent, a deployment
with quantities, an arrival, a guarding of a facility in a city, a return, a statement, an office holding.
About one story in a hundred carries a deliberate fault (a negative count, a missing Russian label, a return
before its arrival) so that validators have something to find. Deterministic for a given size.
"""

import random
import sys

KG = "https://w3id.org/csto-kg/id/bench/"
KGO = "https://w3id.org/csto-kg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"


def story(i: int, rng: random.Random) -> list[str]:
    n = lambda name: f"<{KG}{name}-{i}>"  # noqa: E731
    o = lambda term: f"<{KGO}{term}>"  # noqa: E731
    date = lambda day: f'"2022-01-{day:02d}"^^<{XSD}date>'  # noqa: E731
    fault = rng.random() < 0.01 and rng.choice(["negative", "label", "return"])
    lines = []

    def add(s, p, obj):
        lines.append(f"{s} {p} {obj} .")

    def describe(node, *facts):
        """facts: (ontology property, value) pairs, written in order."""
        for prop, value in facts:
            add(node, o(prop), value)

    def labelled(node, cls, en, ru):
        add(node, RDF_TYPE, o(cls))
        add(node, LABEL, f'"{en} {i}"@en')
        if not (fault == "label" and cls == "City"):
            add(node, LABEL, f'"{ru} {i}"@ru')

    labelled(n("alliance"), "MilitaryAlliance", "Alliance", "Союз")
    for s in ("state-a", "state-b"):
        labelled(n(s), "State", "State", "Государство")
        add(n(s), RDF_TYPE, o("Country"))
        add(n(s), o("memberOf"), n("alliance"))
        add(n("alliance"), o("hasMember"), n(s))
    labelled(n("city"), "City", "City", "Город")
    add(n("city"), o("locatedIn"), n("state-a"))
    labelled(n("plant"), "Facility", "Plant", "Объект")
    add(n("plant"), o("locatedIn"), n("state-a"))
    labelled(n("force"), "MilitaryContingent", "Force", "Силы")
    labelled(n("contingent"), "MilitaryContingent", "Contingent", "Контингент")
    add(n("contingent"), o("partOf"), n("force"))
    labelled(n("deployment"), "Deployment", "Deployment", "Ввод")
    describe(n("deployment"), ("sender", n("alliance")), ("theme", n("force")), ("destination", n("state-a")))
    labelled(n("sub-deployment"), "Deployment", "Dispatch", "Отправка")
    describe(
        n("sub-deployment"),
        ("sender", n("state-b")),
        ("theme", n("contingent")),
        ("destination", n("state-a")),
        ("subEventOf", n("deployment")),
    )
    for kind, count in (("Personnel", rng.randint(50, 3000)), ("ArmouredVehicle", rng.randint(1, 40))):
        q = n(f"q-{kind}")
        add(n("sub-deployment"), o("quantity"), q)
        add(q, RDF_TYPE, o("Quantity"))
        value = -count if fault == "negative" and kind == "Personnel" else count
        describe(
            q,
            ("numericValue", f'"{value}"^^<{XSD}integer>'),
            ("countOf", o(kind)),
            ("unit", o("Item")),
            ("bound", o("Exactly")),
        )
    arrival_day, return_day = rng.randint(5, 9), rng.randint(12, 20)
    labelled(n("arrival"), "Arrival", "Arrival", "Прибытие")
    describe(n("arrival"), ("agent", n("contingent")), ("destination", n("state-a")), ("date", date(arrival_day)))
    labelled(n("guarding"), "Guarding", "Guarding", "Охрана")
    describe(n("guarding"), ("agent", n("contingent")), ("guardedObject", n("plant")))
    labelled(n("return"), "Return", "Return", "Возвращение")
    describe(
        n("return"),
        ("agent", n("contingent")),
        ("origin", n("state-a")),
        ("destination", n("state-b")),
        ("date", date(arrival_day - 1 if fault == "return" else return_day)),
    )
    labelled(n("person"), "Person", "Person", "Человек")
    labelled(n("office"), "Office", "Office", "Должность")
    add(n("office"), o("officeIn"), n("state-a"))
    add(n("person"), o("holds"), n("holding"))
    add(n("holding"), RDF_TYPE, o("OfficeHolding"))
    add(n("holding"), o("office"), n("office"))
    labelled(n("statement"), "Statement", "Statement", "Заявление")
    add(n("statement"), o("agent"), n("person"))
    add(n("statement"), o("content"), f'"ситуация {i} стабильная"@ru')
    add(n("statement"), o("date"), date(return_day))
    return lines


CLAIM = "https://w3id.org/csto-kg/claim/bench/"
SOURCE = "<https://w3id.org/csto-kg/source/bench>"


def generate(triples: int, out, claims: bool = False) -> int:
    """Write about `triples` statements. With `claims`, N-Quads: each story is a claim (its own named graph,
    typed kgo:Claim and derived from one bench source), as the build lays out the seed article's."""
    rng = random.Random(20220114)
    written, i = 0, 0
    while written < triples:
        lines = story(i, rng)
        if claims:
            graph = f"<{CLAIM}{i}>"
            lines = [line[:-1] + f"{graph} ." for line in lines]
            lines += [
                f"{graph} {RDF_TYPE} <{KGO}Claim> .",
                f"{graph} <http://www.w3.org/ns/prov#wasDerivedFrom> {SOURCE} .",
            ]
        out.write("\n".join(lines) + "\n")
        written += len(lines)
        i += 1
    return written


if __name__ == "__main__":
    target, path = int(float(sys.argv[1])), sys.argv[2]
    with open(path, "w", encoding="utf-8") as handle:
        print(f"{generate(target, handle, claims=path.endswith('.nq'))} statements written to {path}")
