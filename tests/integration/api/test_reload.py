"""Catalogue lifecycle: a broken edit is rejected with file:line problems, the last good catalogue serves."""

import json
import re
import shutil
import signal
import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from recommender.api.config import ConfigError, settings
from recommender.api.observability import JsonFormatter
from recommender.app import create_app
from recommender.serving import CatalogueStore, CatalogueWatcher, ReloadResult, install_sighup, start_watcher
from tests.metrics import metric

from .conftest import TOKEN

RELOAD = "/api/v1/admin/reload"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FEE = 'monthly_fee: {value: 199, source: "seed:cm-tiers"}'


def _edit(plans: Path, old: str, new: str) -> None:
    file = plans / "china-mobile.yaml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _price_of_cm_199(app: Flask) -> str:
    return app.test_client().get("/api/v1/plans/cm-5ga-199").get_json()["monthly_fee"]["value"]


def test_broken_edit_is_rejected_then_a_fix_is_served(admin_app: Flask, plans_copy: Path) -> None:
    client = admin_app.test_client()
    old = client.get("/readyz").get_json()["catalogue_version"]
    assert client.post(RELOAD, headers=AUTH).get_json() == {
        "outcome": "unchanged", "catalogue_version": old, "previous_version": old}

    _edit(plans_copy, FEE, 'monthly_fee: {value: -199, source: "seed:cm-tiers"}')
    response = client.post(RELOAD, headers=AUTH)
    assert response.status_code == 422
    body = response.get_json()
    assert old in body["message"]
    assert body["errors"] and all(e["location"] == "plans" for e in body["errors"])
    assert re.fullmatch(r"plans/china-mobile\.yaml:\d+", body["errors"][0]["path"])
    assert "monthly_fee" in body["errors"][0]["reason"]
    assert response.headers["X-Catalogue-Version"] == old

    ready = client.get("/readyz")
    assert ready.status_code == 200
    detail = ready.get_json()
    assert detail["status"] == "degraded" and detail["catalogue_version"] == old
    assert detail["last_reload_error"][0].startswith(body["errors"][0]["path"] + ": ")
    answer = client.post("/api/v1/recommendations", json={"data_gb": 10})
    assert answer.status_code == 200 and answer.get_json()["catalogue_version"] == old
    assert _price_of_cm_199(admin_app) == "199"

    _edit(plans_copy, "value: -199", "value: 189")
    fixed = client.post(RELOAD, headers=AUTH).get_json()
    assert fixed["outcome"] == "reloaded" and fixed["previous_version"] == old
    new = fixed["catalogue_version"]
    assert new != old
    assert client.get("/readyz").get_json()["status"] == "ready"
    assert client.post("/api/v1/recommendations", json={}).get_json()["catalogue_version"] == new
    assert client.get("/api/v1/plans").headers["ETag"] == f'"{new}"'
    assert _price_of_cm_199(admin_app) == "189"


def test_admin_reload_refused_without_configured_token(app: Flask) -> None:
    response = app.test_client().post(RELOAD, headers=AUTH)
    assert response.status_code == 403
    assert "not configured" in response.get_json()["message"]
    anonymous = app.test_client().post(RELOAD)  # no credentials at all: 401, as the document says
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(("headers", "code"), [
    ({}, 401), ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": TOKEN}, 401),
    ({"Authorization": f"Bearer {TOKEN}x"}, 403), ({"Authorization": "Bearer "}, 403),
])
def test_admin_reload_refused_with_wrong_token(admin_app: Flask, headers: dict[str, str], code: int) -> None:
    response = admin_app.test_client().post(RELOAD, headers=headers)
    assert response.status_code == code
    assert set(response.get_json()) == {"code", "status", "message", "errors"}
    if code == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer "])
def test_admin_token_scheme_is_case_insensitive(admin_app: Flask, scheme: str) -> None:
    """RFC 9110 11.1: an authentication scheme's name is case-insensitive (found by QA: 'bearer' was a 401); RFC 6750
    2.1: ``"Bearer" 1*SP b64token``, so more than one space before the token is the token still (API review: 403)."""
    assert admin_app.test_client().post(RELOAD, headers={"Authorization": f"{scheme} {TOKEN}"}).status_code == 200


