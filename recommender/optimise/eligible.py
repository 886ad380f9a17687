"""Conditions of sale over whole populations: the batch scorer's side of ``recommender.eligibility``.

A population may carry who its people are in the columns ``age`` (negative: unknown), ``region`` (an ISO
3166-2 code, empty: unknown), ``customer_of`` (an operator id, empty: unknown) and ``current_plan`` (a plan
id, empty: unknown; what a plan no longer sold reads). As in a lenient answer, only a condition *not met*
excludes (a region outside a plan's market too: ``outside``): unknown ones (and groups, which populations do
not carry) keep the plan or pack. A membership is known only as ``eligibility.about_of`` infers it: the one a
current plan is sold to (``plan_membership``, as ``plan_operator`` its operator). The rules are
``recommender.eligibility``'s, vectorised; a test compares the two profile by profile.
"""

import datetime
from collections.abc import Mapping, Sequence

import numpy as np

from ..catalogue import Catalogue
from ..catalogue.model import ANYONE, SaleConditions
from ..catalogue.regions import within
from ..eligibility import lives_outside

COLUMNS = ("age", "region", "customer_of")
TEXT_SOURCES = (("region", "region"), ("customer_of", "customer_of"), ("customer_of", "current_operator"),
                ("current_plan", "current_plan"))
"""``(column, population column)`` for the text columns, in order of preference (``current_operator``
stands for ``customer_of`` when that is absent)."""
SOURCES = ("age", *(source for _, source in TEXT_SOURCES))
"""Every population column ``about_columns`` reads."""


def not_met(rule: SaleConditions, operator: str, columns: Mapping[str, np.ndarray], n: int,
            as_of: datetime.date, ref: str = "") -> np.ndarray:
    """Rows for which a condition of ``rule`` (on the item ``ref``) is known not to hold."""
    out = np.zeros(n, dtype=bool)
    if rule == ANYONE:
        return out
    if not rule.sale_begun(as_of):
        out[:] = True
        return out
    plan = _coded(columns, "current_plan")  # (a plan no longer sold: another plan now is known not to keep it)
    if rule.sale_over(as_of):
        out[:] = True
    if rule.customers != "any":  # a customer of ``customer_of`` and of the current plan's operator, as
        known = np.zeros(n, dtype=bool)  # ``eligibility._check`` reads them (two SIMs: both operators')
        ours = np.zeros(n, dtype=bool)  # (new: a customer of this operator; existing: of one it names)
        for coded in (_coded(columns, "customer_of"), _coded(columns, "plan_operator")):
            if coded is not None:
                values, index = coded
                known |= np.array([v != "" for v in values], dtype=bool)[index]
                ours |= np.array([v != "" and (v == operator if rule.customers == "new" else v in rule.existing_of)
                                  for v in values], dtype=bool)[index]
        out |= ours if rule.customers == "new" else known & ~ours
    age = columns.get("age")
    if age is not None and (rule.age_min is not None or rule.age_max is not None):
        low = rule.age_min if rule.age_min is not None else 0
        high = rule.age_max if rule.age_max is not None else 1 << 30
        out |= (age >= 0) & ((age < low) | (age > high))
    member = _coded(columns, "plan_membership")  # (on a plan of one membership: its member, and of no other known)
    if member is not None and rule.members_of:
        values, index = member
        out |= np.array([v != "" and v not in rule.members_of for v in values], dtype=bool)[index]
    if plan is not None and rule.holders_only:
        values, index = plan
        out |= np.array([v != "" and v != ref for v in values], dtype=bool)[index]
    region = _coded(columns, "region")
    if region is not None and rule.regions:
        values, index = region
        outside = np.array([v != "" and not within(str(v), rule.regions) for v in values], dtype=bool)
        out |= outside[index]
    return kept_rows(out, columns, ref)


def kept_rows(out: np.ndarray, columns: Mapping[str, np.ndarray], ref: str) -> np.ndarray:
    """``out`` but for the rows on the plan ``ref``, who keep it whatever its conditions of sale (they bind signing
    up: ``eligibility._check``; found by the what-if user test, a plan made for under-25s moved its older holders off
    it, and a sale ended on it kept them)."""
    plan = _coded(columns, "current_plan")
    if plan is None or not ref or not out.any():
        return out
    values, index = plan
    return out & np.array([v != ref for v in values], dtype=bool)[index]


