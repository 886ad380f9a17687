"""What a plan-file edit does to a population: scoring against two catalogues, mergeable partials.

For each profile the batch scorer (``optimise.batch.plan_prices``) gives its cheapest fitting
total on every plan of the baseline and of the candidate catalogue; the *best* plan is the one
``recommend`` would rank first (equal prices by its tie rule), and
what the profile *pays* is that plan's cheapest fitting bundle, in fen.  Plans the edit left
unchanged (same plan, same packs that fit it) are scored once and shared between the two sides.

Definitions (all money in integer fen):

- *share* of a plan: the profiles whose best bundle is on it, over all profiles.  Profiles that no
  plan fits are counted apart (``no fit``).
- *switches*: baseline best plan → candidate best plan, and current plan → candidate best plan.
- *revenue* of a plan: the sum of what the profiles choosing it pay (plan fee + packs + overage,
  all credited to the plan's operator) — the revenue if everyone took their best bundle.
- *pay*: what each profile pays on its best bundle, before and after; *current pay*: the cheapest
  fitting bundle on the profile's current plan in the baseline (profiles whose current plan does
  not fit their needs are counted apart).
- *savings*: pay before − pay after (positive: the edit saves them money), for profiles that fit
  both catalogues; *savings against current*: current pay − pay after.

A ``Partial`` holds counts, switch matrices, revenue sums and exact *sparse counters* (each
distinct fen amount and how many profiles have it) of pay and savings.  Partials of any two parts
of the population merge exactly (integer sums, counter union), in any order, so the local
process pool and Spark give identical results.  Mean, median and p90 are computed from the
merged counters, exactly: the q-quantile is the nearest-rank value, the smallest amount with at
least ⌈q·n⌉ profiles at or below it (the median is the lower median).  The counters' size is
the number of distinct amounts, not of profiles (thousands for a million profiles, since prices
are sums of a few tariff steps); histograms for the report are binned from them at the end.
"""

import datetime
import difflib
import hashlib
import pickle
import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..catalogue import Catalogue, Pack, Plan, load_sources
from ..catalogue.load import load_plan_sources, read_plan_sources
from ..catalogue.model import ANYONE
from ..catalogue.regions import is_subdivision
from ..eligibility import home_today, market_of
from ..messages import Message, Refused, message
from ..optimise import eligible
from ..optimise.batch import (
    COLUMNS,
    MORE_COLUMNS,
    NONE,
    Unproved,
    effective_monthly,
    horizon_totals,
    kept_as_paid,
    plan_prices,
    rank_totals,
    staying_catalogue,
)
from ..optimise.tables import INF
from ..profile import A_REGION, AN_OPERATOR_ID, ID_PATTERN, MAX_AGE, MAX_COUNT, MAX_GB, MAX_MBPS, Profile

Sources = tuple[tuple[str, bytes], ...]
"""A catalogue as ``(file name, content)`` pairs: what is shipped to workers and executors."""

USAGE = (*COLUMNS, *MORE_COLUMNS)
"""The usage and needs columns a population may have (``broadband_mbps``, ``satellite_minutes`` and
``satellite_sms`` too: the generated populations lack them, real ones may not)."""
FLAGS = frozenset({"satellite", "broadband", "allow_throttling"})
"""The true/false columns (0 and 1 are taken for them too)."""
INT_COLUMNS = frozenset(USAGE) - {"data_gb", "roaming_data_gb"} - FLAGS


LIMITS = {**dict.fromkeys(("data_gb", "roaming_data_gb"), int(MAX_GB)),
          **dict.fromkeys(("min_uplink_mbps", "min_downlink_mbps", "broadband_mbps"), MAX_MBPS),
          **dict.fromkeys(("voice_minutes", "sms", "roaming_voice_minutes", "satellite_minutes", "satellite_sms"),
                          MAX_COUNT)}
"""The most a usage column may say: a profile's own bounds (``recommender.profile``), so that every row is a
profile the API would take (rows are solved one at a time as profiles where the tables do not answer them)
and the engines' integer arithmetic stays exact (beyond them, absurd rows overflowed the batch's int64)."""


class PopulationError(Refused):
    """The population cannot be read: a column of the wrong type or impossible values, no files.  What is
    wrong is ``problem`` (``reason``: ``population.*``)."""

    def __init__(self, problem: Message, at: tuple[int, object] | None = None) -> None:
        super().__init__(problem)
        self.at = at
        """The first row of the record batch read that has the problem (from 0) and its value, when one row has
        it: ``located`` says where it is in its file."""

    @property
    def problem(self) -> Message:
        return self.reason

    def __reduce__(self) -> tuple[type["PopulationError"], tuple[Message, tuple[int, object] | None]]:
        """Made again from its problem and row (``Refused``: from its wording, it failed in the pool's result
        thread, and the what-if waited forever)."""
        return type(self), (self.reason, self.at)

    def located(self, file: str, first_row: int) -> "PopulationError":
        """The problem at its row of ``file``, whose rows before the batch read were ``first_row``: rows are
        counted from 1, a CSV's header not counted (the line of the row is one more, if no line is blank); a problem
        of no one row (a column's type) in its file (found by the what-if user test: a folder's Parquet file with a
        text column read "column satellite: expected true/false", which file not said)."""
        if self.at is None:
            if self.problem.code in ("population.in_file", "population.at_row"):
                return self
            return PopulationError(message("population.in_file", path=file, problem=self.problem.as_dict()))
        row, value = self.at
        said = {} if "value" in self.problem.params else {"value": value}  # (a region the problem names)
        return PopulationError(message("population.at_row", path=file, row=first_row + row + 1,
                                       problem=self.problem.as_dict(), **said))


def _id(item: Pack) -> str:
    return item.id


def _on(plan: Plan, packs: Iterable[Pack]) -> list[Pack]:
    """``packs`` (which fit ``plan``) as they bear on it, by id: which other plans a pack fits or is free with changes
    nothing on this one (found by the product QA: an edit keeping the regional packs off one plan marked every plan
    they go on changed)."""
    return sorted((replace(pack, plans=None, free_with=pack.free_with & {plan.id}) for pack in packs), key=_id)


def differing(old: Plan | Pack, new: Plan | Pack) -> list[str]:
    """The compared fields of a plan or pack that an edit changed (``fee_fen``, ``price_fen``, ``rule`` ...)."""
    return [f.name for f in fields(old) if f.compare and getattr(old, f.name) != getattr(new, f.name)]


