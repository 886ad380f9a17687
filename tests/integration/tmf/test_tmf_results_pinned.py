"""Where TMF680 results are kept (``tmf/results.py``), pinned at the edges of their bound in bytes (found by sbb's
mutation run: a result exactly the bound, results adding up to exactly the bound, a result put again under its id,
and how many of the oldest files go were not pinned).

Every result here is ``{"id": <32 hex>}``, encoded as ``{"id":"<32 characters>"}``: 1 + 4 + 1 + 34 + 1 = 41 bytes.
"""

import os
import stat
from pathlib import Path

import pytest

from recommender.tmf.results import MemoryResults, SharedResults, encode

ONE = 41
"""The bytes of one result ``{"id": <32 hex>}``, worked out above."""


def _result(digit: str) -> dict[str, str]:
    return {"id": digit * 32}


def test_a_result_is_41_bytes_of_compact_ascii_json() -> None:
    assert encode(_result("a")) == b'{"id":"' + b"a" * 32 + b'"}' and len(encode(_result("a"))) == ONE
    assert encode({"name": "流量"}) == b'{"name":"\\u6d41\\u91cf"}'  # ASCII: each character as \uXXXX


def test_memory_results_keep_results_adding_up_to_exactly_the_bound() -> None:
    """Two results of 41 bytes in a store of 82: both kept (82 is within 82); a result put again under its id counts
    once; a third drops only the least recently used; a result of exactly 82 bytes is kept, alone."""
    store = MemoryResults(max_bytes=2 * ONE)
    store.put("a" * 32, _result("a"))
    store.put("b" * 32, _result("b"))
    assert (len(store), store.size) == (2, 82)
    store.put("b" * 32, _result("b"))  # again: its 41 bytes replace its 41, still 82, nothing dropped
    assert (len(store), store.size) == (2, 82)
    store.put("c" * 32, _result("c"))  # 123 > 82: a (the least recently used) goes, 82 left
    assert (len(store), store.size) == (2, 82)
    assert store.get("a" * 32) is None and store.get("b" * 32) == _result("b") and store.get("c" * 32) == _result("c")
    whole = {"id": "d" * 32, "p": "x" * 34}  # 41 + len(',"p":""') 7 + 34 = 82 bytes
    assert len(encode(whole)) == 2 * ONE
    store.put("d" * 32, whole)  # exactly the bound: kept, alone
    assert store.get("d" * 32) == whole and (len(store), store.size) == (1, 82)


def test_memory_results_refuse_a_result_over_the_bound_and_drop_what_its_id_held() -> None:
    store = MemoryResults(max_bytes=ONE)
    store.put("a" * 32, _result("a"))
    assert store.size == ONE
    store.put("a" * 32, {"id": "a" * 32, "p": 1})  # 41 + len(',"p":1') 6 = 47 > 41: not kept, the old one gone
    assert store.get("a" * 32) is None and (len(store), store.size) == (0, 0)


def test_shared_results_keep_the_newest_adding_up_to_exactly_the_bound(tmp_path: Path) -> None:
    """Five results of 41 bytes written in order into a folder of 123 (three): the two oldest files go, the three
    newest stay, 123 bytes (within 123: not one more removed)."""
    folder = tmp_path / "tmf680"
    shared = SharedResults(folder, max_bytes=3 * ONE)
    for i, digit in enumerate("12345"):
        shared.put(digit * 32, _result(digit))
        os.utime(folder / f"{digit * 32}.json", ns=(i * 10**9, i * 10**9))  # the order they were written
    assert sorted(path.name for path in folder.iterdir()) == [f"{digit * 32}.json" for digit in "345"]
    assert shared.size == 3 * ONE
    assert [shared.get(digit * 32) for digit in "12345"] == [None, None, _result("3"), _result("4"), _result("5")]


def test_shared_results_keep_a_result_of_exactly_the_bound_and_refuse_one_byte_more(tmp_path: Path) -> None:
    folder = tmp_path / "tmf680"
    shared = SharedResults(folder, max_bytes=ONE)
    shared.put("1" * 32, _result("1"))
    assert shared.get("1" * 32) == _result("1") and shared.size == ONE
    shared.put("2" * 32, {"id": "2" * 32, "p": 1})  # 47 bytes: not written, nothing evicted
    assert shared.get("2" * 32) is None and shared.get("1" * 32) == _result("1")
    assert sorted(path.name for path in folder.iterdir()) == ["1" * 32 + ".json"]


