"""Where the repository's files are, for every test layer (tests/unit, tests/integration, tests/e2e)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILES = sorted((ROOT / "seeds" / "profiles").glob("*.json"))
PLANS = os.environ.get("RECOMMENDER_TEST_PLANS", str(ROOT / "plans"))
"""The catalogue the form's tests run on (the repo's plans/; the sample profiles are beside it in seeds/)."""
