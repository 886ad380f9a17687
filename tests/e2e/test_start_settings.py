"""gunicorn.conf.py at start: what the environment may say, and what a value the server cannot use does."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT

NAMES = ("LOG_LEVEL", "LOG_FORMAT", "PORT", "BIND", "WEB_CONCURRENCY", "GUNICORN_WORKER_CLASS", "GUNICORN_THREADS",
         "GUNICORN_TIMEOUT", "PROMETHEUS_MULTIPROC_DIR", "RECOMMENDER_OWN_METRICS_DIR", "RECOMMENDER_METRICS_DIR_READY",
         "RECOMMENDER_SHARED_DIR", "RECOMMENDER_OWN_SHARED_DIR")


def _start(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    """``gunicorn --print-config`` (the whole of gunicorn.conf.py, no port opened), its temporary folders in
    ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if k not in NAMES and not k.startswith("RECOMMENDER_")}
    return subprocess.run([str(Path(sys.executable).with_name("gunicorn")), "--print-config", "-c", "gunicorn.conf.py",
                           "wsgi:app"], cwd=ROOT, env={**env, "TMPDIR": str(tmp_path), **environ},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("name", "value", "said"), [
    ("LOG_FORMAT", "yaml", "LOG_FORMAT: must be json or text ('yaml' given)"),
    ("LOG_LEVEL", "verbose", "LOG_LEVEL: must be debug, info, warning, error or critical ('verbose' given)"),
    ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY: must be 1 or more ('0' given)"),
    ("GUNICORN_THREADS", "some", "GUNICORN_THREADS: not a whole number ('some' given)"),
    ("GUNICORN_THREADS", "0", "GUNICORN_THREADS: must be 1 or more ('0' given)"),
    ("GUNICORN_WORKER_CLASS", "gevent", "GUNICORN_WORKER_CLASS: must be sync or gthread ('gevent' given)"),
    ("GUNICORN_TIMEOUT", "long", "GUNICORN_TIMEOUT: not a whole number ('long' given)"),
    ("PORT", "http", "PORT: not a whole number ('http' given)"),
    ("PORT", "70000", "PORT: must be between 1 and 65535 ('70000' given)"),
    ("RECOMMENDER_RATE_LIMIT", "lots", "RECOMMENDER_RATE_LIMIT: not a rate such as 600/minute, or off ('lots' given)"),
    ("RECOMMENDER_ADMIN_TOKEN", "short", "RECOMMENDER_ADMIN_TOKEN: must be at least 16 characters of A-Z a-z 0-9 - . "
     "_ ~ + / (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))') (5 characters given, not shown)"),
    ("RECOMMENDER_WATCH_INTERVAL_S", "-1",
     "RECOMMENDER_WATCH_INTERVAL_S: must be 0 (off) or at least 0.1 (seconds) ('-1' given)"),
    ("RECOMMENDER_WATCH_INTERVAL_S", "0.001",
     "RECOMMENDER_WATCH_INTERVAL_S: must be 0 (off) or at least 0.1 (seconds) ('0.001' given)"),
    ("RECOMMENDER_WATCH_INTERVAL_S", "0.05",
     "RECOMMENDER_WATCH_INTERVAL_S: must be 0 (off) or at least 0.1 (seconds) ('0.05' given)"),
    ("RECOMMENDER_MAX_BODY_BYTES", "big", "RECOMMENDER_MAX_BODY_BYTES: not a whole number ('big' given)"),
])
def test_a_value_the_server_cannot_use_stops_it_with_one_line(tmp_path: Path, name: str, value: str,
                                                                said: str) -> None:
    """Found by the SRE's user test (shb): a bad value at start gave a full traceback (RECOMMENDER_RATE_LIMIT=lots,
    RECOMMENDER_ADMIN_TOKEN=short, RECOMMENDER_WATCH_INTERVAL_S=-1, GUNICORN_THREADS=), or a line that named no
    variable (LOG_LEVEL=verbose), or none at all: LOG_FORMAT=yaml fell back to text lines, and WEB_CONCURRENCY=0
    started a server of no workers that never answered.  RECOMMENDER_WATCH_INTERVAL_S=0.001 kept the idle master at
    about half a core: below 0.1 s (but 0, off) it is refused.  Each is now one line, ``NAME: problem (value
    given)``, no traceback (the admin token is not repeated: a secret), and the temporary folders made before the
    check are removed (each failed start left a /tmp/recommender-catalogue-* and a /tmp/recommender-metrics-*)."""
    done = _start(tmp_path, **{name: value})
    assert done.returncode != 0
    assert done.stderr.strip() == said, done.stderr[-2000:]
    assert [p.name for p in tmp_path.iterdir()] == []


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LOG_FORMAT": "JSON"}, "'()': 'recommender.api.observability.JsonFormatter'"),
    ({"LOG_FORMAT": ""}, "'()': 'recommender.api.observability.JsonFormatter'"),
    ({"LOG_FORMAT": "Text"}, "'format': '%(asctime)s"),
    ({"LOG_LEVEL": "DEBUG"}, "loglevel                           = debug"),
    ({"LOG_LEVEL": ""}, "loglevel                           = info"),
    ({"PORT": ""}, "bind                               = ['127.0.0.1:8000']"),
    ({"PORT": "8561"}, "bind                               = ['127.0.0.1:8561']"),
    ({"GUNICORN_WORKER_CLASS": ""}, "worker_class                       = sync"),
    ({"GUNICORN_WORKER_CLASS": "GThread", "GUNICORN_THREADS": "4"}, "worker_class                       = gthread"),
    ({"GUNICORN_THREADS": ""}, "threads                            = 1"),
    ({"GUNICORN_TIMEOUT": ""}, "timeout                            = 30"),
    ({"RECOMMENDER_WATCH_INTERVAL_S": "0.1"}, "timeout                            = 30"),
    ({"RECOMMENDER_RATE_LIMIT": ""}, "timeout                            = 30"),
])
def test_a_variable_set_empty_is_unset_and_words_take_any_letter_case(
        tmp_path: Path, environ: dict[str, str], expected: str) -> None:
    """Found by the SRE's user test (shb): ``LOG_FORMAT=JSON`` and ``LOG_FORMAT=`` gave plain text lines (anything
    but ``json`` was text), ``LOG_LEVEL=`` and ``GUNICORN_WORKER_CLASS=`` were refused without naming the variable,
    ``GUNICORN_THREADS=`` was a traceback and ``PORT=`` bound ``127.0.0.1:`` (no port), where ``BIND=``,
    ``GUNICORN_TIMEOUT=`` and the ``RECOMMENDER_*`` set empty were unset.  Every one set empty is unset now, and
    ``json``/``text``, the levels and the worker classes are read in any letter case.  A start that stops
    (``--print-config`` here) removes the temporary folders it made."""
    done = _start(tmp_path, **environ)
    assert done.returncode == 0, done.stderr[-2000:]
    assert expected in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == []
