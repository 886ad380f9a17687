"""Load ``plans/*.yaml`` into a validated, versioned ``Catalogue``, or say exactly what is wrong.

Every problem is reported as ``file:line: message`` and all of them are collected, so that a
product team fixes a file in one pass.  Beyond the schema, the catalogue must hang together:
ids unique, every reference resolving within the operator (over all its files, which say the same operator).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..messages import Message, message, problem_text
from ..messages.invalid import add, as_message, choices
from .currencies import code_for
from .ids import near_id
from .model import Catalogue, compile_pack, compile_plan, sold_together
from .problem import Problem, Said, dotted, lookalike_of, read_capped
from .regions import COUNTRIES, REGION_PATTERN, code_of_name, regions_of
from .spec import (
    CURRENCY_PATTERN,
    FACT_ID,
    SOURCE_PATTERN,
    Eligibility,
    Figure,
    OperatorFile,
    PackSpec,
    PlanSpec,
    counted,
    whole_mb,
)

if TYPE_CHECKING:
    from .yamlsource import Document


class CatalogueError(Exception):
    """The plan files are not a valid catalogue; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def plan_file_name(name: str) -> bool:
    """Whether a file of a plans folder is a plan file: ``*.yaml`` or ``*.yml`` in any case (``verizon.YAML``, as
    Windows saves it, was skipped without a word), not hidden (as a shell's ``*.yaml`` matches: an editor's lock or
    swap file, such as Emacs' ``.#name.yaml``, is not one)."""
    return name.lower().endswith((".yaml", ".yml")) and not name.startswith(".")


def plan_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if plan_file_name(p.name) and p.is_file())
    return [path]


@dataclass(frozen=True)
class PlanSources:
    """The bytes of every file a load reads, read once: what is validated is exactly what was hashed."""

    files: tuple[tuple[str, bytes], ...]
    facts: tuple[str, bytes] | None = None
    problems: tuple[Problem, ...] = ()
    """Files that could not be read safely (a symbolic link out of the folder, a dangling one, ...)."""

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name, raw in (*self.files, *((self.facts,) if self.facts else ())):
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + raw + b"\0")
        for problem in self.problems:
            digest.update(str(problem).encode("utf-8", "surrogateescape") + b"\0")
        return digest.hexdigest()


def _plan_entries(path: Path) -> tuple[list[Path], list[Problem]]:
    """The plan files of a folder; symbolic links must stay inside it and lead to a file."""
    if not path.is_dir():
        return [path], []
    folder = path.resolve()
    files: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(path.iterdir())
    except OSError as exc:  # (a folder this process may not list: the image's user on a mounted volume)
        return [], [Problem.of(str(path), 1, "problem.cannot_list", os_error=str(exc.strerror))]
    for entry in entries:
        if not plan_file_name(entry.name):
            continue
        try:
            if entry.is_symlink():
                target = entry.resolve()
                if not target.is_relative_to(folder):
                    problems.append(Problem.of(str(entry), 1, "problem.symlink_outside"))
                    continue
                if not target.exists():
                    problems.append(Problem.of(str(entry), 1, "problem.symlink_dangling"))
                    continue
            if entry.is_file():
                files.append(entry)
        except OSError as exc:  # (a folder that may be listed but not searched: r--)
            problems.append(Problem.of(str(entry), 1, "problem.cannot_read", os_error=str(exc.strerror)))
    return files, problems


def read_plan_sources(path: str | Path, facts_file: Path | None = None) -> PlanSources:
    """Read every plan file of a folder (or one file) and the facts file, once."""
    path = Path(path)
    try:
        if facts_file is None:
            facts_file = facts_for(path)
        entries, problems = _plan_entries(path)
    except OSError as exc:  # (a folder on the way this process may not search, e.g. seeds/ or the plans' parent:
        # pathlib's is_dir and is_file raise on EACCES; found by the reliability review, an admin reload was a 500)
        return PlanSources((), None, (Problem.of(str(exc.filename or path), 1, "problem.cannot_read",
                                                 os_error=str(exc.strerror or exc)),))
    files: list[tuple[str, bytes]] = []
    for file in entries:
        try:
            files.append((str(file), read_capped(file)))
        except OSError as exc:
            problems.append(Problem.of(str(file), 1, "problem.cannot_read", os_error=str(exc.strerror)))
    facts = None
    if facts_file is not None:
        try:
            facts = (str(facts_file), read_capped(facts_file))
        except OSError as exc:
            problems.append(Problem.of(str(facts_file), 1, "problem.cannot_read", os_error=str(exc.strerror)))
    if not files and not problems:
        problems.append(Problem.of(str(path), 1, "problem.no_plan_files"))
    return PlanSources(tuple(files), facts, tuple(problems))


_CHECKOUT = Path(__file__).resolve().parents[2] / "plans"
DEFAULT_PLANS = _CHECKOUT if _CHECKOUT.is_dir() else Path(__file__).resolve().parents[1] / "data" / "plans"
"""The shipped catalogue: this checkout's ``plans/``, or the copy installed with the package (its
``seeds/`` beside it, as in the checkout).  ``RECOMMENDER_PLANS`` or ``--plans`` point elsewhere."""


def facts_for(path: Path) -> Path | None:
    """The facts a plans folder (or file) cites: the ``seeds/facts.yaml`` beside the folder, else
    the shipped one (an edited copy of ``plans/`` elsewhere, ``cp -r plans/ /tmp/edited``, cites the
    same source); None only when neither exists."""
    for folder in ((path if path.is_dir() else path.parent).resolve().parent, DEFAULT_PLANS.parent):
        candidate = folder / "seeds" / "facts.yaml"
        if candidate.is_file():
            return candidate
    return None


def load_plan_sources(sources: PlanSources) -> Catalogue:
    """Validate what ``read_plan_sources`` read; raise ``CatalogueError`` if anything is wrong."""
    if sources.problems:
        raise CatalogueError(sorted(sources.problems, key=lambda p: (p.file, p.line)))
    from .yamlsource import ReadWithProblems, parse  # here: reading plan files (and their cache) needs no YAML

    facts = None
    read: list[Problem] = []  # keys given twice in the facts file: said with the plan files' problems (review)
    if sources.facts is not None:
        try:
            facts = _facts_of(parse(*sources.facts))
        except ReadWithProblems as twice:
            read, facts = list(twice.problems), _facts_of(twice.doc)
        except Problem as exc:
            raise CatalogueError([exc]) from None
    try:
        catalogue = load_sources(sources.files, facts, sources.facts[0] if sources.facts is not None else FACTS)
    except CatalogueError as exc:
        if not read:
            raise
        raise CatalogueError(sorted([*read, *exc.problems], key=lambda p: (p.file, p.line))) from None
    if read:
        raise CatalogueError(read)
    return catalogue


def load_catalogue(path: str | Path, facts_file: Path | None = None) -> Catalogue:
    """Load every plan file in a folder (or one file); raise ``CatalogueError`` if any is wrong.

    Citations are checked against ``facts_file`` (by default ``facts_for(path)``: the
    ``seeds/facts.yaml`` beside the plans folder, else the shipped one).  Symbolic links are
    followed only within the folder.
    """
    return load_plan_sources(read_plan_sources(path, facts_file))


def _documents(sources: PlanSources) -> tuple[Document, ...]:
    """The files of a valid catalogue read again, as documents with their lines (for its notes: read once)."""
    return _parsed(sources.files)


@functools.lru_cache(maxsize=1)
def _parsed(files: tuple[tuple[str, bytes], ...]) -> tuple[Document, ...]:
    from .yamlsource import parse

    return tuple(parse(name, raw) for name, raw in files)


