"""Plans that price usage alike (provincial copies of a plan: the same packs at the same prices, another fee)
share their classes, and a batch computes their values once (``batch._shared_values``).  Whatever is
shared, each plan's totals and fees are those the batch gives with nothing shared."""

import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.catalogue import DEFAULT_PLANS, Catalogue, load_catalogue
from recommender.catalogue.model import UNLIMITED
from recommender.optimise import batch
from recommender.optimise.batch import plan_prices
from tests.provinces import SHAPE_CHANGES, province
from tests.strategies import catalogues

EXAMPLES = max(1, int(os.environ.get("PROPERTY_EXAMPLES", "150")) * 40 // 150)  # (40 by default)

AS_OF = datetime.date(2025, 7, 1)


def _population(n: int, seed: int) -> dict[str, np.ndarray]:
    """Usage on every meter, speed and other needs, throttling accepted or not."""
    rng = np.random.default_rng(seed)
    return {
        "data_gb": np.round(rng.lognormal(2.6, 1.2, n), 2), "voice_minutes": rng.poisson(300, n),
        "sms": rng.poisson(40, n), "roaming_data_gb": np.where(rng.random(n) < 0.2, rng.integers(1, 8, n), 0),
        "roaming_voice_minutes": np.where(rng.random(n) < 0.2, rng.integers(1, 200, n), 0),
        "min_uplink_mbps": rng.choice([0, 0, 0, 100, 300], n), "min_downlink_mbps": rng.choice([0, 0, 500], n),
        "satellite": rng.random(n) < 0.1, "broadband": rng.choice([0, 0, 0, 300, 1000], n),
        "allow_throttling": rng.random(n) < 0.5,
    }


@contextmanager
def _counted() -> Iterator[list[object]]:
    """The batch's ``_values`` calls (each one plan's values over a group of rows), counted."""
    made: list[object] = []
    values = batch._values

    def counted(*args: Any) -> Any:
        made.append(args)
        return values(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "_values", counted)
        yield made


@contextmanager
def _nothing_shared() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "_shared_values", lambda table, classes, data, others, rows, shared: batch._values(
            classes.members, data if rows is None else data[rows], others, rows))
        yield


def _copies(catalogue: Catalogue, change: str | None, which: int) -> Catalogue:
    """The catalogue, two copies at other fees with the same pack prices (one with ``change``), one with its
    packs dearer and one with more data included."""
    catalogue = province(catalogue, "", 0, None, 0)
    copies = [province(catalogue, "-p1", 100, None, 0, pack_price=0),
              province(catalogue, "-p2", 300, change, which, pack_price=0),
              province(catalogue, "-p3", 0, None, 0, pack_price=50),
              province(catalogue, "-p4", 0, None, 0, pack_price=0, more_data_mb=1024)]
    return Catalogue(catalogue.plans + tuple(p for c in copies for p in c.plans),
                     catalogue.packs + tuple(p for c in copies for p in c.packs), "every")


def _check(catalogue: Catalogue, columns: dict[str, np.ndarray]) -> tuple[int, int]:
    """Totals and fees equal with and without sharing; the ``_values`` calls each made."""
    with _counted() as made:
        totals, fees = plan_prices(catalogue, columns, as_of=AS_OF)
    with _nothing_shared(), _counted() as alone:
        expected_totals, expected_fees = plan_prices(catalogue, columns, as_of=AS_OF)
    assert np.array_equal(totals, expected_totals) and np.array_equal(fees, expected_fees)
    return len(made), len(alone)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogue=catalogues(), change=st.sampled_from([None, *SHAPE_CHANGES]), which=st.integers(0, 7),
       seed=st.integers(0, 2**16))
def test_alike_plans_get_the_totals_they_get_alone(catalogue: Catalogue, change: str | None, which: int,
                                                    seed: int) -> None:
    _check(_copies(catalogue, change if catalogue.packs else None, which), _population(300, seed))


def test_provincial_copies_share_their_values() -> None:
    """Three copies of China Unicom's plans at other fees: a batch computes each plan's values once for
    the four; with the copies' packs dearer, or more data included, nothing is shared with them."""
    shipped = load_catalogue(DEFAULT_PLANS)
    unicom = Catalogue(tuple(p for p in shipped.plans if p.operator == "china-unicom"),
                       tuple(p for p in shipped.packs if p.operator == "china-unicom"), "unicom")
    columns = _population(2000, 5)
    alike = [province(unicom, f"-p{i}", 100 * i, None, 0, pack_price=0) for i in range(4)]
    made, alone = _check(Catalogue(tuple(p for c in alike for p in c.plans),
                                   tuple(p for c in alike for p in c.packs), "alike"), columns)
    assert made < alone / 2  # (the first copies' values are made before a later copy shows they are alike)
    dearer = [province(unicom, f"-p{i}", 100 * i, None, 0, pack_price=10 * i) for i in range(4)]
    made, alone = _check(Catalogue(tuple(p for c in dearer for p in c.plans),
                                   tuple(p for c in dearer for p in c.packs), "dearer"), columns)
    assert made == alone
    limited = Catalogue(tuple(p for p in unicom.plans if p.tariffs["data_mb"].included < UNLIMITED), unicom.packs,
                        "limited")  # (an unlimited allowance is not made larger: those copies are alike)
    more = [province(limited, f"-p{i}", 0, None, 0, pack_price=0, more_data_mb=1024 * i) for i in range(4)]
    made, alone = _check(Catalogue(tuple(p for c in more for p in c.plans),
                                   tuple(p for c in more for p in c.packs), "more"), columns)
    assert made == alone
