"""The strict JSON reading: a key given twice carries its field path on the error, for adapters to say where."""

import pickle

import pytest

from recommender.strictjson import NotStrictJson, loads


@pytest.mark.parametrize(("text", "path"), [
    ('{"a": 1, "a": 2}', "a"),
    ('{"lines": [{"name": "x"}, {"name": "y", "name": "z"}]}', "lines[1].name"),
    ('{"needs": {"min_uplink_mbps": 1, "min_uplink_mbps": 2}}', "needs.min_uplink_mbps"),
    ('[{"a.b": 1, "a.b": 2}]', "[0].a.b"),
    ('{"k\\"ey": 1, "k\\"ey": 2}', 'k"ey'),
    ('{"a": NaN}', ""),
])
def test_a_key_twice_carries_its_path(text: str, path: str) -> None:
    """The path is the key's own, not read back from the message's JSON-written key (a key with a quote in it)."""
    with pytest.raises(NotStrictJson) as refused:
        loads(text)
    assert refused.value.path == path
    again = pickle.loads(pickle.dumps(refused.value))  # (a worker's error reaching the parent keeps it)
    assert (again.path, again.reason, str(again)) == (path, refused.value.reason, str(refused.value))
