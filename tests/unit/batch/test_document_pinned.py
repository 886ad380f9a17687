"""The what-if report document's shape (``batch.document``'s TypedDicts) is the shape the what-if writes.

The reports and the CLI read the document through these TypedDicts with checked keys, and a result file is read by
people and tools by them (docs/api.md): a key the what-if writes that the shape does not name, a key it names as
always there that the what-if leaves out, or a value of another type than it says, is a document that is not what it
says it is.  Checked on test_whatif_pinned's six people (summarised) and on a ``recommender whatif`` run (with the
``engine`` and ``inputs`` the CLI adds) over a population with every segment column and a plan, a pack and their
conditions and terms edited.
"""

import shutil
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest

from recommender.batch import document, summary, whatif
from recommender.batch.document import Summary
from recommender.catalogue import DEFAULT_PLANS
from tests.unit.batch.test_whatif import _whatif
from tests.unit.batch.test_whatif_pinned import BASELINE, CANDIDATE, DAY, _batch


def _is_typeddict(shape: object) -> bool:
    return isinstance(shape, type) and issubclass(shape, dict) and hasattr(shape, "__required_keys__")


def _misfits(value: object, shape: Any, where: str) -> list[str]:
    """Where ``value`` is not of ``shape`` (a TypedDict, a list of one, a union, a Literal, a plain type)."""
    if _is_typeddict(shape):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not {shape.__name__}"]
        hints = get_type_hints(shape)
        found = [f"{where}.{key}: not in {shape.__name__}" for key in value if key not in hints]
        found += [f"{where}.{key}: missing from the document" for key in shape.__required_keys__ if key not in value]
        for key, item in value.items():
            if key in hints:
                found += _misfits(item, hints[key], f"{where}.{key}")
        return found
    origin = get_origin(shape)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not a list"]
        return [f for k, item in enumerate(value) for f in _misfits(item, get_args(shape)[0], f"{where}[{k}]")]
    if origin in (typing.Union, types.UnionType):
        tries = [_misfits(value, arm, where) for arm in get_args(shape)]
        return [] if any(not t for t in tries) else [f"{where}: {value!r} is none of {shape}"]
    if origin is Literal:
        return [] if value in get_args(shape) else [f"{where}: {value!r} is not one of {get_args(shape)}"]
    if shape is type(None):
        return [] if value is None else [f"{where}: {value!r}, not None"]
    if shape is float:
        return [] if isinstance(value, int | float) and not isinstance(value, bool) else [f"{where}: {value!r}"]
    if shape is int:
        return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{where}: {value!r}, not int"]
    return [] if isinstance(value, shape) else [f"{where}: {value!r}, not {shape.__name__}"]


def test_the_checker_finds_a_key_too_many_one_missing_and_a_value_of_another_type() -> None:
    """The check itself: an operator row with a key it does not name, without one it does, a share as a string."""
    row = {"operator": "op", "profiles_before": 1, "profiles_after": 1, "revenue_fen_before": 0,
           "revenue_fen_after": 0, "share_before": "0.5", "extra": 1}
    assert _misfits(row, document.OperatorRow, "row") == [
        "row.extra: not in OperatorRow", "row.share_after: missing from the document", "row.share_before: '0.5'"]
    assert _misfits({"from": None, "to": "b", "profiles": True}, document.Switch, "s") == ["s.profiles: True, not int"]
    assert _misfits({"name": "gpu"}, document.EngineUsed, "e") == ["e.name: 'gpu' is not one of ('local', 'spark')"]


def test_the_summary_of_six_people_is_of_the_document_s_shape() -> None:
    doc = summary.summarise(whatif.partial(whatif.Scorer(BASELINE, CANDIDATE, DAY), _batch()), BASELINE, CANDIDATE,
                            DAY)
    assert _misfits(doc, Summary, "doc") == []
    assert doc["plans"] and doc["segments"] and doc["switches"]["top"] and doc["customers"]  # (each row checked)


FEE_199 = '    monthly_fee: {value: 199, source: "seed:ct-tiers"}\n'
FEE_299 = '    monthly_fee: {value: 299, source: "seed:ct-tiers"}\n'
TERMS = ('    terms:\n      promotions:\n'
         '        - {first_months: 6, monthly_fee: {value: 149.5, source: "assumption: launch offer"}}\n'
         '      one_off_fee: {value: 100, source: "assumption: SIM and activation"}\n'
         '      minimum_term_months: 12\n')
