"""Safe arithmetic over indicator values: an AST whitelist (never eval), with the formula and its inputs."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from assistant.errors import AssistantError
from assistant.indicators.store import IndicatorStore, Provenance
from ingest.numbers import NumberFormatError, parse_number

MAX_EXPRESSION = 500


class ComputeError(AssistantError):
    """The expression is not allowed, names something unknown, or divides by zero."""


class ComputeInput(BaseModel):
    name: str
    value: float
    indicator_id: str | None = None
    unit: str = ""
    source: Provenance | None = None  # set when the value is an indicator from the documents


class ComputeResult(BaseModel):
    expression: str
    result: float
    formula: str  # the expression with the input values written in, e.g. "2855 * 43 / 100"
    inputs: list[ComputeInput]


def _plain(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _pct(part: float, whole: float) -> float:
    return _div(part, whole) * 100


def _div(a: float, b: float) -> float:
    if b == 0:
        raise ComputeError("deling door nul (division by zero)")
    return a / b


def _round(x: float, ndigits: float = 0) -> float:
    return float(round(x, int(ndigits)))


FUNCTIONS: dict[str, Callable[..., float]] = {
    "sum": lambda *xs: float(sum(xs)),
    "round": _round,
    "pct": _pct,  # pct(part, whole): part as a percentage of whole
    "ratio": _div,
    "abs": lambda x: float(abs(x)),
    "min": lambda *xs: float(min(xs)),
    "max": lambda *xs: float(max(xs)),
}
_BINOPS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: _div,
}


def _resolve(
    name: str, variables: dict[str, Any], store: IndicatorStore | None, inputs: dict[str, ComputeInput]
) -> float:
    if name in inputs:
        return inputs[name].value
    raw = variables.get(name, name)  # a bare indicator id may be used as a name directly
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        inputs[name] = ComputeInput(name=name, value=float(raw))
        return float(raw)
    if not isinstance(raw, str):
        raise ComputeError(f"variabele {name!r} heeft geen getal als waarde")
    row = store.get(raw) if store else None
    if row is not None:
        if row.value is None:
            raise ComputeError(
                f"{raw} heeft geen bedrag ({row.qualifier or 'leeg'}); er valt niet mee te rekenen"
            )
        inputs[name] = ComputeInput(
            name=name, value=row.value, indicator_id=row.id, unit=row.unit, source=row.source
        )
        return row.value
    if name not in variables:
        raise ComputeError(f"onbekende naam {name!r} (unknown name: not a variable nor an indicator id)")
    try:
        parsed = parse_number(raw)
    except NumberFormatError as exc:
        raise ComputeError(
            f"variabele {name!r}: {raw!r} is geen indicator-id en geen getal ({exc})"
        ) from None
    inputs[name] = ComputeInput(name=name, value=parsed.value, unit=parsed.unit)
    return parsed.value


def compute(
    expression: str, variables: dict[str, str | float] | None = None, store: IndicatorStore | None = None
) -> ComputeResult:
    """Evaluate `expression` over numbers and named inputs.

    Allowed: numbers, names, + - * /, unary -, parentheses and sum/round/pct/ratio/abs/min/max.
    A name is looked up in `variables` (a number, a Dutch number string, or an indicator id) or is itself
    an indicator id. Anything else (attributes, other calls, subscripts, **) is refused before evaluation.
    """
    variables = dict(variables or {})
    if not expression.strip():
        raise ComputeError("lege expressie (empty expression)")
    if len(expression) > MAX_EXPRESSION:
        raise ComputeError(f"expressie langer dan {MAX_EXPRESSION} tekens")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise ComputeError(f"ongeldige expressie: {exc.msg}") from None
    inputs: dict[str, ComputeInput] = {}

    def ev(node: ast.AST) -> tuple[float, str]:
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return float(node.value), repr(node.value)
        if isinstance(node, ast.Name):
            value = _resolve(node.id, variables, store, inputs)
            return value, _plain(value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            v, f = ev(node.operand)
            return (-v, f"-{f}") if isinstance(node.op, ast.USub) else (v, f)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            (a, fa), (b, fb) = ev(node.left), ev(node.right)
            sym = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}[type(node.op)]
            return _BINOPS[type(node.op)](a, b), f"({fa} {sym} {fb})"
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                what = ast.unparse(node.func)
                raise ComputeError(f"functie {what!r} is niet toegestaan (allowed: {', '.join(FUNCTIONS)})")
            if node.keywords:
                raise ComputeError("functies nemen geen benoemde argumenten")
            args = [ev(a) for a in node.args]
            try:
                value = FUNCTIONS[node.func.id](*(a for a, _ in args))
            except TypeError:
                raise ComputeError(
                    f"{node.func.id}() kreeg {len(args)} argument(en); dat klopt niet"
                ) from None
            return value, f"{node.func.id}({', '.join(f for _, f in args)})"
        raise ComputeError(
            f"{type(node).__name__} is niet toegestaan in een berekening: {ast.unparse(node)!r}"
        )

    result, formula = ev(tree.body)
    if formula.startswith("(") and formula.endswith(")"):
        formula = formula[1:-1]
    return ComputeResult(expression=expression, result=result, formula=formula, inputs=list(inputs.values()))