def test_watcher_poll_reloads_only_on_change(plans_copy: Path) -> None:
    store = CatalogueStore(plans_copy)
    first = store.reload()
    assert first.outcome == "reloaded"
    watcher = CatalogueWatcher(store, interval=3600)
    assert watcher.poll().outcome == "unchanged"
    _edit(plans_copy, FEE, 'monthly_fee: {value: "abc", source: "seed:cm-tiers"}')
    assert watcher.poll().outcome == "settling"  # changed since the last poll: wait for one more
    rejected = watcher.poll()
    assert rejected.outcome == "rejected" and rejected.problems
    assert watcher.poll().outcome == "unchanged"  # the same broken files are not reloaded (nor logged) again
    assert store.catalogue is first.snapshot.catalogue
    _edit(plans_copy, 'value: "abc"', "value: 201")
    assert watcher.poll().outcome == "settling"
    assert watcher.poll().outcome == "reloaded"
    assert store.snapshot.failure is None
    assert store.catalogue is not None and store.catalogue.plan_index["cm-5ga-199"].fee_fen == 20100


def test_watcher_thread_picks_up_an_edit(plans_copy: Path) -> None:
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans_copy), "RECOMMENDER_WATCH_INTERVAL_S": 0.1})
    store = app.extensions["recommender.store"]
    old = store.catalogue
    reloaded = threading.Event()
    original = store.reload

    def spy(**kwargs: bool) -> object:
        result = original(**kwargs)
        if result.outcome == "reloaded":
            reloaded.set()
        return result

    store.reload = spy
    watcher = start_watcher(app)
    assert watcher is not None
    try:
        _edit(plans_copy, FEE, 'monthly_fee: {value: 209, source: "seed:cm-tiers"}')
        assert reloaded.wait(timeout=30)
    finally:
        watcher.stop()
        watcher.join(timeout=30)
    assert store.catalogue is not old
    assert _price_of_cm_199(app) == "209"


def test_watcher_is_off_when_interval_is_zero(app: Flask) -> None:
    assert start_watcher(app) is None