def plan_changes(baseline: Catalogue, candidate: Catalogue, plan: Plan) -> list[str]:
    """What an edit changed in a plan of both catalogues: the compiled plan's fields that differ (``fee_fen``,
    ``tariffs``, ``name``, ``assumed`` for a figure's source, ``rule`` for conditions of sale ...), ``market`` when
    its operator's file sells elsewhere (``operator.country``: who may buy it, found by the differential QA: an edit of
    it alone was scored as no change), and ``packs`` when the packs it may add differ (added, removed or edited).
    None: the same plan with the same packs, whose totals are the baseline's."""
    old = baseline.plan_index[plan.id]
    found = differing(old, plan)
    if market_of(baseline, old.operator) != market_of(candidate, plan.operator):
        found.append("market")
    if _on(old, baseline.packs_for(old)) != _on(plan, candidate.packs_for(plan)):
        found.append("packs")
    return found


def unchanged(baseline: Catalogue, candidate: Catalogue) -> dict[str, int]:
    """The candidate's plans whose totals equal the baseline's (``plan_changes`` says none), each with its index
    in the baseline's plans: their scores are the baseline's."""
    position = {plan.id: i for i, plan in enumerate(baseline.plans)}
    return {new.id: position[new.id] for new in candidate.plans
            if new.id in baseline.plan_index and not plan_changes(baseline, candidate, new)}


SCORE_CELLS = 1 << 23
"""Rows × plans a scorer prices at once (a batch of a wide catalogue is scored in parts): 359 provincial plans
against 359 took 2.4 GB a worker, a third of the time the kernel's (fresh pages for each batch's matrices),
and take 1.2 GB at this bound, in the same time (2**21: 0.8 GB, but 60 % slower: each part costs some Python
per plan; 300,000 profiles, one worker, alternated)."""


@dataclass(frozen=True)
class Scored:
    before: np.ndarray
    """Baseline best plan index (``NONE``: no plan fits)."""
    pay_before: np.ndarray
    """Its effective monthly price (the objective, as ``recommend``'s ``effective_monthly_fen``)."""
    after: np.ndarray
    pay_after: np.ndarray
    current_pay: np.ndarray
    """The effective monthly price of the cheapest fitting bundle on the current plan in the baseline;
    ``INF`` if it does not fit, ``NONE`` if the current plan is unknown."""
    stay_after: np.ndarray
    """The same on the current plan as the candidate has it (``INF`` also where the edit removed it)."""
    current_after: np.ndarray
    """The current plan's index in the candidate's plans (``NONE``: unknown, or removed by the edit)."""
    stays_before: np.ndarray
    """Whether the person keeps their current plan in the baseline (``keeps``); ``stays_after``: in the candidate."""
    stays_after: np.ndarray


def keeps(known: np.ndarray, on_current: np.ndarray, best: np.ndarray) -> np.ndarray:
    """Whether a person keeps their current plan: it fits them and no fitting plan costs less over the horizon, by
    the ranking's own measure (``on_current`` and ``best``: horizon totals, ``INF`` where none fits), as ``recommend``
    advises keep_current_plan.  Found in review: compared as effective monthly prices, rounded to the fen, a plan
    under 1 fen a month less (a promotion of ¥0.10 for a month) read as "stays" where ``recommend`` moves them."""
    return known & (on_current < INF) & (on_current <= best)


HORIZON_MONTHS = Profile.model_fields["horizon_months"].default
CURRENCY = "CNY"
"""Populations are scored in one currency (as ``recommend`` ranks without exchange rates)."""


def in_currency(catalogue: Catalogue, currency: str = CURRENCY) -> Catalogue:
    """The catalogue's plans priced in ``currency`` (plans in other currencies never compete): made once and
    kept with the (immutable) catalogue, so that its compiled tables are too."""
    key = f"_in_currency_{currency}"
    found = catalogue.__dict__.get(key)
    if found is None:
        plans = tuple(plan for plan in catalogue.plans if plan.currency == currency)
        found = catalogue if len(plans) == len(catalogue.plans) else \
            Catalogue(plans, catalogue.packs, catalogue.version, catalogue.specs)
        object.__setattr__(catalogue, key, found)
    return found


