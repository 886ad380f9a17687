"""The access log's fields: what each line says of the request it answers."""

import pytest

from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS

BASE = {"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0}


def test_every_access_line_names_the_catalogue_the_response_does(caplog: pytest.LogCaptureFixture) -> None:
    """Found by the SRE's user test (shb): the access log's ``catalogue_version`` was ``null`` on ``/healthz``,
    ``/metrics``, 429s and some ``/api/v1/plans`` 200s (an answer from its ETag), though each response carried
    ``X-Catalogue-Version``: only a request that read the catalogue named it.  Every line now names the version
    its response does."""
    client = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "3/minute"}).test_client()
    with caplog.at_level("INFO", logger="recommender.access"):
        answers = [client.get("/healthz"), client.get("/metrics"), client.get("/api/v1/plans")]
        answers.append(client.get("/api/v1/plans", headers={"If-None-Match": answers[-1].headers["ETag"]}))
        answers += [client.get("/api/v1/operators"), client.get("/api/v1/operators")]
    version = answers[0].headers["X-Catalogue-Version"]
    assert [a.status_code for a in answers] == [200, 200, 200, 304, 200, 429]
    assert all(a.headers["X-Catalogue-Version"] == version for a in answers)
    logged = [(vars(r)["path"], vars(r)["status"], vars(r)["catalogue_version"]) for r in caplog.records
              if r.name == "recommender.access"]
    assert logged == [(a.request.path, a.status_code, version) for a in answers]


def test_no_catalogue_no_version_in_the_access_log(tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    """With no catalogue loaded (an empty plans folder) the response names none, and its access line neither."""
    from pathlib import Path

    folder = Path(str(tmp_path)) / "plans"
    folder.mkdir()
    client = create_app({**BASE, "RECOMMENDER_PLANS": str(folder)}).test_client()
    with caplog.at_level("INFO", logger="recommender.access"):
        answer = client.get("/healthz")
    assert "X-Catalogue-Version" not in answer.headers
    assert [vars(r)["catalogue_version"] for r in caplog.records if r.name == "recommender.access"] == [None]
