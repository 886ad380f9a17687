"""Packs sold per SIM (``per_line: true``): in a household, a speed pack serves the line it is bought for, once for
each line that needs its speed (a per-day pack on each line's own days).  Every engine and the brute force."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from recommender.answer import recommend
from recommender.api.schemas import AnswerSchema
from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import ExtraLines
from recommender.cli import main
from recommender.cost import Bundle, blockers, price
from recommender.messages import render
from recommender.optimise.planner import Engine
from recommender.profile import Profile
from tests import brute_force
from tests.unit.test_speed_days import fig, speed_catalogue, speed_pack

ENGINES: list[Engine] = ["auto", "cp-sat", "enumerate"]
PER_LINE = speed_catalogue(100, 1000, ["data", "voice", "sms"], [
    speed_pack("op-a-up300", 20, uplink_mbps=fig(300), per_line=True),
    speed_pack("op-a-up300-day", 1, billing="per_day", uplink_mbps=fig(300), per_line=True)])
BOTH = {"lines": [{"data_gb": 1, "needs": {"min_uplink_mbps": 300}}, {"data_gb": 1, "needs": {"min_uplink_mbps": 300}}]}
DAYS = {"lines": [{"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 3}},
                  {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 5}}]}


@pytest.mark.parametrize("engine", ENGINES)
def test_two_lines_needing_a_speed_each_buy_a_pack_sold_per_sim(engine: Engine) -> None:
    """Two lines needing 300 Mbps up all month on a 100 Mbps plan whose 300 Mbps pack (¥20, one a SIM: ``max_count``
    1) is sold per SIM: one pack for each line, ¥10 + ¥5 extra line + 2 × ¥20 = ¥55.00 (the household bought one,
    ¥35.00); the bill says whose each is."""
    profile = Profile.model_validate(BOTH)
    assert brute_force.brute(PER_LINE, profile)["op-a-p0"][1] == 5500
    best = recommend(PER_LINE, profile, engine=engine).recommendations[0]
    assert best.total_fen == 5500
    assert [(p["id"], p["count"]) for p in best.packs] == [("op-a-up300", 2)]
    assert best.household is not None and best.household.per_line_fen == [3000, 2500]
    owners = [(line.ref, line.owner, line.fen, render(line.label, "en")) for line in best.breakdown
              if line.kind == "pack"]
    assert owners == [("op-a-up300", 0, 2000, "holder: op-a-up300"),
                      ("op-a-up300", 1, 2000, "extra line 1: op-a-up300")]
    assert [line.owner for line in price(PER_LINE, profile, Bundle("op-a-p0", (("op-a-up300", 2),))).lines
            if line.kind == "pack"] == [0, 1]


def test_a_pack_sold_per_sim_is_billed_only_to_the_lines_it_is_bought_for() -> None:
    """Only extra line 1 needs 300 Mbps up: one ¥20 pack, its own; the holder's line has no pack line (not one of
    none at ¥0.00).  ¥10 + ¥5 extra line + ¥20 = ¥35.00."""
    profile = Profile.model_validate({"lines": [{"data_gb": 1}, {"data_gb": 1, "needs": {"min_uplink_mbps": 300}}]})
    costing = price(PER_LINE, profile, Bundle("op-a-p0", (("op-a-up300", 1),)))
    assert [(line.ref, line.owner, line.quantity, line.fen) for line in costing.lines if line.kind == "pack"] == [
        ("op-a-up300", 1, 1, 2000)]
    assert costing.total_fen == 3500 and costing.meets_needs
    # a second unit (one a SIM: the holder may have one) no line's speed needs is the household's, shared: ¥55.00
    two = price(PER_LINE, profile, Bundle("op-a-p0", (("op-a-up300", 2),)))
    assert [(line.ref, line.owner, line.quantity, line.fen) for line in two.lines if line.kind == "pack"] == [
        ("op-a-up300", 1, 1, 2000), ("op-a-up300", None, 1, 2000)]
    assert two.total_fen == 5500 and two.meets_needs


def test_only_a_pack_free_with_the_plan_is_said_free_with_it() -> None:
    """A pack priced ¥0.00 is not 'free with this plan' (free_with names plans where a priced pack costs nothing):
    its bill line is its name, on one line's bill (the bundle's pack line) and on a household's (the line it is bought
    for); a ¥0.01 pack free with the plan says so on both."""
    catalogue = speed_catalogue(100, 1000, ["data", "voice", "sms"], [
        speed_pack("op-a-zero", 0, uplink_mbps=fig(300), per_line=True),
        speed_pack("op-a-gift", "0.01", downlink_mbps=fig(2000), per_line=True, free_with=["op-a-p0"])])
    one = {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "min_downlink_mbps": 2000}}
    bundle = Bundle("op-a-p0", (("op-a-zero", 1), ("op-a-gift", 1)))
    for fields, whose in ((one, ""), ({"lines": [{"data_gb": 1}, one]}, "extra line 1: ")):
        costing = price(catalogue, Profile.model_validate(fields), bundle)
        assert costing.meets_needs and costing.total_fen == 1000 + (500 if whose else 0)
        assert [(line.fen, render(line.label, "en")) for line in costing.lines if line.kind == "pack"] == [
            (0, f"{whose}op-a-zero"), (0, f"{whose}op-a-gift (free with this plan)")]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_per_day_pack_sold_per_sim_is_bought_on_each_lines_days(engine: Engine) -> None:
    """Line 0 needs 300 Mbps on 3 days, line 1 on 5: the day pass sold per SIM (¥1 a day) is bought on 3 + 5 = 8
    days (the household bought it on 5), ¥10 + ¥5 + ¥8 = ¥23.00."""
    profile = Profile.model_validate(DAYS)
    assert brute_force.brute(PER_LINE, profile)["op-a-p0"][1] == 2300
    best = recommend(PER_LINE, profile, engine=engine).recommendations[0]
    assert best.total_fen == 2300
    assert [(p["id"], p["count"]) for p in best.packs] == [("op-a-up300-day", 8)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pack_sold_to_the_household_still_serves_every_line(engine: Engine) -> None:
    """The same speed sold to the household (not per SIM, ¥35): one pack for both lines, ¥50.00."""
    catalogue = speed_catalogue(100, 1000, ["data", "voice", "sms"], [
        speed_pack("op-a-up300", 20, uplink_mbps=fig(300), per_line=True),
        speed_pack("op-a-up300-home", 35, uplink_mbps=fig(300))])
    profile = Profile.model_validate(BOTH)
    assert brute_force.brute(catalogue, profile)["op-a-p0"][1] == 5000
    best = recommend(catalogue, profile, engine=engine).recommendations[0]
    assert (best.total_fen, [(p["id"], p["count"]) for p in best.packs]) == (5000, [("op-a-up300-home", 1)])


@pytest.mark.parametrize("engine", ENGINES)
def test_one_line_alone_buys_a_pack_sold_per_sim_once(engine: Engine) -> None:
    """A one-line profile: the pack serves its line, as before."""
    profile = Profile.model_validate({"data_gb": 1, "needs": {"min_uplink_mbps": 300}})
    assert recommend(PER_LINE, profile, engine=engine).recommendations[0].total_fen == 3000


def test_the_answer_says_how_many_were_bought_for_each_line() -> None:
    """``packs[].lines`` (API, CLI JSON): the day pass sold per SIM, 3 days for the holder and 5 for the other line."""
    best = recommend(PER_LINE, Profile.model_validate(DAYS)).recommendations[0]
    assert best.packs == [{"id": "op-a-up300-day", "count": 8, "name": "op-a-up300-day",
                           "needed_for": ["min_uplink_mbps"], "lines": [3, 5]}]  # (each line's own days: 3 and 5)
    doc = AnswerSchema().dump(recommend(PER_LINE, Profile.model_validate(DAYS)))
    assert doc["recommendations"][0]["packs"][0]["lines"] == [3, 5]
    one = recommend(PER_LINE, Profile.model_validate({"data_gb": 1, "needs": {"min_uplink_mbps": 300}}))
    assert "lines" not in one.recommendations[0].packs[0]


def test_the_cli_bill_says_whose_each_pack_is(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "op-a.yaml").write_text(json.dumps(PER_LINE.specs[0].model_dump(mode="json", exclude_defaults=True)))
    (tmp_path / "p.json").write_text(json.dumps(DAYS))
    for lang, holder, other in (("en", "holder: op-a-up300-day × 3 days", "extra line 1: op-a-up300-day × 5 days"),
                                ("zh", "主卡的op-a-up300-day × 3天", "成员1的op-a-up300-day × 5天")):
        out = CliRunner().invoke(main, ["recommend", "--plans", str(plans), "--profile", str(tmp_path / "p.json"),
                                        "--lang", lang]).output
        assert holder in out and other in out, out


@pytest.mark.parametrize("engine", ENGINES)
def test_each_sim_stacks_a_pack_sold_per_sim_up_to_its_max_count(engine: Engine) -> None:
    """``max_count`` of a pack sold per SIM is each line's: two lines needing 300 Mbps on 20 and 25 days buy the
    monthly pack (one a SIM) twice, ¥10 + ¥5 + 2 × ¥20 = ¥55.00 (45 days of passes: ¥60.00); on 15 and 19 days, the
    day pass (31 a SIM) on 34 days, more than one SIM's 31: ¥49.00."""
    catalogue = speed_catalogue(100, 1000, ["data", "voice", "sms"], [
        speed_pack("op-a-up300", 20, uplink_mbps=fig(300), per_line=True),
        speed_pack("op-a-up300-day", 1, billing="per_day", uplink_mbps=fig(300), per_line=True)])
    profile = Profile.model_validate({"lines": [{"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 20}},
                                                {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 25}}]})
    assert brute_force.brute(catalogue, profile)["op-a-p0"][1] == 1500 + 2000 + 2000
    best = recommend(catalogue, profile, engine=engine).recommendations[0]
    assert (best.total_fen, [(p["id"], p["count"]) for p in best.packs]) == (5500, [("op-a-up300", 2)])
    assert best.packs[0]["lines"] == [1, 1]
    many = Profile.model_validate({"lines": [{"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 15}},
                                             {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 19}}]})
    best = recommend(catalogue, many, engine=engine).recommendations[0]
    assert (best.total_fen, [(p["id"], p["count"], p["lines"]) for p in best.packs]) == (
        1500 + 3400, [("op-a-up300-day", 34, [15, 19])])  # (more than 31 days: each SIM's own)