class Scorer:
    """Both catalogues compiled once; ``score`` is the per-batch work.

    The best plan is ranked exactly as ``optimise.batch.best_plans`` ranks it: by the price over
    the default horizon with each plan's contract terms, among what the person may buy, equal
    prices by ``objective.tie_key`` (as ``recommend``); what the profile pays is that plan's effective
    monthly price (the objective: ``recommend``'s ``effective_monthly_fen``), and so is what it pays on
    its current plan.  Conditions of sale (``available_from``, ``available_until``) are read at ``as_of``
    (default: the day the scorer is made), as ``recommend --as-of`` reads them."""

    def __init__(self, baseline: Catalogue, candidate: Catalogue, as_of: datetime.date | None = None) -> None:
        self.as_of = as_of or home_today()
        self.baseline, self.candidate = in_currency(baseline), in_currency(candidate)
        baseline, candidate = self.baseline, self.candidate
        same = unchanged(baseline, candidate)
        reuse = [same.get(plan.id) for plan in candidate.plans]
        changed = tuple(plan for plan, j in zip(candidate.plans, reuse, strict=True) if j is None)
        self.delta = Catalogue(changed, candidate.packs, candidate.version + "-changed", candidate.specs) \
            if changed else None  # (with the files: each plan's market, ``eligibility.market_of``)
        base, k = len(baseline.plans), iter(range(len(changed)))
        self.take = np.array([j if j is not None else base + next(k) for j in reuse], dtype=np.int64)
        self.plan_ids = pa.array([p.id for p in baseline.plans], pa.string())
        self.operators = np.array([p.operator for p in baseline.plans] + [""])
        self.plan_names = np.array([p.id for p in baseline.plans] + [""])
        self.memberships = np.array([p.rule.membership for p in baseline.plans] + [""])
        """The one membership each plan is sold to ("" for none or several): the people on it hold it
        (``eligibility.about_of``), the memberships a population otherwise does not say."""
        in_candidate = {p.id: i for i, p in enumerate(candidate.plans)}
        self.current_after = np.array([in_candidate.get(p.id, NONE) for p in baseline.plans] + [NONE],
                                      dtype=np.int64)
        """Each baseline plan's index in the candidate (``NONE``: removed), indexed by ``current`` (-1: unknown)."""
        in_baseline = {p.id: i for i, p in enumerate(baseline.plans)}
        self.in_baseline = np.array([0, *(in_baseline.get(p.id, -2) + 1 for p in candidate.plans)], dtype=np.int64)
        """Each candidate plan's index in the baseline's plans plus one (0: no plan; -1: the edit added it), indexed
        by a candidate index plus one: whether a row's plan is another than before (as the moves compare ids)."""
        self.kept = any(p.rule != ANYONE for p in (*baseline.plans, *candidate.plans)) or len(
            {market_of(c, p.operator) for c in (baseline, candidate) for p in c.plans}) > 1
        """Whether a plan's conditions or market read the row's current plan: the people on a plan keep it whatever
        its conditions of sale (``eligibility._check``; found in review, the current plan was read only with a plan kept
        for its holders in the catalogues, and the rows on a plan whose sale had ended were moved off it; found by
        the what-if user test, those on a plan made for under-25s were)."""
        self.regions = baseline.regions | candidate.regions
        """The regions a person may be in: the markets' (``recommend`` refuses another ``about.region``)."""
        self._open: dict[tuple[str, str], Catalogue] = {}
        """Plans with conditions of sale, each alone without them (by catalogue version and plan): what the people
        on one pay for it."""

    def score(self, columns: Mapping[str, np.ndarray], current: np.ndarray) -> Scored:
        """Each row's best plan and pay before and after, and its pay on its current plan (``current``: index
        into the baseline's plans, -1 unknown), scored ``SCORE_CELLS`` rows × plans at a time."""
        n = len(current)
        if self.kept and "current_plan" not in columns:  # (plans no longer sold, kept by the people on them: the
            # row's plan, "" unknown; ``partial`` gives it, with ``ANOTHER_PLAN`` for a plan the baseline lacks)
            columns = {**columns, "current_plan": self.plan_names[current]}
        if "customer_of" in columns or (current >= 0).any():  # (per row, whatever else the batch holds)
            # on a plan of theirs: its operator's customer (as ``eligibility.about_of``) where the file does not
            # say whose customer they are: neither ``customer_of`` nor ``current_operator`` ("" unknown: index -1)
            on_plan = self.operators[current]
            for name in ("current_operator", "customer_of"):
                given = columns.get(name)
                on_plan = on_plan if given is None else np.where(given == "", on_plan, given)
            columns = {**columns, "customer_of" if "customer_of" in columns else "current_operator": on_plan}
        if (current >= 0).any():  # ... and beside the one they name: a customer of both (``eligibility._check``),
            # in the catalogue of the edited plans alone too, which may not hold the row's plan (found in review)
            # and a member of its one membership (found by the what-if's property test: a plan of another membership
            # was open to them, closed in ``recommend``)
            columns = {**columns, "plan_operator": self.operators[current],
                       "plan_membership": self.memberships[current]}
        step = max(256, SCORE_CELLS // max(1, len(self.baseline.plans) + len(self.candidate.plans)))
        if n <= step:
            return self._score(columns, current)
        parts = [self._score({k: v[i:i + step] for k, v in columns.items()}, current[i:i + step])
                 for i in range(0, n, step)]
        return Scored(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Scored)))

    def _score(self, columns: Mapping[str, np.ndarray], current: np.ndarray) -> Scored:
        as_of = self.as_of
        base, base_fees = plan_prices(self.baseline, columns, as_of=as_of, horizon_months=HORIZON_MONTHS)
        both, fees = base, base_fees
        if self.delta is not None:
            delta, delta_fees = plan_prices(self.delta, columns, as_of=as_of, horizon_months=HORIZON_MONTHS)
            both, fees = np.concatenate([base, delta], axis=1), np.concatenate([base_fees, delta_fees], axis=1)
        cand, cand_fees = both[:, self.take], fees[:, self.take]
        base_horizon = horizon_totals(self.baseline, base, HORIZON_MONTHS, base_fees)
        cand_horizon = horizon_totals(self.candidate, cand, HORIZON_MONTHS, cand_fees)
        rows = np.arange(len(current))
        there = self.current_after[current]  # (current -1: the appended NONE)
        # (a row's own plan as the people on it pay it, ranked so, as ``recommend`` does: ``kept_as_paid``)
        base_horizon = kept_as_paid(self.baseline, base, base_horizon, base_fees, current, HORIZON_MONTHS)
        cand_horizon = kept_as_paid(self.candidate, cand, cand_horizon, cand_fees, there, HORIZON_MONTHS)
        before, pay_before = rank_totals(self.baseline, base, base_horizon, columns, HORIZON_MONTHS, as_of)
        after, pay_after = rank_totals(self.candidate, cand, cand_horizon, columns, HORIZON_MONTHS, as_of)
        on_current = self._on_current(self.baseline, columns, current, base_horizon[rows, np.maximum(current, 0)])
        current_pay = np.where(current >= 0, effective_monthly(on_current, HORIZON_MONTHS), NONE)
        stay = self._on_current(self.candidate, columns, there, np.where(
            there >= 0, cand_horizon[rows, np.maximum(there, 0)], INF))
        best_before = np.where(before >= 0, base_horizon[rows, np.maximum(before, 0)], INF)
        best_after = np.where(after >= 0, cand_horizon[rows, np.maximum(after, 0)], INF)
        return Scored(before, pay_before, after, pay_after, current_pay,
                      np.where(current >= 0, effective_monthly(stay, HORIZON_MONTHS), NONE), there,
                      keeps(current >= 0, on_current, best_before), keeps(there >= 0, stay, best_after))

    def _on_current(self, catalogue: Catalogue, columns: Mapping[str, np.ndarray], current: np.ndarray,
                    on_current: np.ndarray) -> np.ndarray:
        """Each row's price over the horizon on its current plan (``current``: index into ``catalogue``'s plans, the
        baseline's or the candidate's): ``on_current`` (that catalogue's scores), priced again, without the plan's
        own conditions of sale, where those left it out.  A person pays the plan they are on whether or not they
        could buy it anew today (one no longer sold, a youth card past its age), as ``recommend`` prices a current
        plan; the packs are still only those they may buy.  Found by QA: such rows were counted as "on a current
        plan no bundle of which meets their needs"."""
        closed = np.flatnonzero((current >= 0) & (on_current >= INF))
        region = columns.get("region")
        for j in np.unique(current[closed]).tolist():
            plan = catalogue.plans[j]
            rows = closed[current[closed] == j]
            if plan.rule == ANYONE:  # (sold to anyone in its market: only the rows living outside it are priced again)
                if region is None:
                    continue
                rows = rows[eligible.outside(market_of(catalogue, plan.operator), {"region": region[rows]}, len(rows))]
                if not len(rows):
                    continue
            alone = self._open.get((catalogue.version, plan.id))
            if alone is None:  # (compiled once per scorer)
                alone = Catalogue((replace(plan, rule=ANYONE),), catalogue.packs, f"{catalogue.version}-open-{plan.id}")
                self._open[catalogue.version, plan.id] = alone
            totals, _ = plan_prices(alone, {k: np.asarray(v)[rows] for k, v in columns.items()},
                                    as_of=self.as_of, horizon_months=HORIZON_MONTHS, markets=False)
            on_current[rows] = horizon_totals(staying_catalogue(alone), totals, HORIZON_MONTHS)[:, 0]
        return on_current

    def current_index(self, batch: pa.RecordBatch) -> np.ndarray:
        """Each row's current plan as an index into the baseline's plans (-1 if absent or unknown)."""
        return self.current_of(batch)[0]

    def current_of(self, batch: pa.RecordBatch) -> tuple[np.ndarray, np.ndarray | None]:
        """Each row's current plan as an index into the baseline's plans (-1 if absent or unknown), and which rows
        name a plan the baseline does not have (None when none does).  A plan not written as a plan id is refused at
        its first row (``_not_plan_id``); an id the baseline does not have is kept (another operator's plan, a
        legacy one: a current plan unknown, as the report counts them, but another plan than each of its own)."""
        if "current_plan" not in batch.schema.names:
            return np.full(batch.num_rows, -1, dtype=np.int64), None
        column = batch.column("current_plan").cast(pa.string())
        found = pc.index_in(column, value_set=self.plan_ids)
        elsewhere = None
        if found.null_count > column.null_count:  # (some plan not the baseline's: written as an id?)
            unknown = pc.unique(pc.filter(column, pc.is_null(found))).to_pylist()
            problems = {value: _not_plan_id(value, self.baseline.plan_index) for value in unknown
                        if value and not re.fullmatch(ID_PATTERN, value)}
            if problems:
                _refuse_first(column.fill_null("").to_numpy(zero_copy_only=False).astype(str), problems)
            named = pc.and_(pc.is_null(found), pc.not_equal(column, pa.scalar("")))  # (null where the cell is empty)
            elsewhere = named.fill_null(False).to_numpy(zero_copy_only=False)
        return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64), elsewhere


