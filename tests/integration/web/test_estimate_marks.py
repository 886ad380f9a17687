"""Every bill line the cost model says rests on an assumption is marked 估 / est. on the form (hand QA: a
household's extra-line fees, assumed in every shipped plan file, were shown as if published, while the CLI
and JSON said "(est.)" and the card's "¥60.00 of this price rests on estimates" counted them)."""

import re

import pytest
from flask.testing import FlaskClient

OPERATORS = ["china-mobile", "china-telecom", "china-unicom"]
FAMILY = {"data_gb": "40", "voice_minutes": "400", "sms": "10", "uplink": "0", "downlink": "0",
          "roaming_data_gb": "0", "roaming_minutes": "0", "age": "44", "region": "CN-BJ", "operator": OPERATORS,
          "line_name": ["mum", "kid"], "line_data_gb": ["25", "8"], "line_voice_minutes": ["300", "50"],
          "line_sms": ["10", "5"]}
API_FAMILY = {"lines": [{"name": "dad", "data_gb": 40, "voice_minutes": 400, "sms": 10},
                        {"name": "mum", "data_gb": 25, "voice_minutes": 300, "sms": 10},
                        {"name": "kid", "data_gb": 8, "voice_minutes": 50, "sms": 5}],
              "about": {"age": 44, "region": "CN-BJ"}}


def _rows(html: str) -> list[str]:
    """The first card's bill rows (``<tr>`` of its breakdown table), tags kept."""
    table = html.split('<table class="breakdown">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr.*?</tr>", table, flags=re.S)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_assumed_bill_line_is_marked_est(web_client: FlaskClient, lang: str) -> None:
    api = web_client.post("/api/v1/recommendations?top_k=1", json=API_FAMILY).get_json()
    best = api["recommendations"][0]
    assert best["plan_id"] == "cu-wojia-188"
    html = web_client.get("/results", query_string={**FAMILY, "lang": lang}).get_data(as_text=True)
    rows = [r for r in _rows(html) if r.startswith('<tr class="line-')]  # (the total's row has no class)
    lines = best["breakdown"]
    assert len(rows) == len(lines), rows
    for row, line in zip(rows, lines, strict=True):
        assert line["yuan"] in row, (row, line)
        assert ('class="est"' in row) == line["assumed"], (line["item"], row)
