"""Conditions of sale over whole populations: the batch scorer's side of ``recommender.eligibility``.

A population may carry who its people are in the columns ``age`` (negative: unknown),
``region`` (an ISO 3166-2 code, empty: unknown) and ``customer_of`` (an operator id, empty:
unknown).  As in a lenient answer, only a condition *not met* excludes: unknown ones (and
memberships and groups, which populations do not carry) keep the plan or pack.  The rules are
``recommender.eligibility``'s, vectorised; a test compares the two profile by profile.
"""

import datetime
from collections.abc import Mapping

import numpy as np

from ..catalogue import Catalogue
from ..catalogue.model import ANYONE, Rule
from ..catalogue.regions import within

COLUMNS = ("age", "region", "customer_of")


def not_met(rule: Rule, operator: str, columns: Mapping[str, np.ndarray], n: int,
            as_of: datetime.date) -> np.ndarray:
    """Rows for which a condition of ``rule`` is known not to hold."""
    out = np.zeros(n, dtype=bool)
    if rule == ANYONE:
        return out
    if (rule.available_from is not None and as_of < rule.available_from) or \
            (rule.available_until is not None and as_of > rule.available_until):
        out[:] = True
        return out
    customer = columns.get("customer_of")
    if customer is not None and rule.customers != "any":
        known = customer != ""
        if rule.customers == "new":
            out |= known & (customer == operator)
        else:
            out |= known & ~np.isin(customer, sorted(rule.existing_of))
    age = columns.get("age")
    if age is not None and (rule.age_min is not None or rule.age_max is not None):
        low = rule.age_min if rule.age_min is not None else 0
        high = rule.age_max if rule.age_max is not None else 1 << 30
        out |= (age >= 0) & ((age < low) | (age > high))
    region = columns.get("region")
    if region is not None and rule.regions:
        codes, index = np.unique(region, return_inverse=True)
        outside = np.array([code != "" and not within(str(code), rule.regions) for code in codes], dtype=bool)
        out |= outside[index]
    return out


def pack_groups(catalogue: Catalogue, columns: Mapping[str, np.ndarray], n: int,
                as_of: datetime.date) -> list[tuple[np.ndarray | slice, frozenset[str]]]:
    """Rows grouped by the packs they may not buy: ``(rows, dropped pack ids)``, few groups in practice."""
    ruled = [pack for pack in catalogue.packs if pack.rule != ANYONE]
    if not ruled:
        return [(slice(None), frozenset())]
    matrix = np.stack([not_met(p.rule, p.operator, columns, n, as_of) for p in ruled], axis=1)
    patterns, index = np.unique(matrix, axis=0, return_inverse=True)
    groups: list[tuple[np.ndarray | slice, frozenset[str]]] = []
    for k, pattern in enumerate(patterns):
        dropped = frozenset(p.id for p, out in zip(ruled, pattern, strict=True) if out)
        groups.append((slice(None) if len(patterns) == 1 else np.flatnonzero(index.ravel() == k), dropped))
    return groups


def about_columns(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The eligibility columns as the rules read them (``current_operator`` stands for ``customer_of``)."""
    out: dict[str, np.ndarray] = {}
    if "age" in columns:
        out["age"] = np.asarray(columns["age"], dtype=np.int64)
    for name, source in (("region", "region"), ("customer_of", "customer_of"), ("customer_of", "current_operator")):
        if name not in out and source in columns:
            out[name] = np.asarray(columns[source], dtype=object)
    return out
