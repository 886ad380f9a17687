"""The local batch runner's bookkeeping on populations small enough to count by hand: which files of a folder are
read, the pieces each is cut into and where each begins in its file, and that every row is scored once (none lost,
none twice) in one process and in two.

The catalogues are ``test_whatif_pinned``'s (a-30, a-50, b-45; the edit raises a-30 to ¥35 and cuts b-45 to ¥40).
"""

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recommender.batch import local, whatif
from tests.unit.batch.test_whatif_pinned import BASELINE_FILES, _files

CANDIDATE_FILES = _files("35", "40")


def _csv(path: Path, gbs: list[float]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("data_gb,voice_minutes\n" + "".join(f"{gb},50\n" for gb in gbs), encoding="utf-8")


def test_a_folder_s_population_files_are_its_csv_files_in_order_but_hidden_and_marker_ones(tmp_path: Path) -> None:
    """Read: a.csv, B.CSV (the extension in any case), month=05/part.csv (a partition folder); left out: .hidden.csv,
    _tmp.csv, a file under .cache/ or _staging/, README.md; sorted by path."""
    for name in ("a.csv", "B.CSV", "month=05/part.csv", ".hidden.csv", "_tmp.csv", ".cache/x.csv", "_staging/y.csv"):
        _csv(tmp_path / name, [1.0])
    (tmp_path / "README.md").write_text("how this was made\n", encoding="utf-8")
    files, kind = local.population_files(tmp_path)
    assert ([f.relative_to(tmp_path).as_posix() for f in files], kind) == (["B.CSV", "a.csv", "month=05/part.csv"],
                                                                          "csv")
    assert local.population_files(tmp_path / "a.csv") == ([tmp_path / "a.csv"], "csv")
    assert local.file_format("P.PARQUET") == "parquet" and local.file_format("p.Csv") == "csv"


def test_a_folder_of_both_formats_or_of_neither_is_refused(tmp_path: Path) -> None:
    """A folder of a.csv and b.parquet: which to read is not guessed; a folder of a README alone has no population."""
    _csv(tmp_path / "mixed" / "a.csv", [1.0])
    pq.write_table(pa.table({"data_gb": [1.0]}), tmp_path / "mixed" / "b.parquet")
    with pytest.raises(whatif.PopulationError, match="mix"):
        local.population_files(tmp_path / "mixed")
    (tmp_path / "none").mkdir()
    (tmp_path / "none" / "README.md").write_text("x\n", encoding="utf-8")
    with pytest.raises(whatif.PopulationError):
        local.population_files(tmp_path / "none")


def test_csv_pieces_begin_at_their_row_of_their_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 2 rows: a.csv (3 rows) in pieces at rows 0 and 2, b.csv (2 rows) at 0 (each file counts from its
    own first row), c.csv (1 row) at 0; each piece holds its rows, in order: 3 + 2 + 1 = 6 rows, each once."""
    monkeypatch.setattr(local, "BATCH_ROWS", 2)
    _csv(tmp_path / "a.csv", [1.0, 2.0, 3.0])
    _csv(tmp_path / "b.csv", [4.0, 5.0])
    _csv(tmp_path / "c.csv", [6.0])
    pieces = list(local.tasks(tmp_path))
    assert [(Path(t.file).name, t.first_row, t.group) for t in pieces] == [("a.csv", 0, -1), ("a.csv", 2, -1),
                                                                            ("b.csv", 0, -1), ("c.csv", 0, -1)]
    assert [b.column("data_gb").to_pylist() for t in pieces for b in local._batches(t)] == [
        [1.0, 2.0], [3.0], [4.0, 5.0], [6.0]]


def test_parquet_pieces_are_row_groups_at_their_row_of_their_file(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """p.parquet of 5 rows in groups of 2: groups 0, 1, 2 at rows 0, 2, 4, each read whole (``rows`` 0); with
    ``GROUP_ROWS`` 2, a file written as one group of 5 is cut into slices of 2, 2 and 1 rows at rows 0, 2 and 4
    (``skip`` the same), read in batches of 3 rows that a slice begins or ends inside of; a group of 2 rows, not over
    ``GROUP_ROWS``, is still read whole."""
    table = pa.table({"data_gb": [1.0, 2.0, 3.0, 4.0, 5.0], "voice_minutes": [50] * 5})
    pq.write_table(table, tmp_path / "p.parquet", row_group_size=2)
    pieces = list(local.tasks(tmp_path / "p.parquet"))
    assert [(t.first_row, t.group, t.skip, t.rows) for t in pieces] == [(0, 0, 0, 0), (2, 1, 0, 0), (4, 2, 0, 0)]
    assert [b.column("data_gb").to_pylist() for t in pieces for b in local._batches(t)] == [[1.0, 2.0], [3.0, 4.0],
                                                                                            [5.0]]
    monkeypatch.setattr(local, "GROUP_ROWS", 2)
    monkeypatch.setattr(local, "BATCH_ROWS", 3)
    assert [(t.skip, t.rows) for t in local.tasks(tmp_path / "p.parquet")] == [(0, 0)] * 3  # (2 rows: not over)
    pq.write_table(table, tmp_path / "one.parquet", row_group_size=5)
    slices = list(local.tasks(tmp_path / "one.parquet"))
    assert [(t.first_row, t.group, t.skip, t.rows) for t in slices] == [(0, 0, 0, 2), (2, 0, 2, 2), (4, 0, 4, 1)]
    assert [b.column("data_gb").to_pylist() for t in slices for b in local._batches(t)] == [
        [1.0, 2.0], [3.0], [4.0], [5.0]]
    # batches of 2, as long as the slices: each slice is the one batch that begins where it begins, and no batch
    # (not even an empty one) is read past its end
    monkeypatch.setattr(local, "BATCH_ROWS", 2)
    assert [b.column("data_gb").to_pylist() for t in slices for b in local._batches(t)] == [[1.0, 2.0], [3.0, 4.0],
                                                                                            [5.0]]
    # one batch of 5 holding every slice: each slice cut from it, rows 3-4 once (not 3-5)
    monkeypatch.setattr(local, "BATCH_ROWS", 5)
    assert [b.column("data_gb").to_pylist() for t in slices for b in local._batches(t)] == [[1.0, 2.0], [3.0, 4.0],
                                                                                            [5.0]]


@pytest.mark.parametrize("workers", [1, 2])
def test_every_row_of_a_folder_is_scored_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """Three files of 3, 2 and 1 rows (batches of 2: pieces of 2, 1, 2 and 1 rows): 6 profiles, progress told of each
    piece's rows (2 + 1 + 2 + 1 = 6); with one worker it is this process that scores.  The best plans (the six are
    5 GB, 50 minutes or more: a-30 fits up to 10 GB at ¥30, ¥35 after): rows of 1-6 GB all on a-30 before and
    after, none on a-50 or b-45; none fits nowhere."""
    monkeypatch.setattr(local, "BATCH_ROWS", 2)
    _csv(tmp_path / "a.csv", [1.0, 2.0, 3.0])
    _csv(tmp_path / "b.csv", [4.0, 5.0])
    _csv(tmp_path / "c.csv", [6.0])
    told: list[int] = []
    busy: set[int] = set()
    baseline, candidate = tuple(BASELINE_FILES), tuple(CANDIDATE_FILES)
    total = local.run(baseline, candidate, tmp_path, workers=workers, progress=told.append, busy=busy)
    assert total.profiles == 6 and sum(told) == 6
    assert (sorted(told) if workers == 2 else told) == ([1, 1, 2, 2] if workers == 2 else [2, 1, 2, 1])
    assert total.before.tolist() == [0, 6, 0, 0] and total.after.tolist() == [0, 6, 0, 0]
    if workers == 1:
        assert busy == {os.getpid()}
    else:
        assert busy and os.getpid() not in busy
