"""``planner.warm``: what a server builds before it forks, so that no worker builds it in a request."""

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, Catalogue, load_catalogue
from recommender.eligibility import assess
from recommender.optimise import planner
from recommender.profile import Profile

ONE_NEED = ({"min_uplink_mbps": 300}, {"min_uplink_mbps": 100}, {"min_downlink_mbps": 3000}, {"satellite": True},
            {"broadband": True}, {"broadband_mbps": 1000})


def _built(catalogue: Catalogue) -> dict[str, set[object]]:
    return {pid: set(table._structures) for pid, table in planner.compiled(catalogue).plans.items()}


def test_warm_builds_the_tables_of_every_one_need_profile() -> None:
    """On the shipped plans an uplink need's first answer built its tables in the request (62 ms against 1 ms
    after); after ``warm`` no profile with one speed need lasting the month builds any, and the answers are
    the same as on a catalogue never warmed."""
    warmed, cold = load_catalogue(DEFAULT_PLANS), load_catalogue(DEFAULT_PLANS)
    planner.warm(warmed)
    before = _built(warmed)
    assert sum(len(keys) for keys in before.values()) > len(before)  # more than each plan's no-need tables
    for needs in ONE_NEED:
        profile = Profile.model_validate({"data_gb": 30, "needs": needs})
        answers = [recommend(catalogue, profile, top_k=20) for catalogue in (warmed, cold)]
        assert answers[0].engine == "tables"
        assert [(r.plan_id, r.total_fen, r.packs) for r in answers[0].recommendations] == \
            [(r.plan_id, r.total_fen, r.packs) for r in answers[1].recommendations]
    assert _built(warmed) == before
    assert _built(cold) != _built(load_catalogue(DEFAULT_PLANS))  # (the cold one built them in its requests)


def test_warm_compiles_the_view_without_the_packs_on_an_unknown_condition() -> None:
    """A person who says nothing of themselves leaves every condition of sale unknown; the answer asks a plan resting
    on such a pack again without them (``planner._sure_first``), on a view each worker would compile in a request."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    planner.warm(catalogue)
    said = assess(catalogue, Profile())
    assert said.unsure_packs
    view = planner.sure_view(catalogue.without_packs(said.dropped_packs), said.unsure_packs)
    assert set(planner.compiled(view).plans._found) == {plan.id for plan in catalogue.plans}
