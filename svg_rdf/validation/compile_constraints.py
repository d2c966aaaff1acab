"""SHACL core constraints -> SPARQL violation patterns (the half of the compiler that
knows the constraint components; svg_rdf/validation/compile_sparql.py adds focus nodes and
assembles the queries).

`ConstraintCompiler.violations(shape, focus)` gives, for each constraint of `shape`, a group
pattern with one solution per violation at a bound `focus`; `conforms(shape, node)` is an
expression true when `node` conforms (nested shapes). What cannot be compiled raises
NotCompilable naming the shape and the feature.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from svg_rdf.validation.compile_vocab import (
    ATLEAST_PAIRWISE,
    CASTABLE,
    NODE_KINDS,
    NOT_CONSTRAINTS,
    PAIRS,
    RANGES,
    TYPE_PATH,
    NotCompilable,
    Subclasses,
    constant,
    count_of,
    negated,
)
from svg_rdf.validation.findings import sparql_path


class ConstraintCompiler:
    """The constraint components of one shapes graph as SPARQL patterns."""

    def __init__(self, shapes: Graph, subclasses: Subclasses | None = None) -> None:
        self.g = shapes
        self.subclasses = subclasses
        self.counter = 0
        self.declared = {
            path
            for component in shapes.subjects(RDF.type, SH.ConstraintComponent)
            for parameter in shapes.objects(component, SH.parameter)
            for path in shapes.objects(parameter, SH.path)
        }
        self.validated = {
            path
            for component in shapes.subjects(RDF.type, SH.ConstraintComponent)
            if any(
                (component, p, None) in shapes
                for p in (SH.validator, SH.nodeValidator, SH.propertyValidator)
            )
            for parameter in shapes.objects(component, SH.parameter)
            for path in shapes.objects(parameter, SH.path)
        }

    def var(self) -> str:
        self.counter += 1
        return f"?v{self.counter}"

    def deactivated(self, shape: Node) -> bool:
        return str(self.g.value(shape, SH.deactivated)).lower() == "true"

    def path(self, shape: Node) -> str | None:
        node = self.g.value(shape, SH.path)
        if node is None:
            return None
        text = sparql_path(self.g, node)
        if "_:path" in text:
            raise NotCompilable(
                f"shape {shape}: its sh:path is not a SHACL path this compiler knows",
                fix="use a predicate, sequence, sh:inversePath, sh:alternativePath or "
                "sh:zeroOrMorePath/oneOrMorePath/zeroOrOnePath",
            )
        return text

    def instance(self, node: str, cls: str) -> str:
        """A pattern matching when `node` is an instance of `cls` (SHACL: rdf:type and then
        rdfs:subClassOf*). With a `subclasses` look-up the closure is asked once per class
        and the pattern is a plain rdf:type match (28% of the core checks' time)."""
        if self.subclasses is None or not cls.startswith("<"):
            return f"{node} {TYPE_PATH} {cls} ."
        closure = self.subclasses(cls[1:-1])
        if closure is None:
            return f"{node} {TYPE_PATH} {cls} ."
        if len(closure) <= 1:
            return f"{node} <{RDF.type}> {cls} ."
        each = self.var()
        names = " ".join(f"<{iri}>" for iri in closure)
        return f"VALUES {each} {{ {names} }} {node} <{RDF.type}> {each} ."

    def members(self, shape: Node, node: Node) -> list[Node]:
        if node == RDF.nil:
            return []
        if (node, RDF.first, None) not in self.g:
            raise NotCompilable(f"shape {shape}: a list parameter is not an RDF list")
        return list(Collection(self.g, node))

    # -- focus nodes ---------------------------------------------------------------------

    def constraints(self, shape: Node) -> Iterator[tuple[Node, Node]]:
        """(parameter, value) of every constraint of `shape`, refusing what is unknown."""
        for predicate, obj in sorted(self.g.predicate_objects(shape)):
            if predicate in NOT_CONSTRAINTS or predicate == RDF.type:
                continue
            if predicate in self.declared:
                if predicate in self.validated:
                    raise NotCompilable(
                        f"shape {shape}: the SPARQL-based constraint component of {predicate} "
                        "cannot be compiled",
                        fix="use --engine pyshacl-turbo or --engine pyshacl",
                    )
                continue  # a component checked outside SHACL (source verification)
            if str(predicate).startswith(str(SH)):
                yield predicate, obj

    def violations(
        self, shape: Node, focus: str, stack: tuple[Node, ...] = (), *, nested: bool = True
    ) -> Iterator[tuple[URIRef, Node, str, str, str]]:
        """(component, parameter, body, value variable, key expression) of each constraint:
        `body` has a solution for each violation at the bound `focus`. A nested shape's
        sh:property shapes count as its own constraints; a targeted one's are checks of
        their own."""
        if self.deactivated(shape):
            return
        path = self.path(shape)
        value = focus if path is None else self.var()
        nodes = "" if path is None else f"{focus} {path} {value} ."

        def on_values(expression: str) -> str:
            return f"{nodes} FILTER({expression.replace('{v}', value)})"

        seen_qualified = False
        for parameter, obj in self.constraints(shape):
            if parameter == SH.property:
                if nested:
                    yield from self.violations(obj, focus, stack)
                continue
            if parameter == SH.sparql:
                if not nested:
                    continue  # a targeted shape's: svg_rdf/validation/sparql.py
                raise NotCompilable(
                    f"shape {shape}: a SPARQL constraint inside a nested shape cannot be compiled",
                    fix="give the constraint to a shape with a target",
                )
            if parameter == SH.closed:
                if str(obj).lower() == "true":
                    raise NotCompilable(
                        f"shape {shape}: sh:closed cannot be compiled",
                        fix="use --engine pyshacl-turbo or --engine pyshacl",
                    )
                continue
            if parameter == SH.ignoredProperties:
                continue
            if parameter in (SH.minCount, SH.maxCount) and path is not None:
                n = count_of(obj)
                if parameter == SH.minCount:
                    body = f"FILTER NOT EXISTS {{ {self.atleast(n, focus, path, None, shape)} }}"
                    yield SH.MinCountConstraintComponent, obj, body, "", ""
                else:
                    body = f"FILTER EXISTS {{ {self.atleast(n + 1, focus, path, None, shape)} }}"
                    yield SH.MaxCountConstraintComponent, obj, body, "", ""
            elif parameter == SH.nodeKind and obj in NODE_KINDS:
                yield SH.NodeKindConstraintComponent, obj, on_values(NODE_KINDS[obj]), value, ""
            elif parameter == SH.datatype:
                test = self.datatype(shape, obj, value)
                yield SH.DatatypeConstraintComponent, obj, f"{nodes} FILTER(!({test}))", value, ""
            elif parameter == SH["class"]:
                cls = constant(self.g, shape, obj, "sh:class")
                body = f"{nodes} FILTER NOT EXISTS {{ {self.instance(value, cls)} }}"
                yield SH.ClassConstraintComponent, obj, body, value, ""
            elif parameter == SH["in"]:
                terms = [constant(self.g, shape, m, "sh:in") for m in self.members(shape, obj)]
                # an IRI by `=` (Virtuoso's sameTerm never matches an IRI constant)
                test = (
                    " || ".join(
                        f"{{v}} = {t}" if t.startswith("<") else f"sameTerm({{v}}, {t})"
                        for t in terms
                    )
                    or "false"
                )
                yield SH.InConstraintComponent, obj, on_values(f"!({test})"), value, ""
            elif parameter == SH.hasValue:
                term = constant(self.g, shape, obj, "sh:hasValue")
                if path is None:  # the result names no value (the W3C suite's hasValue-001)
                    body = f"FILTER(!sameTerm({focus}, {term}))"
                    yield SH.HasValueConstraintComponent, obj, body, "", ""
                else:
                    body = f"FILTER NOT EXISTS {{ {focus} {path} {term} }}"
                    yield SH.HasValueConstraintComponent, obj, body, "", ""
            elif parameter == SH.pattern:
                flags = self.g.value(shape, SH.flags)
                args = f"STR({{v}}), {Literal(str(obj)).n3()}"
                if flags is not None:
                    args += f", {Literal(str(flags)).n3()}"
                test = f"isBlank({{v}}) || !REGEX({args})"
                yield SH.PatternConstraintComponent, obj, on_values(test), value, ""
            elif parameter in (SH.minLength, SH.maxLength):
                op = "<" if parameter == SH.minLength else ">"
                test = f"isBlank({{v}}) || STRLEN(STR({{v}})) {op} {count_of(obj)}"
                component = (
                    SH.MinLengthConstraintComponent
                    if parameter == SH.minLength
                    else SH.MaxLengthConstraintComponent
                )
                yield component, obj, on_values(test), value, ""
            elif parameter in RANGES:
                op, component = RANGES[parameter]
                bound = constant(self.g, shape, obj, str(parameter))
                test = f"!COALESCE({{v}} {op} {bound}, false)"
                yield component, obj, on_values(test), value, ""
            elif parameter == SH.languageIn:
                tags = [str(m) for m in self.members(shape, obj)]
                match = " || ".join(f"langMatches(LANG({{v}}), {Literal(t).n3()})" for t in tags)
                test = f"!isLiteral({{v}}) || !({match or 'false'})"
                yield SH.LanguageInConstraintComponent, obj, on_values(test), value, ""
            elif parameter == SH.uniqueLang and path is not None:
                if str(obj).lower() != "true":
                    continue
                other = self.var()
                body = (
                    f"{nodes} {focus} {path} {other} . FILTER(!sameTerm({value}, {other}) && "
                    f'LANG({value}) != "" && LANG({value}) = LANG({other}))'
                )
                yield SH.UniqueLangConstraintComponent, obj, body, "", f"LANG({value})"
            elif parameter in PAIRS and path is not None:
                op, component = PAIRS[parameter]
                other = self.var()
                body = (
                    f"{nodes} {focus} {obj.n3()} {other} . "
                    f"FILTER(!COALESCE({value} {op} {other}, false))"
                )
                yield component, obj, body, value, ""
            elif parameter in (SH.equals, SH.disjoint):
                yield from self.pairs(parameter, obj, focus, path, nodes, value)
            elif parameter in (SH.node, SH["not"]):
                ok = self.conforms(obj, value, (*stack, shape))
                test = f"!({ok})" if parameter == SH.node else ok
                component = (
                    SH.NodeConstraintComponent
                    if parameter == SH.node
                    else SH.NotConstraintComponent
                )
                yield component, obj, f"{nodes} FILTER({test})", value, ""
            elif parameter in (SH["and"], SH["or"], SH.xone):
                members = [
                    self.conforms(m, value, (*stack, shape)) for m in self.members(shape, obj)
                ]
                if parameter == SH["and"]:
                    test, component = " && ".join(members) or "true", SH.AndConstraintComponent
                elif parameter == SH["or"]:
                    test, component = " || ".join(members) or "false", SH.OrConstraintComponent
                else:
                    total = " + ".join(f"IF({m}, 1, 0)" for m in members) or "0"
                    test, component = f"({total}) = 1", SH.XoneConstraintComponent
                yield component, obj, f"{nodes} FILTER(!({test}))", value, ""
            elif parameter == SH.qualifiedValueShape and path is not None:
                if seen_qualified:
                    raise NotCompilable(
                        f"shape {shape}: more than one sh:qualifiedValueShape",
                        fix="give each qualified value shape a property shape of its own",
                    )
                seen_qualified = True
                yield from self.qualified(shape, obj, focus, path, stack)
            else:
                raise NotCompilable(
                    f"shape {shape}: sh:{str(parameter).removeprefix(str(SH))} cannot be compiled "
                    "to SPARQL",
                    fix="use --engine pyshacl-turbo or --engine pyshacl",
                )

    def pairs(
        self, parameter: Node, other: Node, focus: str, path: str | None, nodes: str, value: str
    ) -> Iterator[tuple[URIRef, Node, str, str, str]]:
        """sh:disjoint, and sh:equals as two checks: values missing on `other`, and values
        of `other` missing among the value nodes (a UNION of the two could not see the
        focus node bound in each branch)."""
        prop = other.n3()
        if parameter == SH.disjoint:
            body = f"{nodes} {focus} {prop} {value} ."
            yield SH.DisjointConstraintComponent, other, body, value, ""
            return
        if path is None:
            yield (
                SH.EqualsConstraintComponent,
                other,
                f"FILTER NOT EXISTS {{ {focus} {prop} {focus} }}",
                value,
                "",
            )
            other_value = self.var()
            body = f"{focus} {prop} {other_value} . FILTER(!sameTerm({focus}, {other_value}))"
            yield SH.EqualsConstraintComponent, other, body, other_value, ""
            return
        yield (
            SH.EqualsConstraintComponent,
            other,
            f"{nodes} FILTER NOT EXISTS {{ {focus} {prop} {value} }}",
            value,
            "",
        )
        other_value = self.var()
        body = (
            f"{focus} {prop} {other_value} . FILTER NOT EXISTS {{ {focus} {path} {other_value} }}"
        )
        yield SH.EqualsConstraintComponent, other, body, other_value, ""

    def qualified(
        self, shape: Node, inner: Node, focus: str, path: str, stack: tuple[Node, ...]
    ) -> Iterator[tuple[URIRef, Node, str, str, str]]:
        if str(self.g.value(shape, SH.qualifiedValueShapesDisjoint)).lower() == "true":
            raise NotCompilable(
                f"shape {shape}: sh:qualifiedValueShapesDisjoint cannot be compiled",
                fix="use --engine pyshacl-turbo or --engine pyshacl",
            )
        low = self.g.value(shape, SH.qualifiedMinCount)
        high = self.g.value(shape, SH.qualifiedMaxCount)

        def cond(variable: str) -> str:
            return self.conforms(inner, variable, (*stack, shape))

        if low is not None:
            least = self.atleast(count_of(low), focus, path, cond, shape)
            body = f"FILTER NOT EXISTS {{ {least} }}"
            yield SH.QualifiedMinCountConstraintComponent, low, body, "", ""
        if high is not None:
            n = count_of(high) + 1
            body = f"FILTER EXISTS {{ {self.atleast(n, focus, path, cond, shape)} }}"
            yield SH.QualifiedMaxCountConstraintComponent, high, body, "", ""

    def atleast(self, n: int, focus: str, path: str, cond: object, shape: Node) -> str:
        """A pattern with a solution when `focus` has at least `n` distinct values on `path`
        (that meet `cond`, a function of a variable giving an expression)."""
        if n < 0:
            raise NotCompilable(f"shape {shape}: a count is not a non-negative integer")
        if n == 0:
            return ""
        test = cond if callable(cond) else None
        if n > ATLEAST_PAIRWISE:
            x = self.var()
            where = f"{focus} {path} {x} ." + (f" FILTER({test(x)})" if test else "")
            count = self.var()
            return (
                f"{{ SELECT {focus} (COUNT(DISTINCT {x}) AS {count}) WHERE {{ {where} }} "
                f"GROUP BY {focus} }} FILTER({count} >= {n})"
            )
        names = [self.var() for _ in range(n)]
        parts = [f"{focus} {path} {x} ." for x in names]
        if test:
            parts += [f"FILTER({test(x)})" for x in names]
        parts += [
            f"FILTER(!sameTerm({a}, {b}))" for i, a in enumerate(names) for b in names[i + 1 :]
        ]
        return " ".join(parts)

    def datatype(self, shape: Node, datatype: Node, value: str) -> str:
        """An expression true when `value` is a well-formed literal of `datatype`."""
        iri = constant(self.g, shape, datatype, "sh:datatype")
        if datatype == RDF.langString:
            return f'isLiteral({value}) && LANG({value}) != ""'
        test = f"isLiteral({value}) && sameTerm(DATATYPE({value}), {iri})"
        if datatype in CASTABLE and datatype != XSD.string:
            test += f" && COALESCE(isLiteral({iri}(STR({value}))), false)"
        return test

    def conforms(self, shape: Node, node: str, stack: tuple[Node, ...]) -> str:
        """An expression true when `node` conforms to `shape`."""
        if shape in stack:
            raise NotCompilable(
                f"shape {shape}: recursive shapes cannot be compiled",
                fix="remove the cycle of sh:node/sh:property references",
            )
        if self.deactivated(shape):
            return "true"
        tests = [
            negated(body) for _, _, body, _, _ in self.violations(shape, node, (*stack, shape))
        ]
        return "(" + " && ".join(tests) + ")" if tests else "true"
