"""The rate limiter (``api.limits``) pinned where a mutation run found it unpinned: the moving window's edges, the
``Retry-After`` a refused client is told, whose budget an address counts against, and what is done when the
limits' storage fails.  Every clock is the test's (``limits.time`` replaced): nothing sleeps or reads the time."""

import logging
import math
from types import SimpleNamespace

import pytest
from flask import Flask
from limits import parse_many
from limits.errors import StorageError
from prometheus_client import REGISTRY

from recommender.api import limits
from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS

BASE = {"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0}
URL = "/api/v1/operators"


class Clock:
    """The limiter's ``time``: ``time()`` (the windows) and ``monotonic()`` (the storage's retry), both ``now``."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(1000.0)
    monkeypatch.setattr(limits, "time", clock)
    return clock


def test_a_hit_is_let_in_at_the_very_moment_the_oldest_leaves_the_window(clock: Clock) -> None:
    """2 a minute, hits at 1000.0 and 1010.0: at 1059.9 the window (1059.9 - 60, 1059.9] still holds both, refused;
    at 1060.0, as ``reset_at`` said (1000.0 + 60), the hit of 1000.0 has left it (1000.0 <= 1060.0 - 60), so one
    more is let in; then [1010.0, 1060.0] is full again until 1010.0 + 60 = 1070.0.  Kills limits.LocalWindows.hit
    line 92 'times[0] <= now - window' as '<' (mutant 65: refused at 1060.0, the moment it was told to come back)."""
    windows = limits.LocalWindows()
    [per_minute] = parse_many("2/minute")
    assert windows.hit(per_minute, 0, "a")
    clock.now = 1010.0
    assert windows.hit(per_minute, 0, "a")
    clock.now = 1059.9
    assert not windows.hit(per_minute, 0, "a")
    assert windows.reset_at(per_minute, 0, "a") == 1060.0
    clock.now = 1060.0
    assert windows.hit(per_minute, 0, "a")
    assert not windows.hit(per_minute, 0, "a")
    assert windows.reset_at(per_minute, 0, "a") == 1070.0


def test_a_client_whose_last_hit_just_left_its_window_is_swept(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sweep every 4 hits: a's one hit at 1000.0 leaves a 1-minute window at 1060.0 (1000.0 <= 1060.0 - 60); the
    hits of b and c at 1060.0, the 2nd and 3rd, sweep nothing (a is still held: a sweep walks every client, so it is
    not made at each hit); d's, the 4th, forgets a and keeps the others'.  Kills limits.LocalWindows._sweep line 111
    'times[-1] <= now - ...' as '<' (mutant 87: a kept), LocalWindows.hit line 98 'self.count += 1' deleted or
    '+= 0' (mutants 42, 62: a sweep at each hit), '+= 2' (mutant 63: at the 2nd) and line 99 the sweep's condition
    forced True (mutant 53)."""
    monkeypatch.setattr(limits.LocalWindows, "SWEEP", 4)
    windows = limits.LocalWindows()
    [per_minute] = parse_many("2/minute")
    assert windows.hit(per_minute, 0, "a")
    clock.now = 1060.0
    for client in "bc":
        assert windows.hit(per_minute, 0, client)
        assert (0, "a") in windows.hits, client
    assert windows.hit(per_minute, 0, "d")
    assert {key: list(times) for key, times in windows.hits.items()} == {
        (0, "b"): [1060.0], (0, "c"): [1060.0], (0, "d"): [1060.0]}


def _app(rate: str) -> Flask:
    return create_app({**BASE, "RECOMMENDER_RATE_LIMIT": rate})


def test_retry_after_is_the_seconds_until_the_oldest_hit_leaves_rounded_up(clock: Clock) -> None:
    """2 a minute, requests at 1000.0 and 1010.0 let in.  At 1030.0: 429, the oldest leaves at 1000 + 60 = 1060,
    Retry-After 1060 - 1030 = 30.  At 1059.5: 429, 0.5 s left, rounded up to 1.  At 1060.0: let in (the oldest has
    left); again at 1060.0: 429, the oldest now 1010.0, Retry-After 1010 + 60 - 1060 = 10.  Kills init_limits line 192
    'max(1, ...)' as 'min' (mutant 213: 1 each time), 'max(2, ...)' (mutant 215: 2 for 0.5 s), 'reset_at -
    time.time()' as '+' (mutant 216), LocalWindows.reset_at line 107 '+ item.get_expiry()' as '-' (mutant 74: 1) and
    'times[0] if times' forced False (mutant 76: now + 60, 60 each time)."""
    client = _app("2/minute").test_client()
    codes = []
    for now in (1000.0, 1010.0):
        clock.now = now
        codes.append(client.get(URL).status_code)
    assert codes == [200, 200]
    told = []
    for now in (1030.0, 1059.5, 1060.0, 1060.0):
        clock.now = now
        response = client.get(URL)
        told.append((response.status_code, response.headers.get("Retry-After")))
    assert told == [(429, "30"), (429, "1"), (200, None), (429, "10")]


@pytest.mark.parametrize(("address", "key"), [
    ("fe80::1%eth0", "fe80::/64"),  # a link-local address with its zone: the zone is not part of the address
    ("fe80::2:3%2", "fe80::/64"),
    ("2001:db8:1:2:aaaa::9", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
    ("192.0.2.7", "192.0.2.7"),
    ("unix-socket-peer", "unix-socket-peer"),  # no IP address: counted as given
    ("", "unknown"),
    (None, "unknown"),
])
def test_whose_budget_an_address_counts_against(address: str | None, key: str) -> None:
    """An IPv6 address with a zone (``%eth0``) is its address's /64; a peer that is no IP address (a unix socket's
    name) has a budget of its own, its own name; no address at all is "unknown".  Kills limits.client_key line 61
    'return address' as None or deleted (mutants 21, 16: every such peer one budget, None), lines 56-57 'if not
    address: return "unknown"' deleted, forced False or None (mutants 1, 6, 7, 15: "" its own key, None a crash)."""
    assert limits.client_key(address) == key


def test_a_failing_storage_is_asked_again_after_5_s_and_said_at_most_every_10_s(
        clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    """The storage fails at every ask.  At 100.0: asked, fails, let through, warned (the first), not asked again
    until 100 + 5 = 105.0.  At 104.9: not asked, let through.  At 105.0: asked, fails, not warned (105 - 100 = 5 < 10
    s since the warning).  At 110.0: asked (105 + 5), fails, warned (110 - 100 = 10 s).  Four requests let through and
    counted, three asks, two warnings.  Kills RateLimiter.check line 140 'time.monotonic() < self.skip_until' as '<='
    (mutant 136: not asked at 105.0) and _unlimited line 167 '>= STORAGE_WARN_EVERY_S' as '>' (mutant 169: not warned
    at 110.0), the warning deleted or its condition forced (mutants 163-167)."""
    app = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "3/minute",
                      "RECOMMENDER_RATE_LIMIT_STORAGE": "redis://127.0.0.1:9"})
    limiter = app.extensions["recommender.limiter"]
    asked = []

    def failing(*args: object) -> bool:
        asked.append(clock.now)
        raise StorageError(ConnectionError("connection refused"))

    limiter.strategy.hit = failing
    client = app.test_client()
    counted = REGISTRY.get_sample_value("recommender_rate_limit_storage_errors_total") or 0.0
    with caplog.at_level(logging.WARNING, logger="recommender.limits"):
        for now in (100.0, 104.9, 105.0, 110.0):
            clock.now = now
            assert client.get(URL).status_code == 200
    assert asked == [100.0, 105.0, 110.0]
    warned = [r.getMessage() for r in caplog.records if r.name == "recommender.limits"]
    assert warned == ["rate-limit storage failed (ConnectionError: connection refused): requests are not limited "
                      "until it answers"] * 2
    assert REGISTRY.get_sample_value("recommender_rate_limit_storage_errors_total") == counted + 4



def test_a_client_with_a_hit_still_in_its_window_is_not_swept(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """2 a minute, a sweep every 3 hits: a hits at 1000.0 and 1050.0; b's hit at 1060.0 (the 3rd) sweeps, and a's
    newest hit (1050.0) is still in the window (1050.0 > 1060.0 - 60), so a is kept: at 1060.0 a has room for one
    more (1050.0, 1060.0), not two.  Kills limits.LocalWindows._sweep line 111 'times[-1]' as 'times[0]' (mutant 89:
    a forgotten by its oldest hit, and let in 3 times within 60 s)."""
    monkeypatch.setattr(limits.LocalWindows, "SWEEP", 3)
    windows = limits.LocalWindows()
    [per_minute] = parse_many("2/minute")
    assert windows.hit(per_minute, 0, "a")
    clock.now = 1050.0
    assert windows.hit(per_minute, 0, "a")
    clock.now = 1060.0
    assert windows.hit(per_minute, 0, "b")
    assert [windows.hit(per_minute, 0, "a") for _ in range(2)] == [True, False]


def test_a_rate_of_zero_refuses_every_hit_with_a_whole_window_to_wait(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The service refuses ``RECOMMENDER_RATE_LIMIT=0/minute`` at start (``test_reload``: it would refuse every
    request; "0" alone is "off"); the windows themselves, given such a rate, refuse every hit and say to come back in
    the window's 60 s (no hit in it to leave), and a sweep at each hit forgets the empty windows.  Kills
    limits.LocalWindows.reset_at line 107 'times[0] if times' forced True (mutant 75) and _sweep line 111
    'not times or ...' as its second operand alone (mutant 84): each an IndexError."""
    monkeypatch.setattr(limits.LocalWindows, "SWEEP", 1)
    windows, [none] = limits.LocalWindows(), parse_many("0/minute")
    assert [windows.hit(none, 0, "a") for _ in range(2)] == [False, False]
    assert windows.reset_at(none, 0, "a") == clock.now + 60


def test_a_redis_storage_is_given_a_short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Redis storage connects and answers within ``STORAGE_TIMEOUT_S`` (0.25 s) unless its URI says otherwise (a
    hung Redis held every request for seconds); nothing is connected here.  Kills limits.RateLimiter.__init__ line
    127 'if storage_uri.split('://', 1)[0] in _REDIS' forced False (mutant 105: redis' own default, no timeout)."""
    for uri, timeout in (("redis://127.0.0.1:9", 0.25), ("redis://127.0.0.1:9/0?socket_timeout=2", 2.0)):
        limiter = limits.RateLimiter("3/minute", uri)
        assert limiter.strategy is not None
        said = limiter.strategy.storage.storage.connection_pool.connection_kwargs  # type: ignore[attr-defined]  # redis' pool, untyped in limits
        assert (said["socket_timeout"], said["socket_connect_timeout"]) == (timeout, 0.25)


class Shared:
    """A shared storage's limiter (what ``redis://`` is asked through), answering as told: each ``hit`` the next of
    ``answers``; the window's reset at ``reset_time``."""

    def __init__(self, answers: list[bool], reset_time: float) -> None:
        self.answers, self.reset_time, self.asked, self.stats = answers, reset_time, 0, 0

    def hit(self, item: object, *identifiers: str) -> bool:
        self.asked += 1
        return self.answers.pop(0)

    def get_window_stats(self, item: object, *identifiers: str) -> SimpleNamespace:
        self.stats += 1
        return SimpleNamespace(reset_time=self.reset_time, remaining=0)


def test_a_shared_storage_refusal_is_a_429_told_when_its_window_resets(clock: Clock) -> None:
    """Counts in a shared storage (Redis; its answers given here): two hits allowed, the third refused with the
    window resetting at 1060.0; at 1030.0 that is a 429 with Retry-After 1060 - 1030 = 30, and the storage's
    answers are taken as they are (no request let through unlimited, none counted as a storage failure), the window
    asked of only for the refusal (one more round trip to the storage a request otherwise).  Kills
    limits.RateLimiter.check lines 152-158: the refusal's 'if not allowed' deleted, forced or negated (mutants 145,
    149-154, 158, 159: 153 asked the window at each hit), its raise deleted (152), its reset time not kept (155: no
    Retry-After)."""
    app = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "2/minute",
                      "RECOMMENDER_RATE_LIMIT_STORAGE": "redis://127.0.0.1:9"})
    limiter = app.extensions["recommender.limiter"]
    shared = Shared([True, True, False], reset_time=1060.0)
    limiter.strategy = shared
    client = app.test_client()
    clock.now = 1030.0
    told = [(r.status_code, r.headers.get("Retry-After")) for r in (client.get(URL) for _ in range(3))]
    assert told == [(200, None), (200, None), (429, "30")]
    assert (shared.asked, shared.stats) == (3, 1) and limiter.skip_until == -math.inf


def test_the_rate_set_in_the_environment_applies_under_testing_too(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``TESTING`` the limiter is off unless the rate is asked for, in the app's config or in the environment:
    ``RECOMMENDER_RATE_LIMIT=2/minute`` in the environment makes the third request of a minute a 429.  Kills
    limits.init_limits line 181 'explicit' as its first operand alone (mutant 188: the environment's rate ignored)."""
    monkeypatch.setenv("RECOMMENDER_RATE_LIMIT", "2/minute")
    client = create_app(BASE).test_client()
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]


def test_an_app_made_with_no_config_has_the_default_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """``create_app()`` with no config at all (gunicorn's factory call) installs the default 600 a minute.  Kills
    limits.init_limits line 181 '(config or {})' as 'config' (mutant 208: 'in None', the app not made)."""
    monkeypatch.delenv("RECOMMENDER_RATE_LIMIT", raising=False)
    app = create_app()
    assert app.extensions["recommender.limiter"].rate == "600/minute"


def test_a_refusal_whose_window_reset_already_passed_is_told_to_wait_a_second(clock: Clock) -> None:
    """A shared storage's clock may run behind this host's: refused with the window said to reset at 1029.5 while
    this host says 1030.0, the client is told Retry-After 1 (at least a second), not 0 or less.  Kills
    limits.init_limits line 192 'max(1, ...)' as 'max(0, ...)' (mutant 214: Retry-After 0)."""
    app = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "2/minute",
                      "RECOMMENDER_RATE_LIMIT_STORAGE": "redis://127.0.0.1:9"})
    app.extensions["recommender.limiter"].strategy = Shared([False], reset_time=1029.5)
    clock.now = 1030.0
    response = app.test_client().get(URL)
    assert (response.status_code, response.headers.get("Retry-After")) == (429, "1")


def test_a_shared_storage_refusal_under_several_windows_waits_for_each_full_one(clock: Clock) -> None:
    """The SRE's test, through a shared storage: refused by the second's window while the minute's is full too, the
    client is told to come back when the minute's has room (1060.0), not the second's (1030.5); a window with room
    left (the hour's) is not waited for."""
    from limits import parse_many

    app = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "3/second;5/minute;100/hour",
                      "RECOMMENDER_RATE_LIMIT_STORAGE": "redis://127.0.0.1:9"})
    second, minute, hour = parse_many("3/second;5/minute;100/hour")

    class Windows(Shared):
        def get_window_stats(self, item: object, *identifiers: str) -> SimpleNamespace:
            return {second: SimpleNamespace(reset_time=1030.5, remaining=0),
                    minute: SimpleNamespace(reset_time=1060.0, remaining=0),
                    hour: SimpleNamespace(reset_time=4000.0, remaining=90)}[item]  # type: ignore[index]  # items hash

    app.extensions["recommender.limiter"].strategy = Windows([False], reset_time=0.0)
    clock.now = 1030.0
    response = app.test_client().get(URL)
    assert (response.status_code, response.headers.get("Retry-After")) == (429, "30")