ANOTHER_PLAN = "?"
"""A row's current plan where it names one the baseline does not have: no plan's id (``ID_PATTERN``), so every plan
kept for its holders reads it as another's (``eligible.not_met``)."""


def _not_plan_id(value: str, ids: Container[str]) -> Message:
    """A current plan not written as a plan id ("CM-5GA-199", "cm-5ga-199 " with a space, "全球通199"), with the
    baseline's id it means where there is one: the row was on no plan of the baseline, and a plan kept only by the
    people already on it was open to everyone, without a word (found by the user test: upper-cased ids moved
    ct-5g-59's share from 12.5 % to 19.9 %), where a region or an operator so written is refused."""
    if lost := _lost("current_plan", value):
        return lost
    near = value.strip().lower()
    if near in ids:
        return message("population.not_plan_id.near", column="current_plan", value=value, near=near)
    return message("population.not_plan_id", column="current_plan", value=value)


WHO = (*eligible.COLUMNS, "current_operator")
"""Who the people are, where the file says (conditions of sale: age, region, whose customer)."""
READ = (*USAGE, *WHO, "current_plan")
"""Every column of a population a what-if reads: the engines read these and no others."""
CSV_TYPES: dict[str, pa.DataType] = {
    **{name: pa.bool_() if name in FLAGS else pa.float64() for name in USAGE},
    **{name: pa.float64() if name == "age" else pa.string() for name in (*WHO, "current_plan")}}
"""A CSV's columns as read, on either engine (not guessed from the cells: Spark's ``inferSchema`` read a flag
column of ``1`` and ``true``, or an age column empty in every row, as text)."""
TRUE_TEXT, FALSE_TEXT = ("1", "True", "TRUE", "true"), ("0", "False", "FALSE", "false")
"""A CSV's flags (``pyarrow.csv``'s)."""
CSV_NUMBER_SPACE = " \t"
"""What a CSV's number may have around it (``pyarrow.csv`` trims it; a cell of it alone is no number)."""
NULL_TEXT = ("",)
"""A CSV's empty cell: only an empty one (``nan``, ``N/A`` or ``NULL`` in a number column is refused, as NaN is in
Parquet, not read as 0)."""


def csv_typed(batch: pa.RecordBatch) -> pa.RecordBatch:
    """A batch of CSV text (Spark reads every column as text) in ``CSV_TYPES``, as the local engine's CSV reader
    gives them: an empty cell null, a flag one of ``TRUE_TEXT`` / ``FALSE_TEXT``, a number a number; a cell that
    is none is refused with its column, and its row of the batch with its text (``PopulationError.at``: the local
    engine says it at its row of its file, ``local.bad_cell``)."""
    arrays = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        want = CSV_TYPES.get(name)
        if want is None or want == pa.string() or not pa.types.is_string(column.type):
            arrays.append(column)
            continue
        given = column
        column = pc.if_else(pc.is_in(column, pa.array(NULL_TEXT)), pa.scalar(None, column.type), column)
        if want == pa.bool_():
            yes, no = pc.is_in(column, pa.array(TRUE_TEXT)), pc.is_in(column, pa.array(FALSE_TEXT))
            bad = pc.and_(column.is_valid(), pc.invert(pc.or_(yes, no)))
            if pc.any(bad).as_py():
                row = int(bad.to_numpy(zero_copy_only=False).argmax())
                raise PopulationError(message("population.not_flag", column=name), (row, given[row].as_py()))
            arrays.append(pc.if_else(yes, True, pc.if_else(no, False, pa.scalar(None, pa.bool_()))))
            continue
        # (a number with spaces or tabs around it, "5, 10" as hand-written files have it, is read as the local
        # engine's CSV reader reads it; Spark does not trim them: found in review, it refused them)
        trimmed = pc.utf8_trim(column, characters=CSV_NUMBER_SPACE)
        try:
            arrays.append(trimmed.cast(want))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            row = _first_refused(trimmed, want)
            raise PopulationError(message("population.not_numbers.text", column=name),
                                  (row, given[row].as_py())) from None
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


def _not_numbers(name: str, found: pa.DataType) -> Message:
    """A column of ``found`` values where numbers are read: text as a code of its own, worded in each language
    ("实际为 text" was English in the Chinese report); any other Arrow type by its name (``timestamp[ms]``)."""
    if pa.types.is_string(found) or pa.types.is_large_string(found):
        return message("population.not_numbers.text", column=name)
    return message("population.not_numbers", column=name, found=str(found))


def _first_refused(column: pa.Array, want: pa.DataType) -> int:
    """The place of the first cell of a text column whose cast to ``want`` was refused, halving the column until the
    cast that refuses it is of one cell (asked only once the column's cast has failed)."""
    def refused(start: int, stop: int) -> bool:
        try:
            column.slice(start, stop - start).cast(want)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return True
        return False

    low, high = 0, len(column)
    while high - low > 1:  # (the first refused cell is in [low, high); none before low)
        middle = (low + high) // 2
        if refused(low, middle):
            high = middle
        else:
            low = middle
    return low


