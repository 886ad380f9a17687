"""A plan file cannot make the compiled tables unboundedly long: a plan whose tables would be too long is
left to CP-SAT, and every engine still gives the enumerator's answer.

Found by QA: a pack adding an 'unlimited' allowance (the format allows it) made the data table 2**30
entries (per unit bought) and every request — even one forcing CP-SAT, whose hints come from the
tables — failed allocating it; a data cap reached only after thousands of GB, or a tier ending there,
with a pack of a fine grain did the same at 10**10 entries.  Such an unlimited pack is now a variant
of its own, with no table of the meter it covers: on the tables, and quick.
"""

import itertools
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.answer import recommend
from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import MAX_VIEWS, UNLIMITED
from recommender.messages import message
from recommender.optimise.planner import compiled
from recommender.optimise.tables import Compiled
from recommender.profile import Profile
from tests.strategies import catalogues

GB = 1024


def _catalogue(data: Tariff, adds_mb: int, max_count: int = 2) -> Catalogue:
    plan = Plan("a", "op", "a", 5000, {"data_mb": data, "voice_s": Tariff(6000, 60, 15), "sms": Tariff(0, 1, 10)},
                downlink_mbps=1000, uplink_mbps=100)
    other = Plan("b", "op", "b", 8000, {"data_mb": Tariff(UNLIMITED, GB, 300), "voice_s": Tariff(6000, 60, 15),
                                        "sms": Tariff(0, 1, 10)}, downlink_mbps=1000, uplink_mbps=100)
    return Catalogue((plan, other), (Pack("k", "op", "k", 500, {"data_mb": adds_mb}, max_count=max_count,
                                              plans=frozenset({"a"})),), "t")


CASES = {
    # a cap of 100,000 yuan at 0.01 yuan per GB binds after 10**7 GB; a 1 MB pack makes the grain 1 MB
    "cap reached late, fine grain": _catalogue(Tariff(10 * GB, GB, 1, 1, (), 10_000_000), 1),
    # a tier ending at 10**6 GB over the allowance, with a pack of 1.5 GB (a grain of 512 MB)
    "late tier": _catalogue(Tariff(10 * GB, GB, 300, 1, ((1_000_000, 300), (None, 100))), 3 * GB // 2),
}


@pytest.mark.parametrize("name", CASES)
def test_plans_with_too_long_tables_are_left_to_cp_sat(name: str) -> None:
    catalogue = CASES[name]
    compiled = Compiled(catalogue)
    assert compiled.plans["a"].variants is None  # CP-SAT's
    note = compiled.plans["a"].left_to_cpsat()  # (what ``recommender validate`` prints)
    assert note is not None and note.code == "tables.too_long" and note.params["plan"] == "a"
    assert compiled.plans["b"].variants is not None  # (the other plan stays on the tables)
    assert compiled.plans["b"].left_to_cpsat() is None
    for gb in ("0", "12.5", "50"):
        profile = Profile.model_validate({"data_gb": gb})
        answers = [recommend(catalogue, profile, engine=engine) for engine in ("auto", "cp-sat", "enumerate")]
        shown = [[(r.plan_id, r.total_fen, r.packs) for r in a.recommendations] for a in answers]
        assert shown[0] == shown[1] == shown[2] and shown[0]



@pytest.mark.parametrize("max_count", [1, 3])
def test_a_pack_adding_an_unlimited_allowance_is_answered_by_the_tables(max_count: int) -> None:
    catalogue = _catalogue(Tariff(10 * GB, GB, 300), UNLIMITED, max_count)
    compiled = Compiled(catalogue)
    assert compiled.plans["a"].longest() < 100  # no table of the unlimited meter
    # ¥50 + ¥3 a started GB over 10 GB, or ¥50 + ¥5 for unlimited: the pack from the second GB over
    for gb, packs, total in (("0", [], 5000), ("11", [], 5300), ("11.5", [("k", 1)], 5500), ("5000", [("k", 1)], 5500)):
        profile = Profile.model_validate({"data_gb": gb})
        answers = [recommend(catalogue, profile, engine=engine) for engine in ("auto", "cp-sat", "enumerate")]
        assert answers[0].engine == "tables"
        shown = [[(r.plan_id, r.total_fen, [(p["id"], p["count"]) for p in r.packs]) for r in a.recommendations]
                 for a in answers]
        assert shown[0] == shown[1] == shown[2]
        assert shown[0][0] == ("a", total, packs)


@pytest.mark.parametrize("coupled", [4, 6])
def test_long_tables_hold_fewer_variants(coupled: int) -> None:
    """A cap reached only after 300,000 GB makes tables of 300,007 grains: ``MAX_CELLS`` then holds 55
    variants, not ``MAX_VARIANTS`` (2,048 such tables would take gigabytes).  Packs adding data and voice
    at once are coupled: four make 16 variants (on the tables), six 64 (CP-SAT's, and validate says so
    with the plan's own limit).  Every engine gives the same answer either way."""
    plan = Plan("a", "op", "a", 5000, {"data_mb": Tariff(10 * GB, GB, 1, 1, (), 300_000),
                                       "voice_s": Tariff(6000, 60, 15), "sms": Tariff(0, 1, 10)}, 1000, 100)
    packs = tuple(Pack(f"m{i}", "op", f"m{i}", 500 + i, {"data_mb": GB, "voice_s": 600}) for i in range(coupled))
    catalogue = Catalogue((plan,), packs, "t")
    table = Compiled(catalogue).plans["a"]
    assert table.most == 55
    if coupled == 4:
        assert table.variants is not None and len(table.variants) == 16 and table.left_to_cpsat() is None
    else:
        assert table.variants is None
        assert table.left_to_cpsat() == message("tables.too_many_variants", plan="a", most=55)
    for gb, minutes in (("3", 200), ("13.5", 150)):
        profile = Profile.model_validate({"data_gb": gb, "voice_minutes": minutes})
        answers = [recommend(catalogue, profile, engine=engine) for engine in ("auto", "cp-sat", "enumerate")]
        assert answers[0].engine == ("tables" if coupled == 4 else "cp-sat")
        shown = [[(r.plan_id, r.total_fen, r.packs) for r in a.recommendations] for a in answers]
        assert shown[0] == shown[1] == shown[2] and shown[0]


def test_views_keep_as_many_compiled_plans_as_the_views_kept() -> None:
    """A catalogue's ``without_packs`` views share each plan compiled with the same packs, and keep no
    more of them than the views they keep (``MAX_VIEWS``): people who may buy ever more sets of packs
    (a server's requests, a what-if's groups) do not grow memory without bound."""
    plan = Plan("a", "op", "a", 5000, {"data_mb": Tariff(10 * GB, GB, 1000), "voice_s": Tariff(6000, 60, 15),
                                       "sms": Tariff(0, 1, 10)}, downlink_mbps=1000, uplink_mbps=100)
    packs = tuple(Pack(f"k{i}", "op", f"k{i}", 500 + i, {"data_mb": GB * (i + 1)}) for i in range(8))
    other = Pack("x", "other", "x", 100, {"data_mb": GB})  # another operator's: the plan's packs stay the same
    catalogue = Catalogue((plan,), (*packs, other), "t")
    assert compiled(catalogue.without_packs(frozenset({"x"}))).plans["a"] is compiled(catalogue).plans["a"]
    for size in (1, 2, 3):
        for dropped in itertools.combinations([p.id for p in packs], size):
            compiled(catalogue.without_packs(frozenset(dropped)))
    assert len(catalogue.shared("compiled_plans")) <= MAX_VIEWS + 1


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(catalogues(), catalogues(tariffs=True)), st.sampled_from([4, 40, 400]))
def test_variants_are_counted_as_they_are_made(catalogue: Catalogue, most: int) -> None:
    """``_count_variants`` (what decides, without making them, whether a plan's variants fit the tables) is the
    number ``_variants`` makes, up to ``most + 1``, for every capability set and per-day need."""
    from recommender.cost import CAPABILITIES
    from recommender.optimise.tables import MONTHLY, _count_variants, _variants

    names = [cap.name for cap in CAPABILITIES]
    table = Compiled(catalogue)
    for plan in catalogue.plans:
        compiled = table.plans[plan.id]
        for needed in (frozenset(), frozenset(names[:1]), frozenset(names)):
            for days in (MONTHLY, (3, None, None, None), (3, 12, 1, 30)):
                made = sum(1 for _ in itertools.islice(
                    _variants(plan, compiled.packs, compiled.weight, compiled.grain, days, needed), most + 1))
                assert _count_variants(compiled.packs, days, needed, most) == made