def item_lines(sources: PlanSources) -> Callable[[str, tuple[str | int, ...]], str]:
    """``where(item, field)``: the ``file:line`` of the path ``field`` under the plan or pack ``item`` (by id), in
    files that loaded (for notes on a valid catalogue: ``notes.Note``); the item's own line where the path is not
    written (a default), the file's first line for an id no file has."""
    found: dict[str, tuple[Document, tuple[str | int, ...]]] = {}
    for doc in _documents(sources):
        data = doc.data if isinstance(doc.data, dict) else {}
        for kind in ("plans", "packs"):
            items = data.get(kind)
            for i, item in enumerate(items if isinstance(items, list) else ()):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    found.setdefault(item["id"], (doc, (kind, i)))

    def where(item: str, field: tuple[str | int, ...] = ()) -> str:
        if item not in found:
            return f"{sources.files[0][0]}:1"
        doc, path = found[item]
        return f"{doc.file}:{doc.line_of((*path, *field))}"

    return where


def comment_notes(sources: PlanSources) -> list[tuple[Message, str]]:
    """A note, and its ``file:line``, for each text field written plain with a comment after it on its line: YAML
    reads ``name_en: 5G-A plan #1`` as ``5G-A plan`` (found by the plan-files helper: the rest dropped without a word).
    A note, not a problem: a comment there is valid YAML and may be meant, and the value read is text as valid as any;
    but the '#' is more often part of the name (a rank, a tag), so it is said, with the value quoted to write."""
    found = []
    for doc in _documents(sources):
        for path, (read, written) in doc.comments.items():
            item = _item_id(doc.data, path)
            where, field = (item, path[2:]) if item else (str(path[0]), path[1:])
            found.append((message("catalogue.comment_in_text", item=where, field=dotted(field), key=str(path[-1]),
                                  read=read, comment=written[len(read):].strip(),
                                  quoted=json.dumps(written, ensure_ascii=False)),
                          f"{doc.file}:{doc.line_of(path)}"))
    return found


def _item_id(data: object, path: tuple[str | int, ...]) -> str | None:
    """The id of the plan or pack a path is under (None: the path is under none, or it has no id)."""
    items = data.get(path[0]) if isinstance(data, dict) and len(path) > 2 and path[0] in ("plans", "packs") else None
    index = path[1] if len(path) > 1 else None
    if not isinstance(items, list) or not isinstance(index, int) or not 0 <= index < len(items):
        return None
    item = items[index]
    ref = item.get("id") if isinstance(item, dict) else None
    return ref if isinstance(ref, str) else None


FACTS = "seeds/facts.yaml"
"""Where citations are checked, as problems name it when no file was read (``load_sources``' facts)."""


def load_sources(sources: Iterable[tuple[str, bytes]], facts: frozenset[str] | None = None,
                 facts_file: str = FACTS) -> Catalogue:
    """Build a catalogue from ``(file name, content)`` pairs.

    With ``facts``, every ``seed:`` citation must name one of them.
    """
    from .yamlsource import ReadWithProblems, parse

    problems: list[Problem] = []
    parsed: list[tuple[Document, OperatorFile]] = []
    declared: Declared | None = ([], [], [])  # what files that failed the schema declare (None: one failed YAML)
    broken: list[Document] = []  # files that are YAML but failed the schema (their packs' references still checked)
    digest = hashlib.sha256()
    for name, raw in sources:
        digest.update(Path(name).name.encode() + b"\0" + raw + b"\0")
        try:
            doc = parse(name, raw)
        except ReadWithProblems as read:  # (the rest of it is checked: its problems and the others' in one round)
            problems.extend(read.problems)
            doc = read.doc
        except Problem as problem:
            problems.append(problem)
            declared = None
            continue
        if facts is not None:
            problems.extend(_citation_problems(doc, facts, facts_file))
        try:
            parsed.append((doc, OperatorFile.model_validate(doc.data)))
        except ValidationError as exc:
            problems.extend(_schema_problems(doc, exc, facts))
            broken.append(doc)
            if declared is not None:
                _declares(doc.data, declared)
    gb = _operator_gb(parsed)
    problems.extend(_consistency_problems(parsed, declared, gb, broken))
    if declared is not None:
        problems.extend(_reference_problems(parsed, broken))
    if problems:
        raise CatalogueError(sorted(problems, key=lambda p: (p.file, p.line)))
    plans = tuple(compile_plan(f.operator.id, p, f.currency) for _, f in parsed for p in f.plans)
    packs = tuple(compile_pack(f.operator.id, p, gb[f.operator.id]) for _, f in parsed for p in f.packs)
    return Catalogue(plans, sold_together(plans, packs), digest.hexdigest()[:12], tuple(f for _, f in parsed))


def _operator_gb(parsed: list[tuple[Document, OperatorFile]]) -> dict[str, int]:
    """What a GB is, in MB, for each operator's packs: its first plan's billing rules say it, in whichever of
    its files (a file may hold only packs), and ``_operator_problems`` holds its other plans to it."""
    gb: dict[str, int] = {}
    for _, spec in parsed:
        for plan in spec.plans[:1]:
            gb.setdefault(spec.operator.id, plan.billing.mb_per_gb)
    return gb


def _at(doc: Document, path: tuple[str | int, ...], reason: Message) -> Problem:
    """A problem with the value at ``path``: its line (a merge key's, said with the anchor's), the path dotted
    (``field``)."""
    return Problem.of(doc.file, doc.line_of(path), reason.code, **reason.params, field=dotted(path),
                      **doc.from_anchor(path))