def read_columns(names: Iterable[str]) -> list[str]:
    """The columns of a population's header a what-if reads; a header with none of the usage columns (a
    misspelt or differently cased header, another separator than the comma) is refused, naming what it has:
    every row would otherwise be scored as a person using nothing.  So is a header naming a column it reads in
    another case or with spaces around it (``Satellite``, `` voice_minutes`` after ", "): every row would be scored
    without it, where a note said only that it was not read (found by writing a population by hand as a product
    team does: "data_gb, voice_minutes, satellite" scored everyone with no calls)."""
    found = list(names)
    if not set(found) & set(USAGE):
        raise PopulationError(message("population.no_usage_columns", found=found, expected=list(USAGE)))
    meant = {name.strip().casefold(): name for name in found if name not in READ}
    if otherwise := [(written, name) for name in READ if (written := meant.get(name)) is not None]:
        raise PopulationError(message("population.column_written_otherwise", found=otherwise[0][0],
                                      name=otherwise[0][1]))
    missing = [name for name in READ if name not in found]  # (a misspelt column, one it reads missing beside it:
    # "voice_mins" scored everyone as making no calls, a note saying only that it was not read; found by the Spark
    # user test, slb)
    for name in found:
        if name not in READ and (near := difflib.get_close_matches(name.strip().casefold(), missing, 1, 0.8)):
            raise PopulationError(message("population.column_near", found=name, name=near[0]))
    return [name for name in found if name in READ]


def columns_of(batch: pa.RecordBatch, regions: frozenset[str] | None = None) -> dict[str, np.ndarray]:
    """The scorer's columns from an Arrow batch (missing columns and empty cells: zero/false; an unknown age,
    region or operator for an empty cell), each held to a profile's bounds, and a region to ``regions`` (the
    catalogues' markets') where given."""
    out: dict[str, np.ndarray] = {}
    names = batch.schema.names
    for name in USAGE:
        if name not in names or pa.types.is_null(batch.schema.field(name).type):
            continue  # (a column empty in every row: as if absent)
        column = batch.column(name)
        if not (pa.types.is_boolean(column.type) or pa.types.is_integer(column.type)
                or pa.types.is_floating(column.type) or pa.types.is_decimal(column.type)):  # (before fill_null: a
            # text column's 0 was a pyarrow traceback)
            raise PopulationError(message("population.not_flag", column=name) if name in FLAGS else
                                  _not_numbers(name, column.type))
        if column.null_count:
            column = column.fill_null(False if pa.types.is_boolean(column.type) else 0)
        if pa.types.is_decimal(column.type):  # (Parquet written from a database's DECIMAL)
            column = column.cast(pa.float64())
        values = column.to_numpy(zero_copy_only=False)
        if name in FLAGS:
            if values.dtype.kind not in "biu":
                raise PopulationError(message("population.not_flag", column=name))
            _refuse(values, ~np.isin(values, (0, 1)), message("population.not_flag", column=name))
        if values.dtype.kind not in "biuf":
            raise PopulationError(_not_numbers(name, column.type))
        if values.dtype.kind in "if" and len(values) and (values.min() < 0 or not np.isfinite(values).all()):
            _refuse(values, ~(values >= 0) | ~np.isfinite(values), message("population.negative", column=name))
        if name in INT_COLUMNS and values.dtype.kind == "f":
            _refuse(values, values != np.floor(values), message("population.not_whole", column=name))
        most = LIMITS.get(name)
        if most is not None and len(values) and values.max() > most:
            _refuse(values, values > most, message("population.above_limit", column=name, limit=most))
        out[name] = values
    for name in WHO:
        if name not in names:
            continue
        column = batch.column(name)
        if name == "age":
            if pa.types.is_null(column.type):  # (empty in every row: unknown)
                out[name] = np.full(len(column), -1, dtype=np.int64)
                continue
            if not (pa.types.is_integer(column.type) or pa.types.is_floating(column.type)):
                raise PopulationError(_not_numbers(name, column.type))
            ages = column.to_numpy(zero_copy_only=False)  # (an empty cell: the age is unknown; NaN as a float)
            given = ~column.is_null().to_numpy(zero_copy_only=False)
            _refuse(ages, given & (ages != np.floor(ages)), message("population.not_whole", column=name))
            _refuse(ages, given & (ages < 0), message("population.negative", column=name))
            _refuse(ages, given & (ages > MAX_AGE), message("population.above_limit", column=name, limit=MAX_AGE))
            out[name] = column.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        else:
            # fixed-width text, not Python objects: the rules' np.unique sorts it in C, 5x faster
            text = column.cast(pa.string()).fill_null("")
            out[name] = text.to_numpy(zero_copy_only=False).astype(str)
            distinct = [str(v) for v in pc.unique(text).to_pylist()]  # (Arrow's hash: np.unique sorted the strings)
            if name == "region":
                _region_codes(out[name], distinct, regions)
            else:
                _operator_ids(name, out[name], distinct)
    return out


def _refuse(values: np.ndarray, bad: np.ndarray, problem: Message) -> None:
    """Refuse the column for ``problem`` if any row is ``bad``, naming the first such row and its value."""
    if bad.any():
        row = int(np.argmax(bad))
        value = values[row].item()
        raise PopulationError(problem, (row, int(value) if isinstance(value, float) and value.is_integer() else value))


def _region_codes(values: np.ndarray, distinct: list[str], regions: frozenset[str] | None) -> None:
    """Each region given is an ISO 3166-2 subdivision code, of a listed country's if it is one (``CN-XX`` is
    none), and one of ``regions``, as the API holds ``about.region``: 北京 or ``cn-sh`` counted everyone outside
    every regional offer, and so did ``US-CA`` for a catalogue selling in China alone."""
    markets = sorted({region.split("-", 1)[0] for region in regions or ()})
    problems = {value: _lost("region", value) or _not_region(value)
                if not is_subdivision(value) else message("population.region_elsewhere", column="region",
                                                          value=value, markets=markets)
                for value in distinct
                if value and (not is_subdivision(value) or regions is not None and value not in regions)}
    _refuse_first(values, problems)


def _not_region(value: str) -> Message:
    """A region not written as a code, with the code it means where there is one (北京, ``cn-bj``: CN-BJ): the
    profile's rule of what a region is near (``profile.A_REGION``), held to a real subdivision, said of the column."""
    problem = A_REGION.problem(value)
    near = problem.params.get("near") if problem is not None else None
    if near is not None and is_subdivision(near):
        return message("population.not_region.near", column="region", value=value, near=near)
    return message("population.not_region", column="region", value=value)


