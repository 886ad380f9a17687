"""Property: on random plan FILES loaded by the real loader, every engine ranks the same totals (the answers of
``auto``, CP-SAT and the enumerator) and finds each plan's optimum (the tables plan by plan and by their flat lookup,
CP-SAT, the enumerator), and on small cases an independent brute force (``tests/brute_force.py``, from
``docs/plan-files.md``) finds each plan's optimum too.

``tests/plan_file_strategies.py`` draws documents using every field of the plan-file format and
profiles using every field that matters for cost (see its docstring for the list).
"""

import json
import os

from hypothesis import HealthCheck, given, note, seed, settings

from recommender.answer import Answer, Recommendation, recommend
from recommender.catalogue import Catalogue
from recommender.optimise import cpsat, exhaustive, objective_key, tables
from recommender.optimise.exhaustive import TooManyCombinations
from recommender.optimise.planner import Engine
from recommender.optimise.tables import Compiled
from recommender.profile import Profile
from tests import brute_force
from tests.plan_file_strategies import Doc, enumerating_at_most, file_cases
from tests.strategies import SOLVE_S
from tests.ties import priced, tied

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "200"))  # raise it for a long run
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ranked(answer: Answer) -> tuple[object, ...]:
    """What must not depend on the engine: status and, per ranked plan, its totals and rank."""
    def row(r: Recommendation) -> tuple[object, ...]:
        return (r.rank, r.plan_id, r.total_fen, r.horizon_total_fen, r.effective_monthly_fen, r.ranking_fen,
                r.benefit_value_fen, r.savings)
    return (answer.status, answer.current_fen, [row(r) for r in answer.recommendations],
            [row(r) for r in answer.best_per_operator], [(e.plan_id, e.cheapest_fen) for e in answer.excluded])


def own(answer: Answer) -> tuple[object, ...]:
    """Every plan's own figures in ``ranked``, whatever its rank, and each operator's best price: what equal ranking
    prices ordered apart (``tests.ties``) leave the same."""
    def row(r: Recommendation) -> tuple[object, ...]:
        return (r.plan_id, r.total_fen, r.horizon_total_fen, r.effective_monthly_fen, r.ranking_fen,
                r.benefit_value_fen, r.savings)
    return (answer.current_fen, sorted(map(row, answer.recommendations), key=str),
            sorted((r.operator, r.ranking_fen) for r in answer.best_per_operator))


def keys(catalogue: Catalogue, profile: Profile, engine: str) -> dict[str, tuple[int, ...]]:
    """Each plan's ``objective_key`` as ``engine`` finds it: ``tables`` (plan by plan, ``CompiledPlan.cheapest``'s
    loop), ``flat`` (the tables' lookup of every plan at once, ``flat.Flat``, which answers from ``tables.FLAT_MIN``
    plans up: 24, more than a drawn catalogue has, so asked for here from one), ``cp-sat`` or ``enumerate``."""
    plans = list(catalogue.plans)
    if engine in ("tables", "flat"):
        kept = tables.FLAT_MIN
        tables.FLAT_MIN = 1 if engine == "flat" else 10**9
        try:
            compiled = Compiled(catalogue)
            found = compiled.solve(profile, [p for p in plans if compiled.tabled(p, profile)])
        finally:
            tables.FLAT_MIN = kept
    else:
        found = (cpsat.solve(catalogue, profile, plans, SOLVE_S) if engine == "cp-sat"
                 else exhaustive.solve(catalogue, profile, plans))
    return {c.plan_id: objective_key(catalogue, c, profile) for c in found.choices}


@SETTINGS
@given(file_cases())
def test_engines_and_brute_force_agree_on_plan_files(case: tuple[list[Doc], Catalogue, Profile]) -> None:
    with enumerating_at_most():
        agree(case)


def agree(case: tuple[list[Doc], Catalogue, Profile]) -> None:
    docs, catalogue, profile = case
    note(f"plan files: {json.dumps(docs)}")
    note(f"profile: {profile.model_dump_json(exclude_defaults=True)}")
    given: dict[str, Answer] = {}
    engines: tuple[Engine, ...] = ("auto", "cp-sat", "enumerate")
    for engine in engines:
        try:
            given[engine] = recommend(catalogue, profile, top_k=50, engine=engine, time_limit_s=SOLVE_S)
        except TooManyCombinations:
            assert engine == "enumerate"
    answers = {engine: ranked(answer) for engine, answer in given.items()}
    if not answers["auto"] == answers["cp-sat"] == answers.get("enumerate", answers["auto"]):
        # (found by a soak, 1,000 examples: a plan of ¥9.90 with free packs of 1 GB and of 0.5 GB, 1.5 GB used, kept
        # 1 GB twice in CP-SAT and one of each in the enumerator, and was ranked after or before the other ¥9.90 plan
        # on its headroom: the documented limit, ``tests.ties``)
        assert all(tied(answer) for answer in given.values()), answers
        first, *others = [(priced(answer), own(answer)) for answer in given.values()]
        assert all(other == first for other in others), answers

    try:
        oracle = keys(catalogue, profile, "enumerate")
    except TooManyCombinations:
        return
    assert keys(catalogue, profile, "cp-sat") == oracle
    for lookup in ("tables", "flat"):  # (the plans on the tables: the planner sends the rest to CP-SAT)
        found = keys(catalogue, profile, lookup)
        assert found == {p: k for p, k in oracle.items() if p in found}, lookup
    if brute_force.covers(catalogue, profile):
        try:
            brute = brute_force.brute(catalogue, profile)
        except brute_force.TooLarge:
            return
        assert brute == oracle


MIN_BRUTE_SHARE = 0.25
"""Of the cases ``file_cases`` draws, the share the brute force must answer (about 54 % when written: 163 of 300)."""


def test_the_brute_force_answers_a_fair_share_of_the_drawn_cases() -> None:
    """The property above checks the engines against the brute force only where ``brute_force.covers`` a case and it
    is not ``TooLarge``, and passes quietly otherwise: were the strategies to drift out of the brute force's scope
    (catalogues too large, fields it does not read), it would check nothing and stay green.  A fixed draw of 100 cases
    must reach the brute force in at least ``MIN_BRUTE_SHARE`` of them."""
    answered = drawn = 0

    @seed(20261205)
    @settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(file_cases())
    def draw(case: tuple[list[Doc], Catalogue, Profile]) -> None:
        nonlocal answered, drawn
        _, catalogue, profile = case
        drawn += 1
        if brute_force.covers(catalogue, profile):
            try:
                brute_force.brute(catalogue, profile)
            except brute_force.TooLarge:
                return
            answered += 1

    draw()
    assert drawn >= 50
    assert answered >= MIN_BRUTE_SHARE * drawn, f"the brute force answered {answered} of {drawn} drawn cases"