def test_a_key_that_is_no_result_id_names_no_file(tmp_path: Path) -> None:
    """Only a 32-hex-digit id names a file: another key is neither written (no file, no error) nor read, even where
    a file of that name is there (``../secret`` would be ``tmf680/../secret.json``)."""
    folder = tmp_path / "tmf680"
    shared = SharedResults(folder, max_bytes=10_000)
    shared.put("not-a-result-id", _result("1"))
    assert list(folder.iterdir()) == []
    (tmp_path / "secret.json").write_text('{"id": "secret"}', encoding="utf-8")
    assert shared.get("../secret") is None and shared.get("A" * 32) is None


@pytest.mark.parametrize("mode", [0o701, 0o650, 0o755])
def test_a_folder_of_ours_that_others_may_enter_or_read_is_made_private(tmp_path: Path, mode: int) -> None:
    """Any bit for the group or others (0o077: 0o701's execute, 0o650's read and execute, 0o755's) makes the folder
    0o700 when the service user owns it."""
    folder = tmp_path / "tmf680"
    folder.mkdir()
    os.chmod(folder, mode)
    SharedResults(folder, max_bytes=10_000)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder to another user")
def test_a_folder_of_another_user_keeps_its_mode(tmp_path: Path) -> None:
    """Another user's folder (an operator's RECOMMENDER_SHARED_DIR) is not the service's to change: its mode stays
    (the results in it are 0o600 all the same)."""
    folder = tmp_path / "tmf680"
    folder.mkdir()
    os.chmod(folder, 0o755)
    os.chown(folder, 12_345, -1)
    shared = SharedResults(folder, max_bytes=10_000)
    shared.put("1" * 32, _result("1"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / f"{'1' * 32}.json").stat().st_mode) == 0o600


def test_a_large_result_removes_as_many_of_the_oldest_as_it_takes_and_no_more(tmp_path: Path) -> None:
    """Three results of 41 bytes fill a folder of 123; a result of 82 bytes (41 + 7 + 34, as above) makes 205: the
    two oldest go (205 - 41 - 41 = 123, within 123), the newest small one stays."""
    folder = tmp_path / "tmf680"
    shared = SharedResults(folder, max_bytes=3 * ONE)
    for i, digit in enumerate("123"):
        shared.put(digit * 32, _result(digit))
        os.utime(folder / f"{digit * 32}.json", ns=(i * 10**9, i * 10**9))
    big = {"id": "4" * 32, "p": "x" * 34}
    assert len(encode(big)) == 2 * ONE
    shared.put("4" * 32, big)
    assert sorted(path.name for path in folder.iterdir()) == [f"{'3' * 32}.json", f"{'4' * 32}.json"]
    assert shared.size == 3 * ONE


def test_only_results_count_and_go(tmp_path: Path) -> None:
    """Files that are no result (an operator's note, another program's) neither count towards the bound nor are
    removed: one result of 41 bytes beside a 100-byte note in a folder of 82 is kept, and so is the note."""
    folder = tmp_path / "tmf680"
    folder.mkdir(mode=0o700)
    note = folder / "notes.txt"
    note.write_text("n" * 100, encoding="utf-8")
    os.utime(note, ns=(0, 0))  # (older than any result)
    shared = SharedResults(folder, max_bytes=2 * ONE)
    shared.put("1" * 32, _result("1"))
    assert shared.get("1" * 32) == _result("1") and note.read_text(encoding="utf-8") == "n" * 100


def test_a_temporary_file_left_with_a_looser_mode_is_made_private(tmp_path: Path) -> None:
    """A write's temporary file left by a crashed one (the same id and process) with mode 0o644: the result written
    through it is 0o600 all the same."""
    folder = tmp_path / "tmf680"
    shared = SharedResults(folder, max_bytes=10_000)
    left = folder / f".{'1' * 32}.{os.getpid()}.tmp"
    left.write_text("partial", encoding="utf-8")
    os.chmod(left, 0o644)
    shared.put("1" * 32, _result("1"))
    assert stat.S_IMODE((folder / f"{'1' * 32}.json").stat().st_mode) == 0o600
    assert shared.get("1" * 32) == _result("1")