def test_a_hard_cap_counts_a_pack_sold_per_sim_on_every_line() -> None:
    """``cost.blockers``: with no data overage, a household may use the plan's allowance and a pack sold per SIM on each
    line (``Limits.per_line_most``), one line the pack once; a pack sold to the household counts once either way."""
    no_overage = {"data_mb": Tariff(1024, 1024, None), "voice_s": Tariff(0, 60, 10), "sms": Tariff(0, 1, 10)}
    plan = Plan("p0", "op", "p0", 1000, no_overage, downlink_mbps=500, uplink_mbps=100,
                extra_lines=ExtraLines(1, 500, frozenset({"data_mb"}), {}))
    gb = {"data_mb": 1024}
    for per_line, household_blocked in ((True, False), (False, True)):
        catalogue = Catalogue((plan,), (Pack("k", "op", "k", 100, gb, uplink_mbps=300, per_line=per_line),), "t")
        two = Profile.model_validate({"lines": [{"data_gb": 2}, {"data_gb": 1}]})
        one = Profile.model_validate({"data_gb": 3})
        assert bool(blockers(catalogue, plan, two)) is household_blocked
        assert [m.code for m in blockers(catalogue, plan, one)] == ["data_cap"]
        assert not blockers(catalogue, plan, Profile.model_validate({"data_gb": 2}))