def _data_path(data: object, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """pydantic's error location as a path in the file: keys and indexes the data has, and a missing
    field's name last; the union-member tags pydantic adds (e.g. 'Yuan', or 'decimal' under a value
    that is not a mapping) are dropped."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if part == "[key]":  # a mapping's key (a zone's name) is where it stands: ``zones.europa``
            continue
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif i < len(loc) - 1 or isinstance(part, int) or part[:1].isupper() or "[" in part or \
                not isinstance(node, dict):  # ('tuple[constrained-str, ...]': a member tag, no field name)
            continue
        path.append(part)
    return tuple(path)


def _schema_problems(doc: Document, exc: ValidationError, facts: frozenset[str] | None = None) -> list[Problem]:
    errors = exc.errors(include_url=False)
    paths = [_data_path(doc.data, e["loc"]) for e in errors]
    unknown = [path for error, path in zip(errors, paths, strict=True) if error["type"] == "extra_forbidden"]
    found: list[tuple[tuple[str | int, ...], Message]] = []
    for error, path in zip(errors, paths, strict=True):
        if path in doc.said:  # (how YAML read it is the problem said: ``0x50``)
            continue
        if isinstance(said := error.get("ctx", {}).get("error"), Said) and said.at:
            path = (*path, *said.at)  # (the tier of an ``overage`` it is about: ``Said.at``)
        if error["type"] in ("too_short", "model_type", "tuple_type") and \
                any(len(o) > len(path) and o[: len(path)] == path for o in paths):
            continue  # a list emptied by its items' own errors, which are reported, or the member of a union of
            # another shape than the value's (``benefits``: a list, or {value, source}): the other member's say it
        if error["type"] == "missing" and any(o[:-1] == path[:-1] and path[-1] in (_near(o), _word_field(o),
                                                                                   _colon_field(o)) for o in unknown):
            continue  # misspelt, or written in Chinese: the unknown field's problem names it ("a typo of ...?")
        shapes = {e["type"] for e, o in zip(errors, paths, strict=True) if o == path}
        if {"model_type", "tuple_type"} <= shapes:  # (neither member of ``benefits``' union: one problem, both ways)
            if error["type"] == "tuple_type":
                add(found, path, message("problem.shape.list_or_figure"))
            continue
        split = _split_number(doc, path) if error["type"] == "extra_forbidden" else None
        add(found, path, split or _not_text(doc, error, path) or _message(error, path, facts))
    return [_at(doc, path, reason) for path, reason in found]


def _not_text(doc: Document, error: ErrorDetails, path: tuple[str | int, ...]) -> Message | None:
    """Text YAML read as true/false or a number (``country: NO``, ``name_en: yes``, ``group: 2024``), with what to
    write (found by the plan-files helper: "Input should be a valid string", nothing saying why)."""
    written = doc.written.get(path)
    if error["type"] != "string_type" or written is None:
        return None
    kind = "bool" if isinstance(error["input"], bool) else "number"
    return message(f"problem.text_not_{kind}", written=written)


def _split_number(doc: Document, path: tuple[str | int, ...]) -> Message | None:
    """An unknown field that is the digits after a comma in the number written before it on its line (``{value:
    1,299元, ...}``: ``value: 1`` and a field ``299元``): said so, with the number to write."""
    from .yamlsource import split_number_hint

    parent: object = doc.data
    for part in path[:-1]:
        if isinstance(parent, dict) and part in parent:
            parent = parent[part]
        elif isinstance(parent, list) and isinstance(part, int) and part < len(parent):
            parent = parent[part]
    keys = list(parent) if isinstance(parent, dict) else []
    at = keys.index(path[-1]) if path[-1] in keys else 0
    if at == 0 or not isinstance(parent, dict):
        return None
    before = parent[keys[at - 1]]
    if type(before) is not int or doc.line_of((*path[:-1], keys[at - 1])) != doc.line_of(path):
        return None
    hint = split_number_hint(str(before), str(path[-1]))
    return message("problem.unknown_field.split", key=str(path[-1]), hints=[hint.as_dict()]) if hint else None


_PATTERNS = {SOURCE_PATTERN: "problem.pattern.source", CURRENCY_PATTERN: "problem.pattern.currency",
             REGION_PATTERN: "problem.pattern.region"}
"""What a value matching each pattern of the format looks like (ids: the rest)."""
_FIGURES = frozenset({"Figure", "Yuan", "Gigabytes", "Count", "Speed"})


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The plan-file models an annotation holds (``tuple[PlanSpec, ...]``, ``Roaming | None``, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _fields_at(path: tuple[str | int, ...]) -> list[str]:
    """The fields a plan file allows at ``path`` (a mapping's keys, e.g. zones, pass through)."""
    model: type[BaseModel] | None = OperatorFile
    for part in path:
        if model is None:
            return []
        if isinstance(part, str) and part in model.model_fields:
            found = _models_in(model.model_fields[part].annotation)
            model = found[0] if found else None
    return list(model.model_fields) if model is not None else []


def _under(path: tuple[str | int, ...]) -> str | None:
    """The field beside an unknown field at ``path`` under which it belongs (``data_gb`` directly in a pack belongs
    under ``adds``; found by QA, which was told it was a typo of ``app_data_gb``)."""
    found = [field for field in _fields_at(path[:-1]) if str(path[-1]) in _fields_at((*path[:-1], field))]
    return found[0] if len(found) == 1 else None  # (``source`` is under every figure: no one place)


def _over(path: tuple[str | int, ...]) -> str | None:
    """The field an unknown field at ``path`` is written under when it is a field of the mapping one level up
    (``free_with`` indented under a pack's ``adds``, ``minimum_term_months`` under a promotion: found by the
    product-team walk-through, which was told 'a typo?')."""
    up = list(path[:-1])
    while up and isinstance(up[-1], int):  # (a list's item: the list's own field)
        up.pop()
    if not up:
        return None
    here = str(up.pop())
    while up and isinstance(up[-1], int):
        up.pop()
    return here if str(path[-1]) in _fields_at(tuple(up)) else None


def _near(path: tuple[str | int, ...]) -> str | None:
    """The field an unknown field at ``path`` is most likely a typo of (None: none is close)."""
    near = difflib.get_close_matches(str(path[-1]), _fields_at(path[:-1]), n=1, cutoff=0.75)
    return near[0] if near else None


FIELD_WORDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("名称", "名字", "套餐名", "套餐名称", "中文名", "中文名称"), ("name",)),
    **dict.fromkeys(("英文名", "英文名称"), ("name_en",)),
    **dict.fromkeys(("月费", "月租", "月租费", "套餐费", "资费", "月资费", "价格", "售价", "价钱"),
                    ("monthly_fee", "price", "fee")),
    **dict.fromkeys(("流量", "通用流量", "国内流量"), ("data_gb",)),
    **dict.fromkeys(("语音", "通话", "通话时长", "国内通话", "分钟数", "语音分钟"), ("voice_minutes",)),
    **dict.fromkeys(("短信", "短信条数"), ("sms",)),
    **dict.fromkeys(("下行", "下行速率", "下载速率", "下载速度"), ("downlink_mbps",)),
    **dict.fromkeys(("上行", "上行速率", "上传速率", "上传速度"), ("uplink_mbps",)),
    **dict.fromkeys(("套外", "套外资费", "超出资费", "超套资费"), ("overage",)),
    **dict.fromkeys(("漫游", "国际漫游"), ("roaming",)),
    "卫星": ("satellite",), "宽带": ("broadband_mbps",), "定向流量": ("app_data_gb",), "副卡": ("extra_lines",),
    "权益": ("benefits",), "合约": ("terms",), "计费": ("billing",), "封顶": ("cap",), "限速": ("throttle_kbps",),
    **dict.fromkeys(("办理条件", "适用人群", "资格"), ("eligibility",)),
    **dict.fromkeys(("类型", "种类", "包类型"), ("kind",)),
    **dict.fromkeys(("叠加次数", "可叠加次数"), ("max_count",)),
    **dict.fromkeys(("来源", "出处", "依据"), ("source",)),
    **dict.fromkeys(("数值", "值"), ("value",)),
    **dict.fromkeys(("备注", "说明"), ("note",)),
    **dict.fromkeys(("编号", "代码", "标识"), ("id",)),
    "运营商": ("operator",), **dict.fromkeys(("币种", "货币"), ("currency",)),
    **dict.fromkeys(("套餐", "套餐列表"), ("plans",)), **dict.fromkeys(("附加包", "加油包", "流量包"), ("packs",)),
}
"""The Chinese words a product team writes for the format's fields (``月费: 199``), each with the fields it may mean,
the first the one allowed where it is written (a pack's 价格 is its ``price``, a plan's its ``monthly_fee``): an
unknown field so named is told which field to write (found by the plan-files helper: 'a typo?', nothing more)."""


VALUE_WORDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("新用户", "新客户", "新入网用户"), ("new",)),
    **dict.fromkeys(("老用户", "老客户", "存量用户", "存量客户", "存量"), ("existing",)),
    **dict.fromkeys(("不限", "所有用户", "全部", "所有人", "任何人"), ("any",)),
    **dict.fromkeys(("流量", "流量包"), ("data",)), **dict.fromkeys(("提速", "提速包", "加速包", "速率"), ("speed",)),
    **dict.fromkeys(("服务", "服务包"), ("service",)), **dict.fromkeys(("场景", "场景包"), ("scene",)),
    **dict.fromkeys(("漫游", "漫游包"), ("roaming",)), **dict.fromkeys(("卫星", "卫星包"), ("satellite",)),
    **dict.fromkeys(("宽带", "宽带包"), ("broadband",)), **dict.fromkeys(("应用", "定向", "定向流量"), ("app",)),
    **dict.fromkeys(("包月", "按月", "月"), ("monthly",)), **dict.fromkeys(("按天", "按日", "天", "日"), ("per_day",)),
    **dict.fromkeys(("按次", "次"), ("per_use",)), **dict.fromkeys(("按分钟", "分钟"), ("per_minute",)),
    "按6秒": ("per_6_seconds",), **dict.fromkeys(("按秒", "秒"), ("per_second",)),
    **dict.fromkeys(("语音", "通话"), ("voice",)), "短信": ("sms",),
    "港澳台": ("hk-mo-tw",), "亚洲": ("asia",), "欧洲": ("europe",), "美洲": ("americas",), "其他": ("other",),
    "视频": ("video",), "社交": ("social",), "音乐": ("music",), "游戏": ("games",), "阅读": ("reading",),
    "导航": ("navigation",), **dict.fromkeys(("云盘", "云"), ("cloud",)), "购物": ("shopping",),
}
"""The Chinese words for the format's values (``customers: 老用户``, ``kind: 漫游``, ``billing: 按次``), each with the
values it may mean, the first one allowed where it is written taken (as ``FIELD_WORDS`` for fields)."""


