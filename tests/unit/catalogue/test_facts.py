"""Every ``seed:`` fact restates the source: its page heading and its figures are in the newspaper."""

import re

import pytest
import yaml

from tests.paths import ROOT

SOURCE = ROOT.parent / "shared" / "seeds" / "000_6f60a3d91db855ba.txt"
FACTS = yaml.safe_load((ROOT / "seeds" / "facts.yaml").read_text(encoding="utf-8"))["facts"]
QUOTES = str.maketrans({"“": '"', "”": '"'})


@pytest.mark.skipif(not SOURCE.is_file(), reason="the source newspaper is in ../shared/seeds/ (not shipped)")
@pytest.mark.parametrize("fact", FACTS, ids=[f["id"] for f in FACTS])
def test_the_fact_is_in_the_source(fact: dict[str, str]) -> None:
    text = SOURCE.read_text(encoding="utf-8").translate(QUOTES)
    heading = fact["page"].split(" (")[0].translate(QUOTES)
    assert heading in text, f"no page headed {heading!r}"
    digits = re.sub(r"[\s.,]", "", text)  # table cells run together; 1537亿 is 153.7 billion
    for number in re.findall(r"\d+(?:\.\d+)?", fact["figure"]):
        assert number.replace(".", "") in digits, f"{fact['id']}: {number} is not in the source"