def outside(country: str, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """Rows whose region is known and outside ``country``: the plans of an operator selling there are not for
    them (``eligibility.assess``'s market rule)."""
    region = _coded(columns, "region")
    if region is None:
        return np.zeros(n, dtype=bool)
    values, index = region
    return np.array([v != "" and lives_outside(str(v), country) for v in values], dtype=bool)[index]



def _coded(columns: Mapping[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray] | None:
    """A text column as its distinct values and each row's index into them (``about_columns`` codes it
    once per chunk; rules then look at a handful of values, not at every row)."""
    values, index = columns.get(f"{name}:values"), columns.get(f"{name}:index")
    if values is not None and index is not None:
        return values, index
    column = columns.get(name)
    if column is None:
        return None
    values, index = np.unique(column, return_inverse=True)
    return values, index.ravel()


def pack_groups(catalogue: Catalogue, columns: Mapping[str, np.ndarray], n: int,
                as_of: datetime.date) -> list[tuple[np.ndarray | slice, frozenset[str]]]:
    """Rows grouped by the packs they may not buy: ``(rows, dropped pack ids)``, few groups in practice."""
    ruled = [pack for pack in catalogue.packs if pack.rule != ANYONE]
    if not ruled:
        return [(slice(None), frozenset())]
    # One column per distinct rule and operator: packs sold alike (provincial copies) share theirs.
    kinds = list(dict.fromkeys((p.rule, p.operator) for p in ruled))
    kind = {k: i for i, k in enumerate(kinds)}
    matrix = np.stack([not_met(rule, operator, columns, n, as_of) for rule, operator in kinds], axis=1)

    def dropped_by(pattern: Sequence[bool]) -> frozenset[str]:
        return frozenset(p.id for p in ruled if pattern[kind[(p.rule, p.operator)]])

    same = np.asarray(matrix.all(axis=0) | ~matrix.any(axis=0), dtype=bool)
    if same.all():  # every row may buy the same packs (e.g. the population says nothing of who they are)
        return [(slice(None), dropped_by([bool(x) for x in np.asarray(matrix)[0]]))]
    varying = [k for k, constant in enumerate(same.tolist()) if not constant]
    if len(varying) <= 62:  # each row's pattern as one integer: np.unique on int64 is fast
        codes = np.zeros(n, dtype=np.int64)
        for bit, k in enumerate(varying):
            codes |= matrix[:, k].astype(np.int64) << bit
        keys, index = np.unique(codes, return_inverse=True)
        patterns = [np.asarray(matrix)[int(np.argmax(codes == key))] for key in keys]
    else:
        unique_rows, index = np.unique(matrix, axis=0, return_inverse=True)
        patterns = list(unique_rows)
    groups: list[tuple[np.ndarray | slice, frozenset[str]]] = []
    for k, pattern in enumerate(patterns):
        groups.append((np.flatnonzero(index.ravel() == k), dropped_by([bool(x) for x in pattern])))
    return groups


def about_columns(columns: Mapping[str, np.ndarray], catalogue: Catalogue | None = None) -> dict[str, np.ndarray]:
    """The eligibility columns as the rules read them (``current_operator`` stands for ``customer_of``); with
    ``catalogue``, ``plan_operator`` and ``plan_membership`` too: the operator of the row's current plan, whose
    customer the person is, and the one membership it is sold to, which they hold (columns of ``columns`` so named,
    where given, say them instead)."""
    out: dict[str, np.ndarray] = {}
    if "age" in columns:
        out["age"] = np.asarray(columns["age"], dtype=np.int64)
    for name, source in TEXT_SOURCES:
        if name not in out and source in columns:
            text = np.asarray(columns[source])
            out[name] = text if text.dtype.kind == "U" else text.astype(object)
    for name in ("plan_operator", "plan_membership"):
        if name in columns:  # given: the what-if's, from its baseline (a catalogue of the edited plans alone does
            text = np.asarray(columns[name])  # not hold the row's current plan)
            out[name] = text if text.dtype.kind == "U" else text.astype(object)
    if catalogue is not None and "current_plan" in out and not {"plan_operator", "plan_membership"} <= out.keys():
        values, index = np.unique(out["current_plan"], return_inverse=True)
        on = [catalogue.plan_index.get(v) for v in values.tolist()]
        derived = {"plan_operator": [p.operator if p else "" for p in on],
                   "plan_membership": [p.rule.membership if p else "" for p in on]}
        for name, per_value in derived.items():
            if name not in out and any(per_value):
                out[name] = np.array(per_value, dtype=object)[index.ravel()]
    for name in ("region", "customer_of", "current_plan", "plan_operator", "plan_membership"):
        if name in out:
            values, index = np.unique(out[name], return_inverse=True)
            out[f"{name}:values"], out[f"{name}:index"] = values, index.ravel()
    return out