def _colon_field(path: tuple[str | int, ...]) -> str | None:
    """The field an unknown field at ``path`` is with its value, the space after its ':' missing (``value:80`` in a
    flow mapping is one key to YAML; found by the plan-files helper: 'a typo of 'value'?')."""
    field = str(path[-1]).split(":", 1)[0].strip() if ":" in str(path[-1]) else None
    return field if field is not None and field in _fields_at(path[:-1]) else None


def _word_field(path: tuple[str | int, ...]) -> str | None:
    """The field an unknown field at ``path`` written as a Chinese word names, where that field is allowed."""
    allowed = _fields_at(path[:-1])
    return next((f for f in FIELD_WORDS.get(str(path[-1]).strip(), ()) if f in allowed), None)


_UNITS: dict[str, tuple[str, dict[str, Decimal]]] = {
    "_gb": ("GB", {**dict.fromkeys(("gb", "g", "gib"), Decimal(1)), **dict.fromkeys(("mb", "m", "mib", "兆"),
                   Decimal(1) / 1024), **dict.fromkeys(("tb", "t", "tib"), Decimal(1024))}),
    "_mbps": ("Mbps", {**dict.fromkeys(("mbps", "m", "mb", "mbit/s", "mb/s", "兆"), Decimal(1)),
                       **dict.fromkeys(("gbps", "g", "gb", "gbit/s", "gb/s", "千兆"), Decimal(1000)),
                       **dict.fromkeys(("kbps", "k", "kb", "kbit/s", "kb/s"), Decimal("0.001"))}),
    "_kbps": ("kbps", {**dict.fromkeys(("kbps", "k", "kb", "kbit/s", "kb/s"), Decimal(1)),
                       **dict.fromkeys(("mbps", "m", "mb", "mbit/s", "mb/s", "兆"), Decimal(1000))}),
    "_minutes": ("minutes", {**dict.fromkeys(("min", "mins", "minute", "minutes", "分钟", "分"), Decimal(1)),
                             **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "小时"), Decimal(60))}),
}
"""A figure's unit by its field's suffix (``gb`` of app data too), and the units people write in it, each with
its size in that unit."""
UNIT_WORDS = frozenset(word for _, sizes in _UNITS.values() for word in sizes)
"""Every unit a figure may be written in, of any kind (a number of a fact written with one of them that its field
does not take says a quantity of another kind: ``notes._fact_numbers``)."""


def field_unit(field: str) -> tuple[str, dict[str, Decimal]] | None:
    """A figure's unit by its field's name (``_UNITS``), None for a field of no unit or of a rate (money per unit:
    ``data_per_gb`` is yuan, not GB; review)."""
    if "_per_" in field:
        return None
    return next((u for suffix, u in _UNITS.items() if field.endswith(suffix) or field == suffix[1:]), None)


def _unit_hint(error: ErrorDetails, path: tuple[str | int, ...]) -> Message | None:
    """A number written with a unit other than its field's (``data_gb: {value: 10240MB}``), converted: told to
    write the number alone, the product team wrote 10,240 GB (found by QA; 3Gbps became 3 Mbps)."""
    ctx = error.get("ctx", {})
    field = str(path[-2]) if len(path) >= 2 else ""
    unit = field_unit(field)
    size = unit[1].get(str(ctx.get("unit", "")).lower()) if unit else None
    if unit is None or size is None or size == 1:
        return None
    value = (Decimal(str(ctx["number"])) * size).normalize()
    code = "problem.unit_converted.gb" if unit[0] == "GB" and size < 1 else "problem.unit_converted"
    return message(code, value=str(ctx["value"]), key=field, unit=unit[0], number=f"{value:f}")


MAPPED = ("figure_unit", "extra_forbidden", "missing", "string_pattern_mismatch", "model_type", "dict_type",
          "too_short", "tuple_type", "list_type", "int_from_float", "int_parsing", "bool_type", "literal_error",
          "value_error", "date_format", "date_value", "greater_than_equal", "greater_than", "less_than_equal",
          "less_than", "decimal_parsing", "decimal_type", "int_type", "string_type", "float_parsing", "bool_parsing",
          "decimal_max_digits", "decimal_max_places", "decimal_whole_digits")
"""The pydantic error types a schema problem words with a code of its own (some only in the cases ``_message``
names: a ``value_error`` of the plan format's own ``Said``, an "Input should be" of pydantic's words); any other
keeps pydantic's English (``type``, ``text``): ``problem.pydantic``, or ``problem.input.said`` as one of the options
of an "Input should be" (joined to the others of a union, as they always were)."""


def number_written(error: ErrorDetails) -> Message:
    """A figure written with a unit or thousands separators (``figure_unit``: '199元', '1,024'), as the number it
    holds: the plan format's own wording of it, for a plan file and for a TMF620 import alike."""
    ctx = error.get("ctx", {})  # (``extra``: "separator" or "unit", the code ``spec`` gives; never its English)
    return message(f"problem.number_with_{ctx['extra']}", value=str(ctx.get("value")), number=str(ctx.get("number")))


