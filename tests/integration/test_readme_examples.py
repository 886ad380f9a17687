"""The docs' examples against what the code prints today (found by the docs QA).

README's livestreamer example dropped a line the CLI prints ("wished benefits: lacks …") without a `…`,
and docs/eligibility.md's list of condition codes lacked `holders_only`, the code every answer on the
shipped 59-yuan stand-ins carries.
"""

import re

from click.testing import CliRunner

from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.cli import main
from recommender.eligibility import assess
from recommender.profile import Profile
from tests.paths import ROOT


def test_the_readmes_livestreamer_example_shows_its_first_recommendation_whole() -> None:
    """README: `recommender recommend --profile seeds/profiles/livestreamer.json --top-k 2 --age 40 --region CN-BJ
    --customer-of china-telecom`: its #1 block is shown whole (the README abridges after it, at `...`)."""
    result = CliRunner().invoke(main, ["recommend", "--profile", str(ROOT / "seeds/profiles/livestreamer.json"),
                                       "--top-k", "2", "--age", "40", "--region", "CN-BJ",
                                       "--customer-of", "china-telecom"])
    assert result.exit_code == 0, result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = result.output.split("\n#1", 1)[1].split("\n\n", 1)[0]
    block = "#1" + first
    assert block in readme, block


def test_every_condition_code_of_the_shipped_catalogue_is_in_the_docs_list() -> None:
    text = (ROOT / "docs" / "eligibility.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z_]+)`", text.split("Condition codes:", 1)[1].split("The CLI takes", 1)[0]))
    catalogue = load_catalogue(DEFAULT_PLANS)
    found = assess(catalogue, Profile())
    codes = {check[0] for checks in (*found.plan_checks.values(), *found.pack_checks.values()) for check in checks}
    assert "holders_only" in codes
    assert codes <= listed, codes - listed


def test_the_readmes_curl_example_shows_what_the_api_answers() -> None:
    """Found by the localisation review: README's answer to the student profile said ``"savings": {"code":
    "dearer", …}`` where the API answers ``holders_only`` (the plan is kept for the people on it).  Each figure and
    code the abridged answer shows is the API's."""
    from recommender.app import create_app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("--data @seeds/profiles/student.json", 1)[1].split("```", 1)[0]
    client = create_app({"TESTING": True}).test_client()
    answer = client.post("/api/v1/recommendations?top_k=1", content_type="application/json",
                         data=(ROOT / "seeds/profiles/student.json").read_bytes()).get_json()
    first = answer["recommendations"][0]
    expected = {"engine": answer["engine"], "status": answer["status"], "plan_id": first["plan_id"],
                "total_fen": first["total_fen"], "assumed_fen": first["assumed_fen"]}
    for key, value in expected.items():
        assert f'"{key}": {value!r}'.replace("'", '"') in shown, (key, value)
    assert f'"savings": {{"code": "{first["savings"]["code"]}", "fen": {first["savings"]["fen"]},' in shown
    assert f'"packs": [{{"id": "{first["packs"][0]["id"]}", "count": {first["packs"][0]["count"]},' in shown
