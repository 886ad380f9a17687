"""Random usage profiles for benchmarks, shaped like the market (DOU 21.3 GB, ~93 min a month)."""

from decimal import Decimal

import numpy as np

from recommender.profile import Profile


def sample(n: int, seed: int = 2) -> list[Profile]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        out.append(Profile.model_validate({
            "data_gb": str(Decimal(str(round(float(rng.lognormal(2.6, 0.9)), 2)))),
            "voice_minutes": int(rng.poisson(93) * rng.choice([1, 1, 1, 5])),
            "sms": int(rng.poisson(10)),
            "needs": {
                "min_uplink_mbps": int(rng.choice([0, 0, 0, 0, 300])),
                "satellite": bool(rng.random() < 0.05),
                "roaming": {"data_gb": int(rng.choice([0] * 9 + [5])),
                            "voice_minutes": int(rng.choice([0] * 9 + [60]))},
                "broadband": bool(rng.random() < 0.2),
            },
        }))
    return out


def columns(n: int, seed: int = 3) -> dict[str, np.ndarray]:
    """A population as columns for the batch scorer."""
    rng = np.random.default_rng(seed)
    return {
        "data_gb": np.round(rng.lognormal(2.6, 0.9, n), 2),
        "voice_minutes": rng.poisson(93, n) * rng.choice([1, 1, 1, 5], n),
        "sms": rng.poisson(10, n),
        "min_uplink_mbps": rng.choice([0, 0, 0, 0, 300], n),
        "satellite": rng.random(n) < 0.05,
        "roaming_data_gb": np.where(rng.random(n) < 0.1, 5, 0),
        "roaming_voice_minutes": np.where(rng.random(n) < 0.1, 60, 0),
        "broadband": rng.random(n) < 0.2,
    }


def households(n: int, lines: int = 4, seed: int = 5) -> list[Profile]:
    """Families of ``lines`` lines shaped like the one-line sample (the holder uses the most)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        out.append(Profile.model_validate({
            "lines": [{"data_gb": str(round(float(rng.lognormal(2.6, 0.9)) * (1.5 if i == 0 else 1), 2)),
                       "voice_minutes": int(rng.poisson(93))} for i in range(lines)],
            "needs": {"broadband": bool(rng.random() < 0.5), "min_uplink_mbps": int(rng.choice([0, 0, 0, 300]))},
        }))
    return out