def _message(error: ErrorDetails, path: tuple[str | int, ...], facts: frozenset[str] | None = None) -> Message:
    """One schema error in the words of the file (fields, lists, mappings), not pydantic's (tuples, classes); a source
    is told the fact of ``facts`` it names (``cu-wojia-188``: ``seed:cu-wojia-188``)."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "figure_unit":
        return _unit_hint(error, path) or number_written(error)
    if kind == "extra_forbidden":
        if under := _under(path):
            return message("problem.unknown_field.under", key=str(path[-1]), under=under)
        if over := _over(path):
            return message("problem.unknown_field.over", key=str(path[-1]), here=over)
        if char := lookalike_of(str(path[-1])):  # ('value：199', an input method's colon: found by the plan-files
            return message("problem.unknown_field", key=str(path[-1]),  # helper, told only 'a typo?')
                           hints=[message("problem.hint.holds", lookalike=char, char=char).as_dict()])
        if colon := _colon_field(path):  # ('{value:80, ...}': one key to YAML)
            written = str(path[-1])
            return message("problem.unknown_field.colon", key=written,
                           fixed=f"{colon}: {written.split(':', 1)[1].strip()}")
        if word := _word_field(path):
            return message("problem.unknown_field.word", key=str(path[-1]), near=word)
        near = _near(path)
        return message("problem.unknown_field.near", key=str(path[-1]), near=near) if near \
            else message("problem.unknown_field", key=str(path[-1]))
    if kind == "missing":
        return message("problem.missing_field", key=str(path[-1]))
    if kind == "string_pattern_mismatch":
        char = lookalike_of(str(error["input"]))
        code = _PATTERNS.get(str(ctx.get("pattern")), "problem.pattern.id")
        hints = [message("problem.hint.holds", lookalike=char, char=char)] if char else []
        if code == "problem.pattern.source" and (fix := _source_fix(str(error["input"]), facts)):
            hints.append(fix)
        if code == "problem.pattern.currency" and (iso := code_for(str(error["input"]))):  # ('人民币', 'rmb')
            hints.append(message("problem.hint.write", fixed=iso))
        if code == "problem.pattern.region" and (region := code_of_name(str(error["input"]))):  # ('北京')
            hints.append(message("problem.hint.write", fixed=region))
        parts = str(error["input"]).split()
        if code == "problem.pattern.id" and len(parts) > 1 and all(_ID.match(part) for part in parts):
            hints.append(message("problem.hint.ids_comma", fixed=", ".join(parts)))  # ('[ct-5g-59 ct-5ga-199]')
        return message(code, **({"hints": [hint.as_dict() for hint in hints]} if hints else {}))
    if kind == "model_type":
        name = str(ctx.get("class_name", ""))
        return message("problem.shape.figure" if name in _FIGURES else "problem.shape.file"
                       if name == "OperatorFile" else "problem.shape.mapping")
    if kind == "dict_type":
        return message("problem.shape.mapping")
    if kind == "too_short" and not ctx.get("actual_length"):
        return message("problem.list_empty", least=ctx.get("min_length", 1))
    if kind in ("tuple_type", "list_type"):  # ('requires_plans: cu-5g-59': the list to write, found by the team QA)
        parts = re.split(r"[\s,，、]+", error["input"].strip()) if isinstance(error["input"], str) else []
        ids = [part for part in parts if part]
        if ids and all(_ID.match(part) for part in ids):
            return message("problem.shape.list", hints=[message("problem.hint.write", fixed=f"[{', '.join(ids)}]")
                                                       .as_dict()])
        return message("problem.shape.list")
    if kind in ("string_type", "int_type") and error["input"] is None and isinstance(path[-1], str):
        # ('name_en:' with nothing after it: "Input should be a valid string" did not say it is empty; found by the
        # plan-files helper)
        return message("problem.value_empty", key=path[-1])
    if kind == "int_from_float":
        return message("problem.not_whole", value=str(error["input"]))
    if kind == "int_parsing" and isinstance(error["input"], str):  # ('18岁', '2.5': pydantic's "unable to parse")
        number = re.match(r"\s*(\d+)\s*(\D+)$", error["input"])
        if number:  # ('1万': 10000, by a figure's rule; '４个': 4, in the plain digits a whole number is written in)
            return message("problem.not_whole_text.unit", value=error["input"], key=str(path[-1]),
                           number=counted(f"{Decimal(number.group(1)):f}", number.group(2))[0])
        return message("problem.not_whole_text", value=error["input"])
    if kind == "bool_type":
        value = error["input"]
        if value is None:
            return message("problem.not_bool.null")
        if isinstance(value, dict):
            return message("problem.not_bool.mapping")
        if isinstance(value, list | tuple):
            return message("problem.not_bool.list")
        return message("problem.not_bool.text" if isinstance(value, str) else "problem.not_bool", value=str(value))
    if kind == "literal_error" and isinstance(error["input"], str) and not str(error["loc"][-1]).startswith("literal["):
        # (a member of a union, such as a figure's 'unlimited', is joined to the others' words: ``add``)
        allowed = str(ctx.get("expected", ""))
        listed = choices(allowed)
        if word := next((c for c in VALUE_WORDS.get(error["input"].strip(), ()) if c in listed), None):
            return message("problem.not_one_of.word", value=error["input"], choices=listed, near=word)
        close = difflib.get_close_matches(error["input"], [c for c in listed if isinstance(c, str)], n=1, cutoff=0.6)
        typo = close[0] if close and close[0] != error["input"] else None
        typo_of = {"near": typo} if typo else {}
        said = message("problem.not_one_of.near" if typo else "problem.not_one_of", value=error["input"],
                       choices=listed, **typo_of)
        if problem_text(said) == _literal_text(error["input"], allowed, typo):
            return said
        return message("problem.not_one_of.allowed.near" if typo else "problem.not_one_of.allowed",
                       value=error["input"], allowed=allowed, **typo_of)
    if kind == "value_error" and isinstance(reason := ctx.get("error"), Said):
        return message(reason.code, **reason.params)
    if kind in ("date_value", "date_format"):
        code = "problem.date_value" if kind == "date_value" else \
            "problem.date_format.meant" if "meant" in ctx else "problem.date_format"
        return message(code, **{k: str(v) for k, v in ctx.items()})
    return as_message(error)


_SOURCE_LIKE = re.compile(r"([^\s:：]+)\s*[:：]\s*(.*)", re.DOTALL)
"""A source written as a prefix, a colon and the rest (the prefix perhaps misspelt: ``sead:``, ``assumtion:``)."""
_PREFIXES = {"seed": 1, "assumption": 2}
"""The prefixes of a source, each with the edits a misspelling of it may be away (one in ``seed``, whose neighbours
within two are other words: ``send``, ``need``)."""


def _edits(a: str, b: str) -> int:
    """The edits (a letter added, removed, replaced, or two swapped) between two words."""
    before = list(range(len(b) + 1))
    earlier = before[:]
    for i, x in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], earlier[j - 2] + 1)
        earlier, before = before, row
    return before[-1]


def _prefix_of(written: str) -> str | None:
    """The prefix of a source a written one is, or a misspelling of (``Sead`` is ``seed``), None for another word."""
    word = written.lower()
    close = [p for p, most in _PREFIXES.items() if _edits(word, p) <= most]
    return close[0] if len(close) == 1 else None


def _source_fix(written: str, facts: frozenset[str] | None = None) -> Message | None:
    """The source a mistyped one most likely is (``seed: ct-tiers``, ``assumption:guess``, ``Assumption: ...``), or, for
    words alone (``官网``), how to write them as an assumption (found by the plan-files helper: the pattern alone).
    Found by the user test: a fact's id without its ``seed:`` (``cu-wojia-188``), or with the prefix misspelt
    (``sead:cu-wojia-188``, ``assumtion: a test``), was told to write it as an assumption ("assumption: cu-wojia-188",
    "assumption: assumtion: a test"), which marks a sourced figure as an estimate: a fact of ``facts`` is cited
    (``seed:<id>``), a misspelt prefix is corrected with the rest kept; only words are an assumption."""
    text = written.strip().strip("\u201c\u201d\u2018\u2019")  # (curly quotes, which YAML keeps: the lookalike hint)
    if facts and re.fullmatch(FACT_ID, text.lower()) and (fact := near_id(text, facts)) is not None:
        return message("problem.hint.write", fixed=f"seed:{fact}")  # (a near one too: ``cu-wojia188``)
    said = _SOURCE_LIKE.fullmatch(text)
    kind = _prefix_of(said.group(1)) if said else None
    rest = said.group(2).strip() if said else ""
    exact = said is not None and said.group(1).lower() == kind
    if kind == "assumption":
        return message("problem.hint.write", fixed=f"assumption: {rest}") if rest else None
    if kind == "seed":
        known = (rest if rest in facts else near_id(rest, facts)) if facts else None
        fact = known or (rest if re.fullmatch(FACT_ID, rest) and (exact or not facts) else None)
        if fact is not None:
            return message("problem.hint.write", fixed=f"seed:{fact}")
        if exact:  # ('seed: 官网': no fact to name; a word one edit from seed citing none, 'need: a guess', is words)
            return None
    return message("problem.hint.source_words", fixed=f"assumption: {text}") if text else None


def _literal_text(value: str, allowed: str, near: str | None) -> str:
    """A literal's problem as it was worded before it had a code (what ``problem.not_one_of`` must say alike)."""
    return f"'{value}' is not one of {allowed}" + (f" (a typo of {near!r}?)" if near else "")


_CITATION = re.compile(rf"seed:({FACT_ID})")
"""A citation of a fact, as a whole source (``seed:cu-data-packs``) or in words (an assumption's reason, a note:
"(seed:ct-existing-packs names it)")."""