def test_a_hard_cap_counts_each_further_line_stacking_a_pack_sold_per_sim_to_its_max_count() -> None:
    """``Limits.per_line_most``: a pack sold per SIM adding 1 GB, stacked at most twice a SIM, on a plan of 1 GB and no
    data overage, one extra line sharing the data, no SMS at all (no allowance, no rate).  Two lines may use the plan's
    1 GB, the holder's 2 × 1 GB and line 1's 2 × 1 GB: 5 GB (5120 MB).  3 + 2 GB fit; 3 + 3 GB (6144 MB) do not,
    said against 5120; the holder's 2 SMS do not, against 0 (the pack adds no SMS)."""
    plan = Plan("p0", "op", "p0", 1000, {"data_mb": Tariff(1024, 1024, None), "voice_s": Tariff(0, 60, 10),
                                         "sms": Tariff(0, 1, None)}, downlink_mbps=500, uplink_mbps=100,
                extra_lines=ExtraLines(1, 500, frozenset({"data_mb"}), {}))
    catalogue = Catalogue((plan,), (Pack("k", "op", "k", 100, {"data_mb": 1024}, max_count=2, per_line=True),), "t")

    def reasons(*lines: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
        return [(m.code, dict(m.params)) for m in blockers(catalogue, plan, Profile.model_validate({"lines": lines}))]

    assert reasons({"data_gb": 3}, {"data_gb": 2}) == []
    assert reasons({"data_gb": 3}, {"data_gb": 3}) == [("data_cap", {"meter": "data_mb", "have": 5120, "need": 6144})]
    assert reasons({"data_gb": 1, "sms": 2}, {"data_gb": 1}) == [("allowance", {"meter": "sms", "have": 0, "need": 2})]


def test_a_line_s_own_packs_serve_it_within_each_sim_s_max_count_and_the_units_bought() -> None:
    """``cost.allocate`` on bundles priced directly (a 100 Mbps up plan, ¥10, one extra line ¥5):
    a day pass sold per SIM on at most 10 days a SIM cannot give line 1 its 300 Mbps on 12 days, though 12 were
    bought (the household may buy 20); one 300 Mbps pack sold per SIM and one 2000 Mbps down pack cannot give two
    lines 300 Mbps up (the down pack's unit left over does not stand in); two 300 Mbps packs sold per SIM, one each,
    serve the holder's need either way (¥10 + ¥5 + ¥20 + ¥20 = ¥55.00); a 300 Mbps pack sold to the household gives
    it exactly, beside a down pack sold per SIM that serves no need (¥10 + ¥5 + ¥35 + ¥20 = ¥70.00)."""
    catalogue = speed_catalogue(100, 1000, ["data", "voice", "sms"], [
        speed_pack("op-a-day", 1, billing="per_day", max_count=10, uplink_mbps=fig(300), per_line=True),
        speed_pack("op-a-up", 20, uplink_mbps=fig(300), per_line=True),
        speed_pack("op-a-up-b", 20, uplink_mbps=fig(300), per_line=True),
        speed_pack("op-a-down", 20, downlink_mbps=fig(2000), per_line=True),
        speed_pack("op-a-home", 35, uplink_mbps=fig(300))])

    def costing(lines: list[dict[str, object]], *packs: tuple[str, int]) -> tuple[bool, int]:
        found = price(catalogue, Profile.model_validate({"lines": lines}), Bundle("op-a-p0", packs))
        return found.meets_needs, found.total_fen

    up = {"data_gb": 1, "needs": {"min_uplink_mbps": 300}}
    assert costing([{"data_gb": 1}, {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 12}}],
                   ("op-a-day", 12)) == (False, 1000 + 500 + 12 * 100)
    assert costing([up, up], ("op-a-up", 1), ("op-a-down", 1)) == (False, 1000 + 500 + 2000 + 2000)
    assert costing([up, {"data_gb": 1}], ("op-a-up", 1), ("op-a-up-b", 1)) == (True, 5500)
    assert costing([up, {"data_gb": 1}], ("op-a-down", 1), ("op-a-home", 1)) == (True, 7000)