DATA_PACK = '      data_gb: {value: 10, source: "assumption: smallest of three packs'
SPEED_PACK = '    uplink_mbps: {value: 300, source: "seed:cu-data-packs"}\n  - id: cu-speed-pack'
KEPT = "      customers: existing\n      holders_only: true\n"
YOUTH = "      age: {min: 16, max: 30}\n"
BUSINESS = "    name_en: 5G-A Compute Card, Business\n"


def _plans(tmp_path: Path) -> Path:
    """The shipped plans edited in every way the document has words for: ct-5ga-399's fee ¥399 → ¥389; ct-5ga-299
    given contract terms (a promotion, a one-off fee, a minimum term); a copy of ct-5ga-199 added (ct-5ga-199p); a
    Unicom data pack adding 15 GB for 10; cu-5ga-data-549 sold in two regions only; a plan kept by its holders sold
    to all existing customers until 2026-12-31 (after the day scored); the youth card from 18, not 16; the pack
    cm-scene-sports and the plan cm-5ga-399 removed; cu-5ga-business on sale from 2027-01-01 (not yet)."""
    plans = tmp_path / "plans"
    shutil.copytree(DEFAULT_PLANS, plans)
    telecom = (plans / "china-telecom.yaml").read_text(encoding="utf-8")
    start, end = telecom.index("  - id: ct-5ga-199\n"), telecom.index("  - id: ct-5ga-299\n")
    copy = telecom[start:end].replace("id: ct-5ga-199", "id: ct-5ga-199p")
    mobile = (plans / "china-mobile.yaml").read_text(encoding="utf-8")
    sports = mobile[mobile.index("  - id: cm-scene-sports\n"):mobile.index("  - id: cm-shenhua-fan\n")]
    top = mobile[mobile.index("  - id: cm-5ga-399\n"):mobile.index("\npacks:\n")]
    edits = [("china-telecom.yaml", "value: 399", "value: 389"),
             ("china-telecom.yaml", FEE_299, FEE_299 + TERMS),
             ("china-telecom.yaml", "  - id: ct-5ga-299\n", copy + "  - id: ct-5ga-299\n"),
             ("china-unicom.yaml", DATA_PACK, DATA_PACK.replace("value: 10,", "value: 15,")),
             ("china-unicom.yaml", SPEED_PACK, SPEED_PACK.replace("\n  - id: cu-speed-pack", (
                 '\n    eligibility: {regions: [CN-BJ, CN-SH], source: "assumption: a test"}\n  - id: cu-speed-pack'))),
             ("china-unicom.yaml", KEPT, '      customers: existing\n      available_until: "2026-12-31"\n'),
             ("china-unicom.yaml", YOUTH, YOUTH.replace("16", "18")),
             ("china-mobile.yaml", sports, ""),
             ("china-mobile.yaml", top, ""),
             ("china-unicom.yaml", BUSINESS,
              BUSINESS + '    eligibility: {available_from: "2027-01-01", source: "assumption: test"}\n')]
    for file, old, new in edits:
        text = (plans / file).read_text(encoding="utf-8")
        assert old in text, old
        (plans / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return plans


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Summary]:
    """``recommender whatif`` of the plans edited (``_plans``) on four people with a region, an age, data and current
    plans (one unknown, one none), scored as of 2026-12-01; and of the shipped plans on one person with no current
    plan and no segment column (no one's pay on a current plan: its figures None)."""
    tmp_path: Path = tmp_path_factory.mktemp("run")
    population = ("data_gb,voice_minutes,region,age,current_plan\n5,100,CN-BJ,25,ct-5ga-399\n"
                  "40,300,CN-SH,70,\n80,1000,,,no-such-plan\n20,500,CN-BJ,40,ct-5ga-399\n")
    edited = _whatif(tmp_path, _plans(tmp_path), population, "--as-of", "2026-12-01")[1]
    (tmp_path / "none").mkdir()
    bare = _whatif(tmp_path / "none", DEFAULT_PLANS, "data_gb,voice_minutes\n5,10\n")[1]
    return [edited, bare]


@pytest.fixture(scope="module")
def run(runs: list[Summary]) -> Summary:
    return runs[0]