def test_an_exclusion_of_a_pack_not_on_the_plan_is_counted_by_formula(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plan files name excluded packs catalogue-wide: a grouped pack excluding a pack sold on another plan only
    excludes nothing on this one, so its variants are counted by formula, not by enumerating every
    combination of the group's states (2**n for a group of n packs: 18 took over a second at load)."""
    from recommender.optimise import tables
    from recommender.optimise.tables import MONTHLY, NO_CAPS, _count_variants

    plans = (Plan("p", "op", "p", 5000, {"data_mb": Tariff(10 * GB, GB, 1000)}, 1000, 100),
             Plan("q", "op", "q", 5000, {"data_mb": Tariff(10 * GB, GB, 1000)}, 1000, 100))
    group = [Pack(f"g{i}", "op", "g", 100 + i, {"data_mb": GB * (i + 1)}, group="g", plans=frozenset({"p"}),
                  excludes=frozenset({"o"} if i == 0 else ())) for i in range(12)]
    catalogue = Catalogue(plans, (*group, Pack("o", "op", "o", 100, {"data_mb": GB}, plans=frozenset({"q"}))), "t")
    packs = catalogue.packs_for(plans[0])
    made = sum(1 for _ in tables._allowed(packs, [tables._states(p, MONTHLY) for p in packs]))
    assert made == 13
    monkeypatch.setattr(tables, "_allowed", lambda *_: pytest.fail("enumerated"))
    assert _count_variants(packs, MONTHLY, NO_CAPS, 100) == made


def test_counts_kept_by_shape_tell_exclusions_apart() -> None:
    """Counts are kept by the shape of the packs (``tables._allowed_count``), and exclusions are part of it:
    three packs with data and minutes (all counted exactly), one exclusion leaves 6 of 8 combinations, a
    chain of two leaves 5, whichever is counted first."""
    from recommender.optimise.tables import MONTHLY, _count_variants

    def packs(excludes: dict[str, str]) -> tuple[Pack, ...]:
        return tuple(Pack(i, "op", i, 100, {"data_mb": GB, "voice_s": 600},
                          excludes=frozenset({excludes[i]}) if i in excludes else frozenset()) for i in "abc")

    one, chain = packs({"a": "b"}), packs({"a": "b", "b": "c"})
    for first, second, counts in ((one, chain, (6, 5)), (chain, one, (5, 6))):
        assert (_count_variants(first, MONTHLY, frozenset(), 100),
                _count_variants(second, MONTHLY, frozenset(), 100)) == counts