def _citation_problems(doc: Document, facts: frozenset[str], facts_file: str) -> list[Problem]:
    """Every ``seed:<id>`` the plan file says, in a source or in any text, must name a fact in the facts file
    (``facts_for``): citations in words went unchecked (found by QA: a typo or a deleted fact passed)."""
    problems = []

    def walk(value: object, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            for fact in _CITATION.findall(value):
                if fact not in facts:
                    close = difflib.get_close_matches(fact, facts, n=1, cutoff=0.8)
                    problems.append(_at(doc, path, message("problem.no_fact.near", fact=fact, facts_file=facts_file,
                                                           near=close[0]) if close else
                                        message("problem.no_fact", fact=fact, facts_file=facts_file)))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))

    walk(doc.data, ())
    return problems


def known_facts(facts_file: Path) -> frozenset[str]:
    """The fact ids in a ``seeds/facts.yaml``."""
    from .yamlsource import parse

    return _facts_of(parse(str(facts_file), read_capped(facts_file)))


def fact_figures(sources: PlanSources) -> dict[str, str]:
    """Each fact's figure by its id, of the facts file ``sources`` read (none without one, or one that is not read:
    ``load_plan_sources`` says its problems)."""
    from .yamlsource import ReadWithProblems, parse

    if sources.facts is None:
        return {}
    try:
        data = parse(*sources.facts).data
    except ReadWithProblems as twice:
        data = twice.doc.data
    except Problem:
        return {}
    return {f["id"]: str(f["figure"]) for f in _facts(data) if isinstance(f.get("figure"), str | int | float)}


def _facts_of(doc: Document) -> frozenset[str]:
    return frozenset(f["id"] for f in _facts(doc.data))


def _facts(data: object) -> list[dict[str, Any]]:
    """The facts a facts file lists that have an id (a file being edited may hold others: said elsewhere)."""
    facts = data.get("facts", []) if isinstance(data, dict) else []
    return [f for f in facts if isinstance(f, dict) and isinstance(f.get("id"), str)]


Declared = tuple[list[str], list[str], list[str]]
"""Operator ids, membership ids and countries that files declare."""


def _declares(data: object, into: Declared) -> None:
    """What a file that failed the schema still declares in its ``operator`` mapping, where it can be read."""
    operator = data.get("operator") if isinstance(data, dict) else None
    if not isinstance(operator, dict):
        return
    if isinstance(operator.get("id"), str):
        into[0].append(operator["id"])
    memberships = operator.get("memberships")
    for m in memberships if isinstance(memberships, list) else ():
        if isinstance(m, dict) and isinstance(m.get("id"), str):
            into[1].append(m["id"])
    country = operator.get("country", "CN")
    if isinstance(country, str):
        into[2].append(country)


def _consistency_problems(parsed: list[tuple[Document, OperatorFile]], declared: Declared | None,
                          operator_gb: Mapping[str, int], broken: Sequence[Document] = ()) -> list[Problem]:
    """Problems across files.  References to what a file declares (``existing_of``, ``members_of``,
    ``regions``) count what files that failed the schema declare too (``declared``), and are not checked at
    all when a file is not even YAML (``declared`` None): its own problem is the one to fix (an operator
    named in a file nobody touched was reported unknown).  The conditions of sale in files that failed the schema
    (``broken``) are checked too, where their references are ids (found by QA: said only once the schema problems
    were fixed).  ``operator_gb``: ``_operator_gb``'s (an operator absent there has no plan in any file)."""
    problems: list[Problem] = []
    seen_ids: dict[str, str] = {}
    seen_memberships: dict[str, str] = {}
    others = declared or ([], [], [])
    operators = {spec.operator.id for _, spec in parsed} | set(others[0])
    memberships = {m.id for _, spec in parsed for m in spec.operator.memberships} | set(others[1])
    regions = regions_of({spec.operator.country for _, spec in parsed} | (set(others[2]) & set(COUNTRIES)))

    def problem(doc: Document, path: tuple[str | int, ...], code: str, **params: object) -> None:
        problems.append(_at(doc, path, Message(code, params)))

    def unique(doc: Document, path: tuple[str | int, ...], key: str, seen: dict[str, str], what: str) -> None:
        here = f"{doc.file}:{doc.line_of(path)}"
        if key in seen:
            problem(doc, path, f"problem.defined_twice.{what}", id=key, first=seen[key], here=here)
        else:
            seen[key] = here

    def eligibility(doc: Document, path: tuple[str | int, ...], rule: Eligibility | None) -> None:
        if rule is not None and rule.holders_only and path[0] == "packs":
            problem(doc, (*path, "eligibility", "holders_only"), "problem.holders_only_pack")
        if rule is None or declared is None:
            return
        for field, refs, known, what in (
            ("existing_of", rule.existing_of, operators, "operator"),
            ("members_of", rule.members_of, memberships, "membership"),
            ("regions", rule.regions, regions | set(COUNTRIES), "region"),
        ):
            for j, ref in enumerate(refs):
                if ref not in known:
                    problems.append(_at(doc, (*path, "eligibility", field, j), _unknown_ref(what, ref, known)))

    files: dict[str, list[tuple[Document, OperatorFile]]] = {}  # an operator's files, in read order
    for doc, spec in parsed:
        files.setdefault(spec.operator.id, []).append((doc, spec))
    problems.extend(_operator_problems(files))
    same_name = _same_name_problems(parsed, files)
    problems.extend(same_name)
    mistyped = {(p.file, p.line) for p in same_name}  # (ids told already that they may be mistyped: said once)
    # An operator with no plan in any file: unless a broken file may hold them (one that failed the schema, or
    # any file not YAML: its own problem is the one to fix)
    for operator, mine in files.items():
        if declared is not None and operator not in operator_gb and operator not in others[0]:
            problems += [_at(doc, ("operator", "id"), message("problem.no_plans", operator_id=operator))
                         for doc, _ in mine
                         if (doc.file, doc.line_of(("operator", "id"))) not in mistyped]
    first_files: set[str] = set()  # (an operator's memberships are checked in its first file: the others say them
    for doc, spec in parsed:       # alike, ``_operator_problems``)
        operator = spec.operator.id
        if operator not in first_files:
            first_files.add(operator)
            for i, membership in enumerate(spec.operator.memberships):
                unique(doc, ("operator", "memberships", i, "id"), membership.id, seen_memberships, "membership")
        kinds: tuple[tuple[str, Sequence[PlanSpec | PackSpec]], ...] = (("plans", spec.plans), ("packs", spec.packs))
        for kind, items in kinds:
            for i, item in enumerate(items):
                unique(doc, (kind, i, "id"), item.id, seen_ids, "id")
                eligibility(doc, (kind, i), item.eligibility)
        for path, gb, mb_per_gb in _gigabytes(spec, operator_gb.get(operator)):
            if not whole_mb(gb, mb_per_gb):
                mb = (gb * mb_per_gb).normalize()
                problem(doc, (*path, "value"), "problem.not_whole_mb_at", gb=str(gb), mb=f"{mb:f}", mb_per_gb=mb_per_gb)
    for doc in broken if declared is not None else ():
        data = doc.data if isinstance(doc.data, dict) else {}
        for kind in ("plans", "packs"):
            raw_items = data.get(kind)
            for i, item in enumerate(raw_items if isinstance(raw_items, list) else ()):
                rule = item.get("eligibility") if isinstance(item, dict) else None
                if not isinstance(rule, dict):
                    continue
                if rule.get("holders_only") is True and kind == "packs":
                    problem(doc, (kind, i, "eligibility", "holders_only"), "problem.holders_only_pack")
                for field, known, what, pattern in (
                    ("existing_of", operators, "operator", _ID),
                    ("members_of", memberships, "membership", _ID),
                    ("regions", regions | set(COUNTRIES), "region", _REGION),
                ):
                    refs = rule.get(field)
                    for j, ref in enumerate(refs if isinstance(refs, list) else ()):
                        if isinstance(ref, str) and pattern.match(ref) and ref not in known:
                            problems.append(_at(doc, (kind, i, "eligibility", field, j),
                                                _unknown_ref(what, ref, known)))
    for doc, spec in parsed:  # (every file's ids known: TMF620's price ids are one namespace)
        named: tuple[tuple[str, Sequence[PlanSpec | PackSpec]], ...] = (("plans", spec.plans), ("packs", spec.packs))
        for kind, items in named:
            for i, item in enumerate(items):
                for word in TMF_METER_WORDS:
                    base = item.id.removesuffix(f"-{word}")
                    if base != item.id and base in seen_ids:
                        problem(doc, (kind, i, "id"), "problem.tmf_ids", id=item.id, base=base, word=word)
    return problems