def test_a_whatif_run_s_document_is_of_the_document_s_shape(runs: list[Summary]) -> None:
    """The CLI's documents, their engine and inputs among them; every segment column in the first population, so
    every segment's row is checked; each kind of change the document has a shape for is in it, so that shape is
    checked too."""
    run, bare = runs
    assert _misfits(run, Summary, "doc") == [] and _misfits(bare, Summary, "bare") == []
    assert "engine" in run and "inputs" in run and "as_of" in run["inputs"]
    assert [c["in_population"] for c in run.get("segments", [])] == [True, True, True]
    rows = {p["plan_id"]: p for p in run["plans"]}
    assert rows["ct-5ga-399"]["changes"] == ["fee_fen"] and rows["ct-5ga-199p"]["fee_fen_before"] is None
    assert rows["cm-5ga-399"]["fee_fen_after"] is None and run["candidate"]["removed_packs"] == ["cm-scene-sports"]
    said = {c["condition"]: (c["before"], c["after"]) for p in run["plans"] for c in p.get("conditions", [])}
    assert said["age_min"] == (16, 18) and said["holders_only"][0] is True
    assert [t["term"] for t in rows["ct-5ga-299"].get("terms", [])] == [
        "promotions", "one_off_fen", "minimum_term_months"]
    assert any(p.get("conditions") for p in run["plans"])
    packs = {c["pack_id"]: c for c in run["candidate"]["pack_changes"]}
    assert packs["cu-5ga-data-219"].get("adds") and packs["cu-5ga-data-549"].get("conditions")
    assert run["candidate"]["not_on_sale"] and run["candidate"]["sale_ends_later"] and run["candidate"]["unchecked"]
    assert bare["pay"]["current"]["mean_fen"] is None


def _instances(value: object, shape: Any) -> Iterator[tuple[type, dict[str, object]]]:
    """Each dict in ``value`` with the TypedDict it is of (``shape`` and those of its keys)."""
    if _is_typeddict(shape) and isinstance(value, dict):
        yield shape, value
        hints = get_type_hints(shape)
        for key, item in value.items():
            yield from _instances(item, hints.get(key))
    elif get_origin(shape) is list and isinstance(value, list):
        for item in value:
            yield from _instances(item, get_args(shape)[0])
    elif get_origin(shape) in (typing.Union, types.UnionType):
        for arm in get_args(shape):
            if _is_typeddict(arm) or get_origin(arm) is list:
                yield from _instances(value, arm)


OPTIONAL_BUT_ALWAYS_HERE = {
    ("Inputs", "as_of"),  # (a document written before the day was said has none)
    ("EngineUsed", "workers"), ("EngineUsed", "busy_workers"),  # (Spark's has none: not run here)
    ("Engine", "workers"), ("Engine", "busy_workers"),
    ("Summary", "segments")}  # (older documents have none, as the summarised one shows left out: test_report_pinned)


def test_a_key_is_optional_only_where_the_what_if_leaves_it_out(runs: list[Summary]) -> None:
    """Over every dict of the three documents: a key the what-if writes in every one of a shape is required by the
    shape, a key it leaves out of some is optional (``NotRequired``), but for those optional for documents not made
    here (``OPTIONAL_BUT_ALWAYS_HERE``)."""
    doc = summary.summarise(whatif.partial(whatif.Scorer(BASELINE, CANDIDATE, DAY), _batch()), BASELINE, CANDIDATE,
                            DAY)
    seen: dict[type, list[dict[str, object]]] = {}
    for value in (doc, *runs):
        for shape, one in _instances(value, Summary):
            seen.setdefault(shape, []).append(one)
    wrong = []
    for shape, dicts in seen.items():
        always = set.intersection(*(set(d) for d in dicts))
        names = always | set().union(*(set(d) for d in dicts))
        for key in names:
            required = key in shape.__required_keys__  # type: ignore[attr-defined]  # (a TypedDict's)
            here = key in always and (shape.__name__, key) not in OPTIONAL_BUT_ALWAYS_HERE
            if required != here:
                wrong.append(f"{shape.__name__}.{key}: {'required' if required else 'optional'}")
    assert sorted(wrong) == []
    assert {shape.__name__ for shape in seen} >= {
        "Summary", "PlanRow", "ConditionChange", "TermChange", "Promotion", "PackChange", "AddsChange", "NotOnSale",
        "Unchecked", "SegmentRow", "SegmentColumn", "Switch", "OperatorCustomers", "Engine", "Inputs"}
