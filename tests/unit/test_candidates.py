"""The plans an answer solves, and those it leaves out before solving, are kept per assessment (``candidates``):
what it reads of the profile besides who the person is (operators asked for or left out, currency, exchange rates)
gives its own answer, and an answer's lists are its own."""

from recommender.answer import recommend
from recommender.answer.candidates import candidates, candidates_of
from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.eligibility import assess
from recommender.profile import Profile

VARIANTS: list[dict[str, object]] = [
    {},
    {"operators": ["china-mobile"]},
    {"operators": ["china-mobile", "china-unicom"]},
    {"exclude_operators": ["china-telecom"]},
    {"currency": "USD"},
    {"exchange_rates": {"USD": "7.2"}},
    {"currency": "USD", "exchange_rates": {"CNY": "0.14"}},
    {"current": {"plan_id": "cu-5g-59"}},
    {"about": {"age": 70}, "eligibility": "strict"},
    {},
]


def test_kept_answers_are_those_worked_out_anew() -> None:
    catalogue = load_catalogue(DEFAULT_PLANS)
    for _ in range(2):  # (the second time, from what the first kept)
        for change in VARIANTS:
            profile = Profile.model_validate({"data_gb": "20", **change})
            assessment = assess(catalogue, profile)
            view = catalogue.without_packs(assessment.dropped_packs)
            assert candidates(view, profile, assessment) == candidates_of(view, profile, assessment), change


def test_an_answer_changing_its_lists_changes_no_other() -> None:
    catalogue = load_catalogue(DEFAULT_PLANS)
    profile = Profile.model_validate({"data_gb": "20", "operators": ["china-mobile"]})
    assessment = assess(catalogue, profile)
    buyable, excluded = candidates(catalogue, profile, assessment)
    expected = (list(buyable), list(excluded))
    buyable.clear()
    excluded.append(excluded[0])
    assert candidates(catalogue, profile, assessment) == expected


def test_a_current_plans_shortfall_named_in_one_answer_is_not_in_the_next() -> None:
    """The exclusions kept are shared by the answers about the same kind of person: the current plan's one, which
    ``advice.name_the_shortfall`` lengthens with what it falls short of (a satellite need here), must be a new
    exclusion, not the kept one lengthened, or the next answer (no such need) says it too."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    who = {"current": {"plan_id": "cu-5ga-youth"}, "about": {"age": 40}}  # (on a youth card: not sold to them anew)
    short = recommend(catalogue, Profile.model_validate({"data_gb": "20", "needs": {"satellite": True}, **who}))
    assert [m.code for m in short.advice][:1] == ["current_plan_falls_short"]
    assert "missing_capability" in [m.code for e in short.excluded if e.plan_id == "cu-5ga-youth" for m in e.reasons]
    plain = Profile.model_validate({"data_gb": "20", **who})
    assert recommend(catalogue, plain).to_dict() == recommend(load_catalogue(DEFAULT_PLANS), plain).to_dict()