def test_a_day_pass_giving_two_speeds_is_bought_on_the_longer_of_a_line_s_two_needs() -> None:
    """``cost.allocate``: a day pass sold per SIM gives 300 Mbps up and 2000 Mbps down (¥1 a day); the holder needs the
    uplink on 5 days and the downlink on 3, the other line nothing: its units are the longer need's, 5.  Three do not
    do (not met: ¥10 + ¥5 + ¥3 = ¥18.00); five do, all the holder's (¥10 + ¥5 + ¥5 = ¥20.00, nothing shared)."""
    catalogue = speed_catalogue(100, 1000, ["data", "voice", "sms"], [
        speed_pack("op-a-both", 1, billing="per_day", uplink_mbps=fig(300), downlink_mbps=fig(2000), per_line=True)])
    profile = Profile.model_validate({"lines": [
        {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 5, "min_downlink_mbps": 2000,
                                 "downlink_days": 3}}, {"data_gb": 1}]})
    three = price(catalogue, profile, Bundle("op-a-p0", (("op-a-both", 3),)))
    assert (three.meets_needs, three.total_fen) == (False, 1800)
    five = price(catalogue, profile, Bundle("op-a-p0", (("op-a-both", 5),)))
    assert (five.meets_needs, five.total_fen) == (True, 2000)
    assert [(line.owner, line.quantity, line.fen) for line in five.lines if line.kind == "pack"] == [(0, 5, 500)]