TMF_METER_WORDS = ("roaming", "satellite")
"""The first words of TMF620's two-word meter names (``roaming-data``, ``satellite-sms``: ``tmf620.METERS``,
which a test holds to this): its price ids are ``<id>-<meter>-allowance``, so an id that is another id and
one of these words would give two prices one id."""


def _operator_problems(files: dict[str, list[tuple[Document, OperatorFile]]]) -> list[Problem]:
    """What is an operator's is said alike in all its files (its names, market and memberships, its currency),
    and, when it sells packs, every plan of it uses one ``mb_per_gb`` (the packs are in its GB).  Each part is
    held to what most of the operator's offers say (a file counting for its plans and packs; the first on a
    tie), and a slip is reported once, at the field that differs (found by QA: the file read first was taken as
    right, so a province's file sorting before the national one had its slip reported at the national one)."""
    problems: list[Problem] = []
    for operator, mine in files.items():
        # each part (an operator field, the currency, mb_per_gb): where it is said, in which file, what, how heavily
        said: dict[str, list[tuple[tuple[str | int, ...], Document, object, int]]] = {}
        unsaid: set[tuple[int, str]] = set()  # (a file's operator fields left out: (id of the file, field))
        for doc, spec in mine:
            weight = len(spec.plans) + len(spec.packs)
            for name, value in spec.operator.model_dump(mode="json").items():
                if name != "id":
                    said.setdefault(name, []).append((("operator", name), doc, value, weight))
                    if name not in spec.operator.model_fields_set:
                        unsaid.add((id(doc), name))
            said.setdefault("currency", []).append((("currency",), doc, spec.currency, weight))
        sizes: list[tuple[tuple[str | int, ...], Document, object, int]] = [
            (("plans", i, "billing", "mb_per_gb"), doc, plan.billing.mb_per_gb, 1)
            for doc, spec in mine for i, plan in enumerate(spec.plans)]
        if sizes and any(spec.packs for _, spec in mine):  # (no plan at all: refused in _consistency_problems)
            said["mb_per_gb"] = sizes
        for part, group in said.items():
            counts: Counter[str] = Counter()
            for _, _, value, weight in group:
                counts[json.dumps(value, sort_keys=True)] += weight
            most = max(counts.values())
            ref_path, ref_doc, ref, _ = next(g for g in group if counts[json.dumps(g[2], sort_keys=True)] == most)
            where = f"{ref_doc.file}:{ref_doc.line_of(ref_path)}"
            code = "problem.differs.mb_per_gb" if part == "mb_per_gb" else "problem.differs"
            # (a field left out is said so, not as its default: a province's file without the memberships was told
            # "[] here, but [...]", a value it never wrote; found by the new-operator user test)
            problems += [_at(doc, path, message(code + (".unsaid" if (id(doc), part) in unsaid else ""),
                                                value=json.dumps(value, ensure_ascii=False),
                                                said=json.dumps(ref, ensure_ascii=False), where=where,
                                                operator_id=operator))
                         for path, doc, value, _ in group if value != ref]
    return problems


def name_key(name: str) -> str:
    """A name as two names are compared (an operator's, by ``_same_name_problems``; what the CLI reads as a name,
    ``cli._ids_for_names``): its full-width letters as ASCII (NFKC), case-folded, its spaces single and not at its
    ends."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _same_name_problems(parsed: list[tuple[Document, OperatorFile]],
                        files: dict[str, list[tuple[Document, OperatorFile]]]) -> list[Problem]:
    """Two operator ids are two operators, so they cannot share a name (``name`` or ``name_en``, in any case):
    the form and the answers would show them alike, and an id mistyped in one file is read as another operator
    (a China Unicom file whose id said ``china-unicon`` validated as a sixth operator named 中国联通).  Of the
    operators bearing a name, the one with the most offers over its files (the first read, on a tie) is taken as
    named so; each other one is reported once, at each of its files' ids, naming that one (either id may be the
    mistyped one: the file with fewer offers is only the likelier)."""
    weight = {operator: sum(len(spec.plans) + len(spec.packs) for _, spec in mine) for operator, mine in files.items()}
    first = {operator: mine[0] for operator, mine in files.items()}
    bearers: dict[str, list[tuple[str, str]]] = {}  # a name, folded, to the operators bearing it, and in which field
    for operator, (_, spec) in first.items():
        for field in ("name", "name_en"):
            folded = name_key(getattr(spec.operator, field))
            if all(other != operator for other, _ in bearers.get(folded, ())):
                bearers.setdefault(folded, []).append((operator, field))
    blamed: dict[str, tuple[str, str, str]] = {}  # an operator to its field, the other and the other's field
    for group in bearers.values():
        keep, its = max(group, key=lambda bearer: weight[bearer[0]])  # (max keeps the first of equals)
        for operator, field in group:
            if operator != keep:
                blamed.setdefault(operator, (field, keep, its))
    problems = []
    for doc, spec in parsed:
        if spec.operator.id in blamed:
            field, keep, its = blamed[spec.operator.id]
            keep_doc = first[keep][0]
            name = getattr(spec.operator, field)
            problems.append(_at(doc, ("operator", "id"), message(
                "problem.same_name", id=spec.operator.id, name=json.dumps(name, ensure_ascii=False), name_field=field,
                other=keep, where=f"{keep_doc.file}:{keep_doc.line_of(('operator', its))}")))
    return problems


@dataclass(frozen=True)
class _PackRefs:
    """What a pack names (each entry with its index in its list), read from a valid pack or from the raw mapping of
    a pack in a file that failed the schema (then only the entries that are ids)."""

    id: str | None
    allowed_field: str
    allowed: tuple[tuple[int, str], ...] | None
    free_with: tuple[tuple[int, str], ...]
    excludes: tuple[tuple[int, str], ...]


def _spec_refs(pack: PackSpec) -> _PackRefs:
    return _PackRefs(pack.id, "plans" if pack.plans is not None else "requires_plans",
                     None if pack.allowed_plans is None else tuple(enumerate(pack.allowed_plans)),
                     tuple(enumerate(pack.free_with)), tuple(enumerate(pack.excludes)))


_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
"""``spec.Id``'s pattern."""
_REGION = re.compile(REGION_PATTERN)


def _raw_id(value: object) -> str | None:
    return value if isinstance(value, str) and _ID.match(value) else None


def _raw_ids(value: object) -> tuple[tuple[int, str], ...]:
    """The entries of a raw list that are ids (an entry that is not has its own schema problem)."""
    return tuple((j, ref) for j, item in enumerate(value if isinstance(value, list) else ())
                 if (ref := _raw_id(item)) is not None)


def _raw_refs(pack: dict[str, object]) -> _PackRefs:
    field = "plans" if "plans" in pack and "requires_plans" not in pack else "requires_plans"
    allowed = pack.get(field)
    return _PackRefs(_raw_id(pack.get("id")), field, None if allowed is None else _raw_ids(allowed),
                     _raw_ids(pack.get("free_with")), _raw_ids(pack.get("excludes")))


