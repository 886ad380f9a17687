"""A household priced as separate one-line plans (``answer.ranking.separate_lines``) and one line of it as a profile
of its own (``line_profile``), pinned on small catalogues built here: each line's plan and the set's totals (fen)
worked out by hand.  Each test names the mutants it kills (mutation testing, helper rzb)."""

from recommender.answer.document import SeparateLines
from recommender.answer.ranking import separate_lines
from recommender.catalogue import Catalogue, Plan, SaleConditions, Tariff
from recommender.catalogue.model import ANYONE
from recommender.profile import Profile

AS_OF = "2026-03-01"


def plan(plan_id: str, fee_fen: int, rule: SaleConditions = ANYONE, operator: str = "op-a") -> Plan:
    """A one-line plan of 10 GB, 100 minutes and no SMS, ¥5 a GB, ¥0.10 a minute and ¥0.10 an SMS beyond."""
    return Plan(plan_id, operator, plan_id, fee_fen, {"data_mb": Tariff(10 * 1024, 1024, 500),
                                                      "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)},
                1000, 100, rule=rule)


def lines_of(separate_plans: SeparateLines) -> list[tuple[str, str | None, int | None]]:
    """Each line's name, plan and effective monthly fen."""
    return [(line.name or "", None if line.recommendation is None else line.recommendation.plan_id,
             None if line.recommendation is None else line.recommendation.effective_monthly_fen)
            for line in separate_plans.lines]


def test_the_holders_line_alone_keeps_the_plan_only_its_holders_may_keep() -> None:
    """``legacy`` (¥20.00, no longer sold: kept only by the people on it) and ``open`` (¥50.00), 1 GB a line, within
    either's 10 GB; eligibility strict (an unknown condition keeps a plan out).  The household is on ``legacy``: the
    holder's line alone is on it too (its current plan, theirs to keep), so ``legacy`` at 2,000 fen; the kid's line
    is not known to be on it (the holders-only condition unknown), so ``open`` at 5,000.  Together 2,000 + 5,000 =
    7,000 fen a month, every month (no terms), so a worst month of 7,000.  Kills ``separate_lines`` line 198 (the
    holder's current plan given to its line alone) deleted or forced False (mutants 76, 78: the holder on ``open``
    too, 10,000 fen)."""
    catalogue = Catalogue((plan("legacy", 2000, SaleConditions(holders_only=True)), plan("open", 5000)), (), "hand")
    separate = separate_lines(catalogue, Profile.model_validate({
        "as_of": AS_OF, "eligibility": "strict", "current": {"plan_id": "legacy"},
        "lines": [{"name": "Holder", "data_gb": 1, "voice_minutes": 0, "sms": 0},
                  {"name": "Kid", "data_gb": 1, "voice_minutes": 0, "sms": 0}]}))
    assert lines_of(separate) == [("Holder", "legacy", 2000), ("Kid", "open", 5000)]
    assert (separate.effective_monthly_fen, separate.worst_month_fen) == (7000, 7000)


def test_a_bill_is_the_households_and_a_line_no_plan_fits_has_none() -> None:
    """``open`` (¥50.00, 10 GB, 100 Mbps up) alone; the household pays a bill of ¥300.00 (no plan named).  The holder
    (1 GB) is on ``open`` at 5,000 fen and saves nothing said: the ¥300.00 is the household's bill, not the holder's
    line's (not ¥300 - ¥50 = ¥250.00 a month).  The kid needs 150 Mbps up, more than ``open``'s 100: no plan, the
    line "infeasible", so the set is incomplete, with no worst month and no monthly total.  Kills ``separate_lines``
    line 198 'i == 0 and profile.current is not None and ...' as 'i == 0' (mutant 102: the holder's line saving
    25,000 fen against the household's bill)."""
    catalogue = Catalogue((plan("open", 5000),), (), "hand")
    separate = separate_lines(catalogue, Profile.model_validate({
        "as_of": AS_OF, "current": {"monthly_bill_fen": 30000},
        "lines": [{"name": "Holder", "data_gb": 1, "voice_minutes": 0, "sms": 0},
                  {"name": "Kid", "data_gb": 1, "voice_minutes": 0, "sms": 0, "needs": {"min_uplink_mbps": 150}}]}))
    assert lines_of(separate) == [("Holder", "open", 5000), ("Kid", None, None)]
    holder = separate.lines[0].recommendation
    assert holder is not None and holder.savings is None
    assert [line.status for line in separate.lines] == ["optimal", "infeasible"]
    assert (separate.complete, separate.worst_month_fen, separate.effective_monthly_fen) == (False, None, None)
