"""CP-SAT buys identical packs in order (``cpsat._break_symmetry``) so as not to prove one optimum per permutation.

Found by the plan-file property test: a pack identical to another that a bought pack excludes was ordered after
it, so never bought either, and CP-SAT "proved" a dearer bundle than the enumerator's.  A pack another excludes is
no one's twin."""

import pytest

from recommender.answer import recommend
from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.optimise.planner import Engine
from recommender.profile import Profile

GB = 1024


def _catalogue(order: tuple[str, str]) -> Catalogue:
    tariffs = {"data_mb": Tariff(GB, GB, 300), "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)}
    plan = Plan("p", "op", "p", 1000, tariffs, 1000, 100)
    twins = {name: Pack(name, "op", name, 200, {"data_mb": 5 * GB}) for name in order}
    vip = Pack("vip", "op", "vip", 100, benefits=frozenset({"video-vip"}), excludes=frozenset({"a"}))
    return Catalogue((plan,), (vip, *(twins[name] for name in order)), "t")


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
@pytest.mark.parametrize("engine", ["cp-sat", "enumerate"])
def test_a_twin_of_an_excluded_pack_is_still_bought(order: tuple[str, str], engine: Engine) -> None:
    profile = Profile.model_validate({"data_gb": 6, "benefits_required": ["video-vip"]})
    best = recommend(_catalogue(order), profile, 1, engine).recommendations[0]
    assert (best.total_fen, sorted(p["id"] for p in best.packs)) == (1000 + 100 + 200, ["b", "vip"])