def test_sighup_reloads(plans_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = CatalogueStore(plans_copy)
    store.reload()
    old = store.catalogue
    previous = signal.getsignal(signal.SIGHUP)
    try:
        assert install_sighup(store)
        _edit(plans_copy, FEE, 'monthly_fee: {value: 219, source: "seed:cm-tiers"}')
        done = threading.Event()
        original = store.reload

        def spy(**kwargs: Any) -> ReloadResult:
            try:
                return original(**kwargs)
            finally:
                done.set()

        monkeypatch.setattr(store, "reload", spy)
        signal.raise_signal(signal.SIGHUP)
        assert done.wait(timeout=30)
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert store.catalogue is not old


def test_sighup_handler_only_from_the_main_thread(plans_copy: Path) -> None:
    results = []
    thread = threading.Thread(target=lambda: results.append(install_sighup(CatalogueStore(plans_copy))))
    thread.start()
    thread.join()
    assert results == [False]


def test_settings_from_environment_and_overrides() -> None:
    env = {"RECOMMENDER_MAX_BODY_BYTES": "1000", "RECOMMENDER_TIME_LIMIT_S": "2.5",
           "RECOMMENDER_WATCH_INTERVAL_S": "0", "RECOMMENDER_ADMIN_TOKEN": ""}
    out = settings({"RECOMMENDER_TIME_LIMIT_S": 1}, environ=env)
    assert out["RECOMMENDER_MAX_BODY_BYTES"] == 1000
    assert out["RECOMMENDER_TIME_LIMIT_S"] == 1.0
    assert out["RECOMMENDER_WATCH_INTERVAL_S"] == 0.0
    assert out["RECOMMENDER_ADMIN_TOKEN"] is None
    defaults = settings(environ={})
    assert defaults["RECOMMENDER_MAX_BODY_BYTES"] == 65536
    assert defaults["RECOMMENDER_WATCH_INTERVAL_S"] == 10.0
    with pytest.raises(ConfigError, match="RECOMMENDER_MAX_BODY_BYTES"):
        settings(environ={"RECOMMENDER_MAX_BODY_BYTES": "lots"})
    with pytest.raises(ConfigError):
        settings({"RECOMMENDER_TIME_LIMIT_S": 0})


@pytest.mark.parametrize("rate", ["0/minute", "0/second", "10/second;0/hour", "0 per day"])
def test_a_rate_limit_that_refuses_every_request_is_refused_at_start(rate: str) -> None:
    """Found by the serving mutation run: "0/minute" was taken, and every request but the health checks was a 429
    with Retry-After 60, where "0" alone turns the limit off.  A rate of none a period is refused at start, saying
    so; "1/minute" and "0" (off) are kept."""
    with pytest.raises(ConfigError, match="would refuse every request"):
        settings(environ={"RECOMMENDER_RATE_LIMIT": rate})
    assert settings(environ={"RECOMMENDER_RATE_LIMIT": "1/minute"})["RECOMMENDER_RATE_LIMIT"] == "1/minute"
    assert settings(environ={"RECOMMENDER_RATE_LIMIT": "0"})["RECOMMENDER_RATE_LIMIT"] is None


@pytest.mark.parametrize("token", ["t", "s3cret", "x" * 15, "a token with spaces in it", "ключ-администратора-1",
                                   "tab\tseparated-token-1"])
def test_an_admin_token_that_is_guessable_or_cannot_be_sent_is_refused_at_start(token: str) -> None:
    """Found by the security QA: any non-empty token was accepted, one character included (guessed in a few
    hundred requests even under the rate limit), and one with a space or beyond ASCII could never be sent in an
    ``Authorization`` header; the service refuses to start with it and says what a token must be."""
    with pytest.raises(ConfigError, match="at least 16 characters"):
        settings(environ={"RECOMMENDER_ADMIN_TOKEN": token})
    for good in ("s3cret-admin-token", "fuzz-admin-token", "dGhpcyBpcyBhIHRva2Vu+/==", "x" * 16):
        assert settings(environ={"RECOMMENDER_ADMIN_TOKEN": good})["RECOMMENDER_ADMIN_TOKEN"] == good


def test_a_file_still_being_written_is_not_loaded(plans_copy: Path) -> None:
    """Saved in place and cut mid-list: the watcher waits until two polls see the same bytes."""
    store = CatalogueStore(plans_copy)
    first = store.reload().snapshot.catalogue
    assert first is not None
    watcher = CatalogueWatcher(store, interval=3600)
    file = plans_copy / "china-mobile.yaml"
    full = file.read_text(encoding="utf-8").replace(FEE, 'monthly_fee: {value: 211, source: "seed:cm-tiers"}')
    cut = full[: full.index("packs:")]  # still valid YAML and a valid file: plans, no packs
    file.write_text(cut, encoding="utf-8")
    assert watcher.poll().outcome == "settling"
    file.write_text(full, encoding="utf-8")  # the editor finished writing
    assert watcher.poll().outcome == "settling"
    assert store.catalogue is first
    assert watcher.poll().outcome == "reloaded"
    assert store.catalogue is not None and store.catalogue.plan_index["cm-5ga-199"].fee_fen == 21100
    assert store.catalogue.packs and len(store.catalogue.packs) == len(first.packs)


def test_undoing_a_broken_edit_clears_the_failure(plans_copy: Path) -> None:
    """Back to the served bytes (the editor's undo): the files are good again, so nothing is degraded."""
    store = CatalogueStore(plans_copy)
    first = store.reload().snapshot
    watcher = CatalogueWatcher(store, interval=3600)
    good = (plans_copy / "china-mobile.yaml").read_text(encoding="utf-8")
    _edit(plans_copy, FEE, 'monthly_fee: {value: "abc", source: "seed:cm-tiers"}')
    assert [watcher.poll().outcome for _ in range(2)] == ["settling", "rejected"]
    assert store.snapshot.failure is not None
    (plans_copy / "china-mobile.yaml").write_text(good, encoding="utf-8")
    outcomes = [watcher.poll().outcome for _ in range(3)]
    assert store.snapshot.failure is None, outcomes
    assert store.catalogue is not None and store.catalogue.version == first.catalogue.version
    assert outcomes[-1] == "unchanged"


def test_problems_name_no_absolute_path_in_their_message_either(admin_app: Flask, plans_copy: Path) -> None:
    """A duplicate names the other file, a bad citation the facts file: relative, as the problem's own file
    (``/readyz`` and the reload answer are read by anyone; the server's folders are not theirs to know)."""
    shutil.copy(plans_copy / "china-mobile.yaml", plans_copy / "china-mobile copy.yaml")
    _edit(plans_copy, FEE, 'monthly_fee: {value: 199, source: "seed:no-such-fact"}')
    client = admin_app.test_client()
    errors = client.post(RELOAD, headers=AUTH).get_json()["errors"]
    problems = client.get("/readyz").get_json()["last_reload_error"]
    reasons = [e["reason"] for e in errors]
    assert any("at plans/china-mobile copy.yaml:17 and at plans/china-mobile.yaml:17" in r for r in reasons), reasons
    assert any("no fact 'no-such-fact' in seeds/facts.yaml" in r for r in reasons), reasons
    assert not [p for p in problems if str(plans_copy.parent) in p], problems


def test_a_rejected_first_load_says_there_is_nothing_to_serve(plans_copy: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """Found by QA: a server started on broken files logged 'still serving catalogue (none)'."""
    _edit(plans_copy, FEE, 'monthly_fee: {value: "abc", source: "seed:cm-tiers"}')
    with caplog.at_level("ERROR"):
        assert CatalogueStore(plans_copy).reload().outcome == "rejected"
    assert "no catalogue to serve (503) until they are fixed" in caplog.text and "(none)" not in caplog.text


def test_a_rejected_load_is_logged_with_its_problems_as_a_field(plans_copy: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Found by the SRE QA: the JSON log line of a rejected load held its ``file:line: message`` problems only inside
    ``message``, after a newline, so a log query had to parse the sentence (an edit that removes plans says its ids
    in the record's ``removed``).  The record carries them as ``problems`` (and their codes as ``codes``), in the
    order the message says them."""
    _edit(plans_copy, FEE, 'monthly_fee: {value: "abc", source: "seed:cm-tiers"}')
    with caplog.at_level("ERROR", logger="recommender.api.catalogue"):
        result = CatalogueStore(plans_copy).reload()
    assert result.outcome == "rejected"
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    line = json.loads(JsonFormatter().format(record))
    assert line["problems"] == list(result.problems) and line["problems"][0].startswith("plans/china-mobile.yaml:")
    assert line["codes"] == [reason["code"] for reason in result.reasons]
    assert line["message"].endswith("\n".join(result.problems))


def test_an_edit_that_leaves_an_operator_out_is_served_and_said(admin_app: Flask, plans_copy: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """Found by QA: a plan file deleted (or cut at a line, still valid) went live with one INFO line, and
    /readyz said ready: every China Telecom plan gone unnoticed.  It is served (a valid edit), and said as a
    warning naming the operator; /readyz lists the operators served."""
    client = admin_app.test_client()
    before = client.get("/readyz").get_json()["operators"]
    (plans_copy / "china-telecom.yaml").unlink()
    with caplog.at_level("WARNING", logger="recommender.api.catalogue"):
        assert client.post(RELOAD, headers=AUTH).get_json()["outcome"] == "reloaded"
    ready = client.get("/readyz").get_json()
    assert "china-telecom" in before and ready["operators"] == [op for op in before if op != "china-telecom"]
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warned) == 1 and "leaves out every plan of operator(s) china-telecom" in warned[0], warned
    _edit(plans_copy, FEE, 'monthly_fee: {value: 198, source: "seed:cm-tiers"}')
    with caplog.at_level("WARNING", logger="recommender.api.catalogue"):
        caplog.clear()
        assert client.post(RELOAD, headers=AUTH).get_json()["outcome"] == "reloaded"
    assert not [r for r in caplog.records if r.levelname == "WARNING"]  # (a fee changed: nothing to say)


def test_an_edit_that_cuts_a_file_short_is_said_with_the_file_and_the_ids_it_lost(
        admin_app: Flask, plans_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Found by the SRE QA: a plan file cut at a line and still valid YAML (a save interrupted, a bad merge) went
    live a plan and eight packs short, said in an INFO line (the warning named the plan only, not its file, and an
    edit that lost packs alone said nothing).  It is served (removing a plan is an edit), in one warning naming the
    file and every id it lost (the record's ``removed`` too), counted in /metrics by kind."""
    client = admin_app.test_client()
    file = plans_copy / "china-mobile.yaml"
    text = file.read_text(encoding="utf-8")
    packs = re.findall(r"^  - id: (\S+)$", text[text.index("\npacks:"):], re.MULTILINE)
    assert len(packs) == 8
    before = client.get("/metrics").data.decode()
    for cut, plans in (("  - id: cm-5ga-399", ["cm-5ga-399"]), ("packs:", [])):
        file.write_text(text, encoding="utf-8")  # (whole again: plans and packs added, nothing to say)
        assert client.post(RELOAD, headers=AUTH).status_code == 200
        file.write_text(text[:text.index(cut)], encoding="utf-8")
        caplog.clear()
        with caplog.at_level("WARNING", logger="recommender.api.catalogue"):
            assert client.post(RELOAD, headers=AUTH).get_json()["outcome"] == "reloaded"
        warned = [r for r in caplog.records if r.levelname == "WARNING"]
        assert len(warned) == 1, [r.getMessage() for r in warned]
        said = warned[0].getMessage()
        assert ("plans/china-mobile.yaml: " + (f"plan {plans[0]}, " if plans else "") + "packs " + ", ".join(packs)
                in said), said
        assert getattr(warned[0], "removed", None) == {
            "plans/china-mobile.yaml": {"plans": plans, "packs": packs, "deleted": False}}
    after = client.get("/metrics").data.decode()
    removed = "recommender_catalogue_removed_total"
    assert metric(after, removed, kind="plan") - metric(before, removed, kind="plan") == 1
    assert metric(after, removed, kind="pack") - metric(before, removed, kind="pack") == 16


def test_admin_reload_refuses_a_query_parameter(admin_app: Flask) -> None:
    """An unknown query parameter is a 422 at it, as on every other endpoint (found by QA: `?dry_run=1` or
    `?force=1` was ignored, and the catalogue reloaded for real); still 401 first without a token."""
    client = admin_app.test_client()
    response = client.post(f"{RELOAD}?dry_run=1", headers=AUTH)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"] == [{"location": "query", "path": "dry_run", "reason": "Unknown field."}]
    assert client.post(f"{RELOAD}?dry_run=1").status_code == 401


def test_rejected_problems_carry_their_code_and_params(admin_app: Flask, plans_copy: Path) -> None:
    """The reload's 422 items and ``/readyz`` give each plan-file problem as a code with params beside its English
    (``messages/<lang>.json`` words it), the fields there before unchanged, and no absolute path in them either."""
    shutil.copy(plans_copy / "china-mobile.yaml", plans_copy / "china-mobile copy.yaml")
    _edit(plans_copy, FEE, 'monthly_fee: {value: 199, source: "seed:cm-tier"}')
    client = admin_app.test_client()
    errors = client.post(RELOAD, headers=AUTH).get_json()["errors"]
    assert all(set(e) == {"location", "path", "reason", "code", "params"} for e in errors), errors
    typo = next(e for e in errors if e["code"] == "problem.no_fact.near")
    assert typo["params"]["fact"] == "cm-tier" and typo["params"]["near"] == "cm-tiers"
    assert typo["params"]["field"].endswith(".monthly_fee.source")
    assert typo["reason"].endswith("no fact 'cm-tier' in seeds/facts.yaml (a typo of 'cm-tiers'?)")
    twice = next(e for e in errors if e["code"] == "problem.defined_twice.id")
    assert twice["params"]["first"].startswith("plans/china-mobile")
    assert str(plans_copy.parent) not in str(errors)
    ready = client.get("/readyz").get_json()
    assert len(ready["last_reload_error_codes"]) == len(ready["last_reload_error"]) == len(errors)
    assert ready["last_reload_error_codes"] == [{"code": e["code"], "params": e["params"]} for e in errors]


@pytest.mark.parametrize(("uri", "said"), [
    ("reddis://:S3CRET-pass@redis:6379", "no rate-limit storage is called reddis://"),
    ("async+redis://:S3CRET-pass@redis:6379", "no rate-limit storage is called async+redis://"),
    (":S3CRET-pass@redis:6379", "not a storage URI"),
])
def test_a_rate_limit_storage_refused_at_start_is_said_without_its_password(uri: str, said: str) -> None:
    """Found by the security review: a mistyped storage (``reddis://``) stopped the server with the ``limits``
    library's traceback, 'unknown storage scheme : reddis://:S3CRET-pass@redis:6379', the password in gunicorn's
    log.  It is a ConfigError at start, saying the scheme alone; a good URI is kept as given."""
    with pytest.raises(ConfigError, match="RECOMMENDER_RATE_LIMIT_STORAGE") as refused:
        create_app({"RECOMMENDER_RATE_LIMIT": "600/minute", "RECOMMENDER_RATE_LIMIT_STORAGE": uri,
                    "RECOMMENDER_WATCH_INTERVAL_S": 0})
    assert said in str(refused.value) and "S3CRET" not in str(refused.value)
    for good in ("memory://", "memory:", "redis://:S3CRET-pass@redis:6379", "rediss://redis:6380/0"):
        assert settings({"RECOMMENDER_RATE_LIMIT_STORAGE": good})["RECOMMENDER_RATE_LIMIT_STORAGE"] == good