def _operator_ids(name: str, values: np.ndarray, distinct: list[str]) -> None:
    """Each operator given (``customer_of``, ``current_operator``) is written as an operator id, as the API holds
    ``about.customer_of``: "China Mobile" made its rows customers of no operator, without a word (found by writing
    a population by hand); "China-Mobile" is told to write china-mobile.  An id neither catalogue has is kept (a
    customer of another operator, such as china-broadnet, is a customer of none of theirs).  The profile's rule
    (``profile.AN_OPERATOR_ID``), said of the column."""
    problems = {value: _lost(name, value) or message("population.not_operator_id.near" if "near" in problem.params
                                                     else "population.not_operator_id", column=name, **problem.params)
                for value in distinct if value and (problem := AN_OPERATOR_ID.problem(value)) is not None}
    _refuse_first(values, problems)


def _lost(column: str, value: str) -> Message | None:
    """A value holding U+FFFD, the mark of bytes that were not UTF-8 (Spark reads a CSV's so; a value so marked is no
    region, operator or plan id), as the text it was meant to be: not UTF-8 (found by the Spark user test: a region
    saved in GB 18030 was refused as no region).  The local engine's reader refuses the bytes themselves
    (``local.refused_row``)."""
    return message("population.not_utf8", column=column) if "\ufffd" in value else None


def _refuse_first(values: np.ndarray, problems: Mapping[str, Message]) -> None:
    """Refuse the column at its first row whose value is one of ``problems`` (with that value's problem: the first
    row's, whichever value it has: review)."""
    if problems:
        bad = np.isin(values, list(problems))
        _refuse(values, bad, problems[values[int(np.argmax(bad))]])


Counter = tuple[np.ndarray, np.ndarray]
"""Sorted distinct amounts (int64) and how many profiles have each (int64)."""

EMPTY: Counter = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def count(values: np.ndarray) -> Counter:
    amounts, counts = np.unique(values.astype(np.int64), return_counts=True)
    return amounts, counts.astype(np.int64)


def merge_counters(a: Counter, b: Counter) -> Counter:
    if not len(a[0]):
        return b
    if not len(b[0]):
        return a
    amounts, inverse = np.unique(np.concatenate([a[0], b[0]]), return_inverse=True)
    counts = np.zeros(len(amounts), dtype=np.int64)
    np.add.at(counts, inverse, np.concatenate([a[1], b[1]]))
    return amounts, counts


AGE_EDGES = (16, 31, 46, 60)
"""The age bands the what-if breaks its figures down by, in whole years: 0–15, 16–30, 31–45, 46–59, 60 and over
(16–30: the ages the shipped youth card is sold to).  Where they fall is a product team's choice (docs/whatif.md)."""
DATA_GB_EDGES = (5, 10, 20, 40, 80, 150)
"""The data bands, GB a month, each from its low bound up to (not including) its high one: under 5, 5–10, …, 80–150,
150 and over (the shipped plans' allowances run from 30 to 240 GB; the population's mean is 21.3 GB)."""
SEGMENT_COLUMNS = ("region", "age", "data_gb")
"""The population's columns the figures are broken down by (``Partial.segments``), in the document's order."""
SEGMENT_FIELDS = ("profiles", "changed_best_plan", "no_fit_before", "no_fit_after", "profiles_fitting_both",
                  "profiles_saving", "saved_fen", "profiles_paying_more", "extra_cost_fen",
                  "revenue_fen_before", "revenue_fen_after", "changed_plan", "changed_plan_before")
"""What ``Partial.segments`` counts and sums for each segment, in this order (``summary.segments`` reads them)."""
Segment = tuple[str, str | None]
"""A segment: its column (``SEGMENT_COLUMNS``) and its value, a region's code or a band's (``band_codes``); None where
the row does not say (an empty region or age)."""


def band_codes(column: str) -> list[str]:
    """The bands of an age or data column, as the document names them: ``0-15`` … ``60+`` (ages, both ends in it),
    ``0-5`` … ``150+`` (GB, the high end not in it)."""
    edges, last = (AGE_EDGES, 1) if column == "age" else (DATA_GB_EDGES, 0)
    return [f"{lo}-{hi - last}" for lo, hi in zip((0, *edges), edges, strict=False)] + [f"{edges[-1]}+"]


def _segments_of(batch: pa.RecordBatch, columns: Mapping[str, np.ndarray]) -> list[tuple[str, list[str | None],
                                                                                      np.ndarray]]:
    """Each segment column (``SEGMENT_COLUMNS``; ``columns``: the batch's as ``columns_of`` reads them): its segments
    and each row's index among them.  A column the batch lacks reads as its cells empty, as it is scored: region and
    age not given, data 0 GB (another file of the population may have it, and Spark reads the files as one table with
    those cells empty; found in review: the local engine left such rows out of every segment); ``summary.segments``
    says a column no batch has is missing."""
    out: list[tuple[str, list[str | None], np.ndarray]] = []
    for name in SEGMENT_COLUMNS:
        values = columns.get(name)
        if values is None and name == "region":
            out.append((name, [None], np.zeros(batch.num_rows, dtype=np.int64)))
            continue
        if values is None:
            values = np.full(batch.num_rows, -1 if name == "age" else 0, dtype=np.int64)
        if name == "region":  # (as ``columns_of`` reads it, an empty cell ""; encoded by Arrow: 10x numpy's unique)
            coded = batch.column(name).cast(pa.string()).fill_null("").dictionary_encode()
            out.append((name, [str(v) or None for v in coded.dictionary.to_pylist()],
                        coded.indices.to_numpy(zero_copy_only=False).astype(np.int64)))
            continue
        codes: list[str | None] = [*band_codes(name)]
        index = np.searchsorted(np.array(AGE_EDGES if name == "age" else DATA_GB_EDGES), values, side="right")
        if name == "age":  # (-1: the row does not say)
            codes.append(None)
            index = np.where(values < 0, len(codes) - 1, index)
        out.append((name, codes, index))
    return out


def _add(a: dict[Segment, tuple[int, ...]], b: dict[Segment, tuple[int, ...]]) -> dict[Segment, tuple[int, ...]]:
    out = dict(a)
    for key, counts in b.items():
        found = out.get(key)
        out[key] = counts if found is None else tuple(x + y for x, y in zip(found, counts, strict=True))
    return out


def _add_moves(a: dict[tuple[str, str | None, int, int], int],
               b: dict[tuple[str, str | None, int, int], int]) -> dict[tuple[str, str | None, int, int], int]:
    out = dict(a)
    for key, count in b.items():
        out[key] = out.get(key, 0) + count
    return out


DISTRIBUTIONS = ("pay_before", "pay_after", "pay_current", "savings", "savings_vs_current",
                 "savings_vs_current_before")