def _raw_item_ids(items: object) -> set[str] | None:
    """The ids of a raw ``plans`` or ``packs`` list; None when one may be missed (the list is no list, or an item has
    no readable id: a reference may mean it)."""
    if items is None:
        return set()
    if not isinstance(items, list):
        return None
    ids = {_raw_id(item.get("id")) if isinstance(item, dict) else None for item in items}
    return None if None in ids else {i for i in ids if i is not None}


_NOT_OF = {"plan": ("problem.not_plan_of", "problem.not_plan_of.near"),
           "pack": ("problem.not_pack_of", "problem.not_pack_of.near")}


def _not_of(kind: str, ref: str, known: set[str], operator: str, owners: dict[str, str]) -> Message:
    """``ref`` is not a plan (another pack) of ``operator``, with its likely id among ``known`` when one is close, as
    a mistyped field, fact or currency is told (found by QA: ``requires_plans: [cu-5ga-yuoth]`` said no more); or
    the operator whose plan (pack) it is, when ``owners`` (an id's operator, in any file) knows it: a pack is sold
    with its own operator's plans (found by QA: ``ct-5ga-199`` in a China Mobile pack was told "a typo of
    'cm-5ga-199'?")."""
    if (owner := owners.get(ref)) is not None and owner != operator:
        return message(f"problem.{kind}_of_other", ref=ref, operator_id=operator, owner=owner)
    plain, near = _NOT_OF[kind]
    close = near_id(ref, known)
    return message(near, ref=ref, operator_id=operator, near=close) if close else \
        message(plain, ref=ref, operator_id=operator)


def _unknown_ref(what: str, ref: str, known: Iterable[str]) -> Message:
    """``ref``, named by a condition of sale, is no ``what`` (operator, membership, region) loaded: with the likely one
    among ``known`` when one is close, as a plan or pack id is told (found by the plan-files helper: ``existing_of:
    [china-telcom]`` said no more)."""
    within = [f"{country}-{ref}" for country in COUNTRIES if f"{country}-{ref}" in known] if what == "region" else []
    close = within[0] if len(within) == 1 else near_id(ref, known)  # ('BJ': CN-BJ, its country left out)
    return message(f"problem.unknown_ref.{what}.near", ref=ref, near=close) if close else \
        message(f"problem.unknown_ref.{what}", ref=ref)


def _reference_problems(parsed: list[tuple[Document, OperatorFile]], broken: list[Document]) -> list[Problem]:
    """A pack's plans, free-with plans and exclusions name plans and packs of its operator, in any of its files:
    checked in every file that is YAML, the valid ones and those that failed the schema (found by QA: a pack naming
    no plan was reported only once the file's schema problems were fixed, though validate says every problem in one
    pass).  An id written in a broken file counts as there, valid or not (its own problem is the one to fix); where
    one may be missed (a broken file whose operator, plan list or pack list cannot be read, or an item with no
    readable id), references to that kind are not checked."""
    known: dict[str, tuple[set[str] | None, set[str] | None]] = {}  # an operator's plan and pack ids (None: unknown)
    unknown_operator: list[bool] = [False, False]  # a broken file of no readable operator holds plans, packs
    checked: list[tuple[Document, str, list[tuple[tuple[str | int, ...], _PackRefs]]]] = []

    def add(operator: str, plans: set[str] | None, packs: set[str] | None) -> None:
        had_plans, had_packs = known.get(operator, (set(), set()))
        known[operator] = (None if had_plans is None or plans is None else had_plans | plans,
                           None if had_packs is None or packs is None else had_packs | packs)

    for doc, spec in parsed:
        add(spec.operator.id, {p.id for p in spec.plans}, {p.id for p in spec.packs})
        checked.append((doc, spec.operator.id, [(("packs", i), _spec_refs(p)) for i, p in enumerate(spec.packs)]))
    for doc in broken:
        data = doc.data if isinstance(doc.data, dict) else {}
        operator = data.get("operator")
        operator_id = _raw_id(operator.get("id")) if isinstance(operator, dict) else None
        plans, packs = _raw_item_ids(data.get("plans")), _raw_item_ids(data.get("packs"))
        if operator_id is None:
            unknown_operator[0] |= plans != set()
            unknown_operator[1] |= packs != set()
            continue
        add(operator_id, plans, packs)
        raw_packs = data.get("packs")
        checked.append((doc, operator_id, [(("packs", i), _raw_refs(p))
                                           for i, p in enumerate(raw_packs if isinstance(raw_packs, list) else ())
                                           if isinstance(p, dict)]))
    owners = [{ref: operator for operator, ids in known.items() for ref in ids[i] or ()} for i in (0, 1)]
    problems: list[Problem] = []
    for doc, operator, named in checked:
        plan_ids, pack_ids = known[operator]
        plan_ids = None if unknown_operator[0] else plan_ids
        pack_ids = None if unknown_operator[1] else pack_ids
        for path, pack in named:
            found: list[tuple[str, int, Message]] = []
            if plan_ids is not None:
                found += [(field, j, _not_of("plan", ref, plan_ids, operator, owners[0]))
                          for field, refs in ((pack.allowed_field, pack.allowed or ()), ("free_with", pack.free_with))
                          for j, ref in refs if ref not in plan_ids]
            if pack_ids is not None:
                found += [("excludes", j, _not_of("pack", ref, pack_ids - {pack.id}, operator, owners[1]))
                          for j, ref in pack.excludes if ref not in pack_ids and ref != pack.id]
            found += [("excludes", j, message("problem.excludes_itself", ref=ref))
                      for j, ref in pack.excludes if ref == pack.id]
            if pack.allowed is not None and plan_ids is not None:
                allowed = {ref for _, ref in pack.allowed}
                found += [("free_with", j, message("problem.free_not_among", ref=ref))
                          for j, ref in pack.free_with if ref in plan_ids and ref not in allowed]
            problems += [_at(doc, (*path, field, j), reason) for field, j, reason in found]
    return problems


def _plan_gigabytes(plan: PlanSpec) -> list[tuple[tuple[str | int, ...], Figure | None]]:
    over, roaming, lines = plan.overage, plan.roaming, plan.extra_lines
    return [
        (("data_gb",), plan.data_gb),
        (("roaming", "data_gb"), roaming.data_gb if roaming else None),
        (("roaming", "day_pass", "data_gb"), roaming.day_pass.data_gb if roaming and roaming.day_pass else None),
        (("overage", "full_speed_extra_gb"), over.full_speed_extra_gb),
        (("extra_lines", "per_line", "data_gb"), lines.per_line.data_gb if lines else None),
        *((("app_data_gb", j, "gb"), a.gb) for j, a in enumerate(plan.app_data_gb)),
    ]


def _gigabytes(spec: OperatorFile, pack_gb: int | None) -> list[tuple[tuple[str | int, ...], Decimal, int]]:
    """Every data figure of a file in GB, where it is, and what a GB is there (a pack's GB is ``pack_gb``, its
    operator's, as ``compile_pack`` reads it: none for an operator with no plan, refused).  Tier bounds are
    whole started GB, checked by the tiers themselves."""
    out: list[tuple[tuple[str | int, ...], Decimal, int]] = []
    for i, plan in enumerate(spec.plans):
        for path, figure in _plan_gigabytes(plan):
            if figure is not None and isinstance(figure.value, Decimal):
                out.append((("plans", i, *path), figure.value, plan.billing.mb_per_gb))
    if pack_gb is None:
        return out
    for i, pack in enumerate(spec.packs):
        for name in ("data_gb", "roaming_data_gb"):
            figure = getattr(pack.adds, name)
            if figure is not None and isinstance(figure.value, Decimal):
                out.append((("packs", i, "adds", name), figure.value, pack_gb))
        for j, app in enumerate(pack.app_data_gb):
            if isinstance(app.gb.value, Decimal):
                out.append((("packs", i, "app_data_gb", j, "gb"), app.gb.value, pack_gb))
    return out
