"""The vectorised batch scorer gives, profile by profile, exactly the single-request answer."""

import datetime

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, Catalogue, load_catalogue
from recommender.optimise.batch import NONE, best_plans, plan_totals
from recommender.optimise.tables import INF
from recommender.profile import Profile
from tests.strategies import catalogues, profiles


def columns(batch: list[Profile]) -> dict[str, np.ndarray]:
    return {
        "data_gb": np.array([float(p.data_gb) for p in batch]),
        "voice_minutes": np.array([p.voice_minutes for p in batch]),
        "sms": np.array([p.sms for p in batch]),
        "roaming_data_gb": np.array([float(p.needs.roaming.data_gb) for p in batch]),
        "roaming_voice_minutes": np.array([p.needs.roaming.voice_minutes for p in batch]),
        "min_uplink_mbps": np.array([p.needs.min_uplink_mbps for p in batch]),
        "min_downlink_mbps": np.array([p.needs.min_downlink_mbps for p in batch]),
        "satellite": np.array([p.needs.satellite for p in batch]),
        "broadband": np.array([p.needs.broadband for p in batch]),
        "allow_throttling": np.array([p.allow_throttling for p in batch]),
        "age": np.array([p.about.age if p.about and p.about.age is not None else -1 for p in batch]),
        "region": np.array([p.about.region or "" if p.about else "" for p in batch], dtype=object),
        "customer_of": np.array([p.about.customer_of or "" if p.about else "" for p in batch], dtype=object),
    }


AS_OF = datetime.date(2025, 7, 1)


def lenient(profile: Profile) -> Profile:
    """The profile as a population row says it: one month, lenient, what the columns carry."""
    about = profile.about.model_copy(update={"memberships": None, "groups": None}) if profile.about else None
    return profile.model_copy(update={
        "budget_fen": None, "objective": "total", "horizon_months": 24, "about": about, "eligibility": "lenient",
        "as_of": AS_OF, "benefits_required": (), "benefit_values": {}})


def check(catalogue: Catalogue, batch: list[Profile]) -> None:
    best, total = best_plans(catalogue, columns(batch), as_of=AS_OF)
    totals = plan_totals(catalogue, columns(batch), as_of=AS_OF)
    for i, profile in enumerate(batch):
        answer = recommend(catalogue, lenient(profile), top_k=50)
        expected = answer.recommendations[0] if answer.recommendations else None
        got = catalogue.plans[best[i]].id if best[i] != NONE else None
        assert got == (expected.plan_id if expected else None)
        assert total[i] == (expected.total_fen if expected else NONE)
        per_plan = {r.plan_id: r.total_fen for r in answer.recommendations}
        for j, plan in enumerate(catalogue.plans):
            assert totals[i, j] == per_plan.get(plan.id, INF)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), st.lists(profiles(history=False), min_size=1, max_size=8))
def test_batch_equals_single_requests_on_random_catalogues(catalogue: Catalogue, batch: list[Profile]) -> None:
    check(catalogue, batch)


def test_batch_on_the_shipped_catalogue_in_chunks() -> None:
    rng = np.random.default_rng(7)
    n = 40_000
    cols = {"data_gb": np.round(rng.lognormal(2.6, 1.0, n), 3), "voice_minutes": rng.poisson(93, n),
            "min_uplink_mbps": rng.choice([0, 0, 300, 450], n), "satellite": rng.random(n) < 0.1,
            "roaming_data_gb": np.where(rng.random(n) < 0.1, 6, 0)}
    best, total = best_plans(load_catalogue(DEFAULT_PLANS), cols)
    catalogue = load_catalogue(DEFAULT_PLANS)
    for i in rng.choice(n, 25, replace=False):
        profile = Profile.model_validate({
            "data_gb": str(cols["data_gb"][i]), "voice_minutes": int(cols["voice_minutes"][i]),
            "needs": {"min_uplink_mbps": int(cols["min_uplink_mbps"][i]), "satellite": bool(cols["satellite"][i]),
                      "roaming": {"data_gb": int(cols["roaming_data_gb"][i])}}})
        answer = recommend(catalogue, profile, top_k=1)
        if answer.recommendations:
            assert (catalogue.plans[best[i]].id, total[i]) == (answer.recommendations[0].plan_id,
                                                              answer.recommendations[0].total_fen)
        else:
            assert best[i] == NONE


def test_rows_the_tables_cannot_answer_are_solved_one_by_one() -> None:
    """Broadband packs with an installation fee (CP-SAT, row by row) and per-day speed packs: the batch agrees with
    ``recommend`` on the plan file that uses every #13 field (per-day speed packs on tables)."""
    from recommender.catalogue import load_sources
    from tests.paths import ROOT

    catalogue = load_sources([("t.yaml", (ROOT / "tests/data/tariffs/china-unicom.yaml").read_bytes())])
    rows = [{"data_gb": 25, "needs": {"roaming": {"data_gb": 1}}},
            {"data_gb": 12, "needs": {"broadband": True}},
            {"data_gb": 30, "needs": {"min_uplink_mbps": 300}},
            {"data_gb": 5, "voice_minutes": 300, "needs": {"satellite": True}}]
    batch = [Profile.model_validate(r) for r in rows]
    cols = columns(batch)
    best, total = best_plans(catalogue, cols)
    for i, profile in enumerate(batch):
        answer = recommend(catalogue, profile, top_k=1)
        assert (catalogue.plans[best[i]].id, int(total[i])) == (answer.recommendations[0].plan_id,
                                                                answer.recommendations[0].total_fen)