@dataclass
class Partial:
    """Mergeable aggregates of part of a population.  Index 0 of every plan axis is 'no plan'."""

    profiles: int
    before: np.ndarray
    after: np.ndarray
    switch: np.ndarray
    current_switch: np.ndarray
    revenue_before: np.ndarray
    revenue_after: np.ndarray
    current_unfit: int
    counters: dict[str, Counter] = field(default_factory=dict)
    went_before: np.ndarray = field(default_factory=lambda: np.zeros((1, 1), np.int64))
    """Current plan → where the person goes without the edit (their own plan, or the baseline's best where it costs
    less), baseline × baseline: ``current_switch`` read alike in the baseline, pair by pair; its moves are those
    without the edit, to read ``current_switch``'s against."""
    current_revenue: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    """What the people on each baseline plan pay on it now (those it fits), by current plan."""
    went_revenue_before: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    """What the people with a known current plan pay where they go without the edit, by that baseline plan."""
    went_revenue_after: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    """... and with it, by candidate plan: an operator's revenue from where people go (not from everyone's best)."""
    segments: dict[Segment, tuple[int, ...]] = field(default_factory=dict)
    """For each segment (a region, an age band, a data band: ``SEGMENT_COLUMNS``) of the rows that have it, the counts
    and sums of ``SEGMENT_FIELDS`` (money: exact Python ints)."""
    segment_moves: dict[tuple[str, str | None, int, int], int] = field(default_factory=dict)
    """Per segment, the best plan's moves: (column, segment, baseline index + 1, candidate index + 1) → profiles, for
    the rows whose best plan changes (sparse: no more entries than such rows)."""
    segment_columns: frozenset[str] = frozenset()
    """The segment columns the population has (a column it lacks is said so, not made up)."""
    current_fitting: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    """The people on each baseline plan it fits (a bundle of it meets their needs), by current plan: whose pay
    ``current_revenue`` sums."""
    unnamed_current: int = 0
    """The rows naming no current plan at all (not one the baseline lacks, which is another plan: found in review,
    those were counted as rows that may buy a plan kept for its holders, which they may not)."""

    @classmethod
    def empty(cls, baseline_plans: int, candidate_plans: int) -> "Partial":
        b, c = baseline_plans + 1, candidate_plans + 1
        zeros = np.zeros
        return cls(0, zeros(b, np.int64), zeros(c, np.int64), zeros((b, c), np.int64), zeros((b, c), np.int64),
                   zeros(b, np.int64), zeros(c, np.int64), 0, {name: EMPTY for name in DISTRIBUTIONS},
                   zeros((b, b), np.int64), zeros(b, np.int64), zeros(b, np.int64), zeros(c, np.int64),
                   current_fitting=zeros(b, np.int64))

    def merge(self, other: "Partial") -> "Partial":
        return Partial(
            self.profiles + other.profiles, self.before + other.before, self.after + other.after,
            self.switch + other.switch, self.current_switch + other.current_switch,
            self.revenue_before + other.revenue_before, self.revenue_after + other.revenue_after,
            self.current_unfit + other.current_unfit,
            {name: merge_counters(self.counters[name], other.counters[name]) for name in DISTRIBUTIONS},
            self.went_before + other.went_before, self.current_revenue + other.current_revenue,
            self.went_revenue_before + other.went_revenue_before, self.went_revenue_after + other.went_revenue_after,
            _add(self.segments, other.segments), _add_moves(self.segment_moves, other.segment_moves),
            self.segment_columns | other.segment_columns, self.current_fitting + other.current_fitting,
            self.unnamed_current + other.unnamed_current)

    def to_bytes(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def from_bytes(data: bytes) -> "Partial":
        partial = pickle.loads(data)  # our own workers' output, never user input
        assert isinstance(partial, Partial)
        return partial


EXACT_FLOAT = 2**53
"""Integers summed as floats are exact below this."""


def _sums(index: np.ndarray, amounts: np.ndarray, size: int) -> np.ndarray:
    """The amounts summed by index, exactly, as Python ints (an object array, a few entries: merged partials
    add up without wrapping at 2**63).  Found by the money QA: the float sums were taken to stay below 2**53
    (amounts < 10**9 fen), but plan figures of up to ¥10,000,000 a unit make one row's bill 3e15 fen, and
    five such rows' revenue came out a fen off."""
    amounts = np.asarray(amounts, dtype=np.int64)
    if not len(amounts) or int(np.abs(amounts).max()) * len(amounts) < EXACT_FLOAT:  # the common case, fast
        return np.rint(np.bincount(index, weights=amounts, minlength=size)).astype(np.int64).astype(object)
    out = np.zeros(size, dtype=object)
    np.add.at(out, index, amounts.astype(object))
    return out


def _by_segment(segmented: list[tuple[str, list[str | None], np.ndarray]], by_row: Mapping[str, np.ndarray],
                before: np.ndarray, after: np.ndarray, plans: tuple[int, int],
                ) -> tuple[dict[Segment, tuple[int, ...]], dict[tuple[str, str | None, int, int], int]]:
    """``Partial.segments`` and ``Partial.segment_moves`` of a batch: ``by_row``'s figures (``SEGMENT_FIELDS``: a mask
    counted, an amount summed) by segment (``_segments_of``), and the best plan's moves (``before`` → ``after``, plan
    indexes plus one, of ``plans`` baseline and candidate plans plus one) of the rows whose best plan changes."""
    b, c = plans
    segments: dict[Segment, tuple[int, ...]] = {}
    moves: dict[tuple[str, str | None, int, int], int] = {}
    changed = by_row["changed_best_plan"]
    for name, codes, index in segmented:
        k = len(codes)
        sums = [np.bincount(index[values], minlength=k).astype(object) if values.dtype == bool
                else _sums(index, values, k) for values in (by_row[f] for f in SEGMENT_FIELDS)]
        segments.update({(name, code): tuple(int(column[i]) for column in sums)
                         for i, code in enumerate(codes) if sums[0][i]})
        keys, counts = np.unique((index[changed] * b + before[changed]) * c + after[changed], return_counts=True)
        moves.update({(name, codes[key // (b * c)], key // c % b, key % c): int(n)
                      for key, n in zip(keys.tolist(), counts.tolist(), strict=True)})
    return segments, moves


def checked(scorer: Scorer, batch: pa.RecordBatch) -> tuple[np.ndarray, np.ndarray | None, dict[str, np.ndarray]]:
    """A record batch's rows as the scorer reads them, each value held to what a profile may say (``PopulationError``
    at its first row that is not): each row's current plan and whether it is one the baseline lacks
    (``Scorer.current_of``), and the scorer's columns (``columns_of``)."""
    current, elsewhere = scorer.current_of(batch)
    return current, elsewhere, columns_of(batch, scorer.regions)


def partial(scorer: Scorer, batch: pa.RecordBatch) -> Partial:
    """Score one record batch and aggregate it."""
    current, elsewhere, columns = checked(scorer, batch)
    if scorer.kept and elsewhere is not None:  # (a plan the baseline lacks is another plan: none kept for holders is
        # theirs; found by the user test, a legacy plan read as unknown opened ct-5g-59 to everyone on one)
        columns["current_plan"] = np.where(elsewhere, ANOTHER_PLAN, scorer.plan_names[current])
    try:
        s = scorer.score(columns, current)
    except Unproved as exc:  # (a problem of the what-if's, said as the population's are, on either engine)
        raise PopulationError(message("population.unproved", plan=exc.plan_id, seconds=exc.seconds)) from None
    b, c = len(scorer.baseline.plans) + 1, len(scorer.candidate.plans) + 1
    before, after, cur = s.before + 1, s.after + 1, current + 1
    fits_before, fits_after = s.before != NONE, s.after != NONE
    both = fits_before & fits_after
    known = current >= 0
    cur_fits = known & (s.current_pay != INF)
    # a person moves from their plan only to one costing less (``recommend``'s keep_current_plan: "no fitting bundle
    # costs less"), also when they could not buy theirs anew (found by the plan-file QA: a plan made holders-only
    # read as making people on a youth card past its age "pay more", ¥10.90 a month, where they would stay)
    stays_before, stays_after = s.stays_before, s.stays_after
    moved_to = np.where(stays_after, s.current_after, s.after) + 1
    pays = np.where(stays_after, s.stay_after, s.pay_after)
    went = np.where(stays_before, current, s.before) + 1  # (without the edit: where they go, 0 nowhere)
    pays_before = np.where(stays_before, s.current_pay, s.pay_before)
    vs_current = cur_fits & (fits_after | stays_after)
    vs_current_before = cur_fits & (fits_before | stays_before)
    saved = np.where(both, s.pay_before - s.pay_after, 0)  # (each row's figures, for the whole and its segments)
    revenue_before, revenue_after = np.where(fits_before, s.pay_before, 0), np.where(fits_after, s.pay_after, 0)
    by_row = {  # (each row's figures that ``SEGMENT_FIELDS`` sum by segment: a mask counts, an amount is summed)
        "profiles": np.ones(len(current), dtype=bool),
        "changed_best_plan": scorer.in_baseline[after] != before,  # (as the moves compare ids: a new plan differs)
        "no_fit_before": ~fits_before, "no_fit_after": ~fits_after, "profiles_fitting_both": both,
        "profiles_saving": saved > 0, "saved_fen": np.maximum(saved, 0),
        "profiles_paying_more": saved < 0, "extra_cost_fen": np.maximum(-saved, 0),
        "revenue_fen_before": revenue_before, "revenue_fen_after": revenue_after,
        "changed_plan": known & (scorer.in_baseline[moved_to] != cur),
        "changed_plan_before": known & (went != cur),
    }
    segments, segment_moves = _by_segment(_segments_of(batch, columns), by_row, before, after, (b, c))
    return Partial(
        profiles=batch.num_rows,
        before=np.bincount(before, minlength=b),
        after=np.bincount(after, minlength=c),
        switch=np.bincount(before * c + after, minlength=b * c).reshape(b, c),
        current_switch=np.bincount(cur * c + moved_to, minlength=b * c).reshape(b, c),
        revenue_before=_sums(before, revenue_before, b),
        revenue_after=_sums(after, revenue_after, c),
        current_unfit=int(np.count_nonzero(known & ~cur_fits)),
        went_before=np.bincount(cur * b + went, minlength=b * b).reshape(b, b),
        current_revenue=_sums(cur, np.where(cur_fits, s.current_pay, 0), b),
        current_fitting=np.bincount(cur[cur_fits], minlength=b),
        unnamed_current=int(np.count_nonzero((current < 0) if elsewhere is None else (current < 0) & ~elsewhere)),
        went_revenue_before=_sums(went, np.where(known & (went > 0), pays_before, 0), b),
        went_revenue_after=_sums(moved_to, np.where(known & (moved_to > 0), pays, 0), c),
        counters={
            "pay_before": count(s.pay_before[fits_before]),
            "pay_after": count(s.pay_after[fits_after]),
            "pay_current": count(s.current_pay[cur_fits]),
            "savings": count(saved[both]),
            "savings_vs_current": count(s.current_pay[vs_current] - pays[vs_current]),
            "savings_vs_current_before": count(s.current_pay[vs_current_before] - pays_before[vs_current_before]),
        },
        segments=segments, segment_moves=segment_moves,
        segment_columns=frozenset(name for name in SEGMENT_COLUMNS if name in columns),
    )


def partial_of_batches(scorer: Scorer, batches: Iterable[pa.RecordBatch], file: str | None = None,
                       first_row: int = 0) -> Partial:
    """Score and aggregate ``batches``, read in order from ``file`` after its first ``first_row`` rows (where
    known: a value refused is then said at its row)."""
    total = Partial.empty(len(scorer.baseline.plans), len(scorer.candidate.plans))
    for batch in batches:
        if batch.num_rows:
            try:
                total = total.merge(partial(scorer, batch))
            except PopulationError as exc:
                raise exc if file is None else exc.located(file, first_row) from None
        first_row += batch.num_rows
    return total


# --- catalogues shipped to workers as file contents, compiled once per process -------------------

def load(path: Path) -> tuple[Catalogue, Sources]:
    """Load and validate a plans folder (or file); also its files' contents, for the workers (read once:
    what is validated is what they score).  This process's scorer takes the catalogue as loaded here."""
    sources = read_plan_sources(path)
    catalogue = load_plan_sources(sources)
    _LOADED.pop(sources.files, None)  # (the newest last)
    _LOADED[sources.files] = catalogue
    while len(_LOADED) > 2:  # a what-if's baseline and candidate
        del _LOADED[next(iter(_LOADED))]
    return catalogue, sources.files


_LOADED: dict[Sources, Catalogue] = {}


def catalogue_of(sources: Sources) -> Catalogue:
    """The catalogue of ``sources``: as ``load`` validated it in this process (parsing a wide catalogue's YAML
    takes seconds), else loaded here (a worker or executor of its own)."""
    found = _LOADED.get(sources)
    return found if found is not None else load_sources(sources)


_SCORERS: dict[str, Scorer] = {}


def scorer_for(baseline: Sources, candidate: Sources, as_of: datetime.date | None = None) -> Scorer:
    """The scorer for these catalogues (conditions of sale read at ``as_of``), built (and its tables compiled)
    once per process."""
    key = hashlib.sha256(pickle.dumps((baseline, candidate, as_of))).hexdigest()
    found = _SCORERS.get(key)
    if found is None:
        found = Scorer(catalogue_of(baseline), catalogue_of(candidate), as_of)
        found.score({name: np.zeros(1) for name in COLUMNS}, np.full(1, -1))  # compile the tables now
        _SCORERS.clear()
        _SCORERS[key] = found
    return found


# --- the report document ------------------------------------------------------------------------
