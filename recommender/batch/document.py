"""The shape of the what-if report document (``whatif.summary``; ``engine`` and ``inputs`` added by the CLI).

The document is plain JSON (dicts, lists, numbers, strings; money in integer fen); these TypedDicts
only name its shape, so the reports and the CLI read it with checked keys.
"""

from typing import Literal, NotRequired, TypedDict


class Stats(TypedDict):
    """Exact statistics of a sparse counter of fen amounts (``None`` when no profile is counted)."""

    profiles: int
    sum_fen: int
    mean_fen: float | None
    median_fen: int | None
    p90_fen: int | None
    min_fen: int | None
    max_fen: int | None


class Histogram(TypedDict):
    labels: list[str]
    counts: list[int]


class SavingsHistogram(Histogram):
    note: str


class CurrentPayStats(Stats):
    current_plan_does_not_fit: int


class SavingsVsCurrent(Stats):
    histogram: SavingsHistogram


class Savings(SavingsVsCurrent):
    share_saving: float
    share_paying_more: float
    share_unchanged: float


class ConditionChange(TypedDict):
    condition: str
    """A condition of sale the edit changed (``catalogue.model.SaleConditions``'s field: ``regions``, ``age_min``,
    ``available_until`` ...)."""
    before: str | int | bool | list[str] | None
    """Its value before (a list of ids, a date as YYYY-MM-DD, a number, ``customers``' word; None or [] for none)."""
    after: str | int | bool | list[str] | None


class Promotion(TypedDict):
    first_months: int
    """The last contract month it covers (from the month after the promotion before it)."""
    monthly_fee_fen: int


TermName = Literal["promotions", "one_off_fen", "minimum_term_months", "minimum_monthly_spend_fen"]


class TermChange(TypedDict):
    term: TermName
    """A contract term the edit changed (``catalogue.model.Terms``' field)."""
    before: int | list[Promotion]
    """Its value before: fen, months, or the promotions in the order written (0 or []: none)."""
    after: int | list[Promotion]


class AddsChange(TypedDict):
    meter: str
    """A meter whose amount the pack adds the edit changed (``data_mb``, ``voice_s``, ``sms``, ``roaming_data_mb``
    ...)."""
    before: int
    """What it added before, in the meter's unit (MB, seconds, messages; 0: nothing)."""
    after: int


ExtraLinesField = Literal["max", "fee_fen", "shared", "per_line"]


class ExtraLinesChange(TypedDict):
    field: ExtraLinesField
    """What of a plan's extra lines (副卡) the edit changed: how many it takes (``max``), the fee of each
    (``fee_fen``), the meters they pool (``shared``), or what each adds of a meter (``per_line``, with ``meter``)."""
    meter: NotRequired[str]
    """With ``per_line``: the meter (``data_mb``, ``voice_s``, ``sms``)."""
    before: int | list[str]
    """Its value before: lines, fen, the meters pooled (sorted; [] for none) or the meter's unit (MB, seconds,
    messages); a plan with no extra lines before has 0 and []."""
    after: int | list[str]


class PlanRow(TypedDict):
    plan_id: str
    operator: str
    name: str
    status: Literal["added", "removed", "unchanged", "changed", "other_currency"]
    """``other_currency``: the other catalogue has the plan priced in another currency (not compared there)."""
    fee_fen_before: int | None
    fee_fen_after: int | None
    changes: list[str]
    """For a changed plan, what changed: its compiled fields that differ (``fee_fen``, ``tariffs``, ``name``,
    ``assumed``, ``rule``, ``terms`` ...) and ``packs`` when the packs it may add differ."""
    conditions: NotRequired[list[ConditionChange]]
    """With ``rule`` among ``changes``: each condition of sale changed, before and after."""
    terms: NotRequired[list[TermChange]]
    """With ``terms`` among ``changes``: each contract term changed, before and after."""
    allowances: NotRequired[list[AddsChange]]
    """With ``tariffs`` among ``changes``: each allowance (what the fee includes of a meter, ``UNLIMITED`` for no
    limit) changed, before and after, in the meter's unit (as a pack's ``adds``)."""
    overage: NotRequired[list[str]]
    """With ``tariffs`` among ``changes``: the meters whose billing beyond the allowance changed (rate, unit, tiers,
    cap, the amount at full speed)."""
    extra_lines: NotRequired[list[ExtraLinesChange]]
    """With ``extra_lines`` among ``changes``: each part of the extra lines changed, before and after (found by the
    what-if product manager: a fee per extra line raised read "extra lines; the fee as before", no figure)."""
    unscored: list[str]
    """Of ``changes``, those a population cannot show (``summary.UNSCORED``: ``extra_lines``, since a row is one
    line; ``app_data`` and ``benefits``, since it has no app use and asks for no benefit): the figures are as if
    they had not changed."""
    profiles_before: int
    profiles_after: int
    share_before: float
    share_after: float
    revenue_fen_before: int
    revenue_fen_after: int


class OperatorRow(TypedDict):
    operator: str
    profiles_before: int
    profiles_after: int
    revenue_fen_before: int
    revenue_fen_after: int
    share_before: float
    share_after: float


Switch = TypedDict("Switch", {"from": str | None, "to": str | None, "profiles": int,
                              "profiles_without_edit": NotRequired[int]})
"""Profiles moving from one plan to another (``None``: no plan fits, or the current plan is unknown); for a move
from the current plan, ``profiles_without_edit``: how many would make the same move without the edit."""


class OperatorCustomers(TypedDict):
    """An operator's customers (the people whose current plan is one of its plans) and where people go, as
    ``current_switches`` reads it (a person leaves their plan only for one costing less), without the edit and with
    it; revenue is what people pay where they go (not everyone's best bundle), over profiles with a known current
    plan."""

    operator: str
    customers_now: int
    revenue_fen_now: int
    """What its customers pay on their current plans now (those whose plan meets their needs)."""
    customers_fitting_now: int
    """Of its customers, those whose plan meets their needs: whose pay ``revenue_fen_now`` is."""
    kept_before: int
    """Of its customers, those on one of its plans without the edit (the rest leave it anyway)."""
    kept_after: int
    won_before: int
    """Other operators' customers who go to one of its plans without the edit (its own customers moving between its
    plans are kept, not won)."""
    won_after: int
    revenue_fen_before: int
    """What everyone on its plans pays it a month without the edit (its customers who stay and those it wins)."""
    revenue_fen_after: int


class NoFit(TypedDict):
    before: int
    after: int


class OtherCurrencyPlan(TypedDict):
    plan_id: str
    operator: str
    currency: str


class NotOnSale(TypedDict):
    id: str
    kind: Literal["plan", "pack"]
    available_from: str | None
    available_until: str | None


class Unchecked(TypedDict):
    id: str
    kind: Literal["plan", "pack"]
    members_of: list[str]
    groups: list[str]


class CustomersOnly(TypedDict):
    id: str
    kind: Literal["plan", "pack"]
    holders_only: bool
    customers: str
    """``existing``, ``new`` or ``any``: who of its operator's customers may buy it."""


class CatalogueInfo(TypedDict):
    version: str
    plans: int
    packs: int
    other_currency_plans: list[OtherCurrencyPlan]
    """Plans priced in another currency than the population's: not compared (not in ``plans``)."""
    not_on_sale: list[NotOnSale]
    """Plans and packs not on sale on the report's day (``inputs.as_of``): no one is given them."""
    unchecked: list[Unchecked]
    """Plans and packs sold only to members of a membership or a group, which a population does not name: open to
    everyone but a person on a plan of another membership (``whatif``'s rule, as ``recommend``'s lenient one)."""
    customers_only: list[CustomersOnly]
    """Plans and packs kept for the people on them, or sold to an operator's existing or new customers: a row naming
    no current plan (``rows_without_current_plan``) is counted as one who may buy them."""


class PackChange(TypedDict):
    pack_id: str
    changes: list[str]
    """The pack's fields that differ (``price_fen``, ``adds`` for what it adds, ``rule`` for conditions of sale ...)."""
    price_fen_before: int
    price_fen_after: int
    conditions: NotRequired[list[ConditionChange]]
    """With ``rule`` among ``changes``: each condition of sale changed, before and after."""
    sold_apart_now: NotRequired[list[str]]
    """With ``sold_apart`` among ``changes``: the plans and packs of both catalogues no one may now buy it with, for
    conditions of sale no one could meet together (its own file unchanged there), plans first."""
    sold_together_again: NotRequired[list[str]]
    """With ``sold_apart``: those it may be bought with again."""
    adds: NotRequired[list[AddsChange]]
    """With ``adds`` among ``changes``: each amount it adds that changed, before and after."""
    install_fen_before: NotRequired[int]
    """With ``install_fen`` among ``changes``: its installation fee before and after (0: none)."""
    install_fen_after: NotRequired[int]
    max_count_before: NotRequired[int]
    """With ``max_count`` among ``changes``: how many may be bought a month (days, uses) before and after; each field
    of ``PACK_VALUES`` among ``changes`` alike, ``<field>_before`` and ``<field>_after`` (found by the user test:
    "most a month" said not from what to what, where a price is said with its amounts)."""
    max_count_after: NotRequired[int]
    billing_before: NotRequired[str]
    """``monthly``, ``per_day`` or ``per_use``."""
    billing_after: NotRequired[str]
    downlink_mbps_before: NotRequired[int]
    """A speed it raises to, in Mbps (0: none); ``uplink_mbps`` and ``broadband_mbps`` alike."""
    downlink_mbps_after: NotRequired[int]
    uplink_mbps_before: NotRequired[int]
    uplink_mbps_after: NotRequired[int]
    broadband_mbps_before: NotRequired[int]
    broadband_mbps_after: NotRequired[int]
    satellite_before: NotRequired[bool]
    satellite_after: NotRequired[bool]
    subscription_before: NotRequired[bool]
    subscription_after: NotRequired[bool]
    per_line_before: NotRequired[bool]
    per_line_after: NotRequired[bool]
    group_before: NotRequired[str | None]
    """Its group's id (None: none)."""
    group_after: NotRequired[str | None]
    name_before: NotRequired[str]
    name_after: NotRequired[str]
    name_en_before: NotRequired[str]
    name_en_after: NotRequired[str]
    operator_before: NotRequired[str]
    operator_after: NotRequired[str]


PACK_VALUES = ("max_count", "billing", "downlink_mbps", "uplink_mbps", "broadband_mbps", "satellite", "subscription",
               "per_line", "group", "name", "name_en", "operator")
"""The fields of a compiled pack (``catalogue.model.Pack``) of one value each (a number, a flag, a text), which a
``PackChange`` gives before and after (``<field>_before``, ``<field>_after``) when among its ``changes``, as it gives
the price (``price_fen``) and the installation fee (``install_fen``)."""


class CandidateInfo(CatalogueInfo):
    changed_plans: list[str]
    added_plans: list[str]
    removed_plans: list[str]
    changed_packs: list[str]
    """Packs in both catalogues whose terms differ (the plans they fit are among ``changed_plans``)."""
    pack_changes: list["PackChange"]
    """What the edit changed in each of ``changed_packs``, in its order."""
    added_packs: list[str]
    removed_packs: list[str]
    sale_ends_later: list[NotOnSale]
    """Plans and packs of both catalogues whose sale the edit ends (``available_until``) on or after the day scored,
    so scored as on sale."""


class Revenue(TypedDict):
    total_fen_before: int
    total_fen_after: int
    change_fen: int
    definition: str


class Switches(TypedDict):
    changed_best_plan: int
    top: list[Switch]
    pairs: int


class CurrentSwitches(TypedDict):
    unknown_current_plan: int
    changed_plan: int
    """Profiles whose best plan after the edit is not their current plan (or nothing fits)."""
    changed_plan_before: int
    """The same in the baseline: those who would move without the edit (most moves are not the edit's)."""
    top: list[Switch]
    pairs: int


class SegmentRow(TypedDict):
    """One segment's figures: the profiles in it (a region, an age band, a data band), scored as the whole is."""

    segment: str | None
    """A region's code (``CN-BJ``) or a band's (``16-30``, ``10-20``: ``whatif.band_codes``); None: the rows that do
    not say (an empty region or age cell)."""
    low: NotRequired[int]
    """A band's bounds: ``low`` in it, ``high`` not (None: no upper bound); ages in whole years, data in GB a month."""
    high: NotRequired[int | None]
    profiles: int
    no_fit_before: int
    no_fit_after: int
    changed_best_plan: int
    """Profiles whose best plan changes (``switches.changed_best_plan`` of the segment)."""
    share_changed_best_plan: float
    """... over the segment's profiles."""
    profiles_fitting_both: int
    savings_fen: int
    """Pay before − pay after, summed over the segment's profiles some plan fits before and after (``savings``)."""
    mean_savings_fen: float | None
    profiles_saving: int
    saved_fen: int
    """What those who pay less save, summed; ``mean_saved_fen`` a person among them."""
    mean_saved_fen: float | None
    profiles_paying_more: int
    extra_cost_fen: int
    """What those who pay more pay more, summed; ``mean_extra_cost_fen`` a person among them."""
    mean_extra_cost_fen: float | None
    revenue_fen_before: int
    revenue_fen_after: int
    """What the segment's profiles pay a month on their best bundle, before and after (``revenue``)."""
    changed_plan: int
    """Profiles with a known current plan who would move from it with the edit (``current_switches``)."""
    changed_plan_before: int
    top: list[Switch]
    """The segment's best-plan moves, the most common first (``summary.SEGMENT_MOVES`` of them)."""
    pairs: int


class SegmentColumn(TypedDict):
    """The figures broken down by one of the population's columns (``whatif.SEGMENT_COLUMNS``)."""

    column: str
    in_population: bool
    """False: the population has no such column, and ``segments`` is empty (no segment is made up)."""
    segments: list[SegmentRow]


class Pay(TypedDict):
    before: Stats
    after: Stats
    current: CurrentPayStats
    histogram_before: Histogram
    histogram_after: Histogram


class EngineUsed(TypedDict):
    """Which engine ran: ``master`` for Spark, ``workers`` for the local pool."""

    name: Literal["local", "spark"]
    master: NotRequired[str]
    cores: NotRequired[int]
    """The cores Spark ran tasks on (its default parallelism; absent where Spark does not say: Spark Connect)."""
    busy_partitions: NotRequired[int]
    """Of Spark's partitions, those that had rows to score (fewer than ``cores``: the run used no more cores)."""
    workers: NotRequired[int]
    busy_workers: NotRequired[int]
    """Of the local workers, those that scored a piece (a Parquet row group or a CSV batch)."""


class Engine(EngineUsed):
    """How the run was made (added by the CLI)."""

    seconds: float
    profiles_per_second: int | None


class Inputs(TypedDict):
    baseline: str
    candidate: str
    population: str
    as_of: NotRequired[str]
    """The day conditions of sale were read at (ISO date)."""


class Summary(TypedDict):
    """The what-if report document; ``engine`` and ``inputs`` are added by the CLI."""

    profiles: int
    no_fit: NoFit
    baseline: CatalogueInfo
    candidate: CandidateInfo
    plans: list[PlanRow]
    operators: list[OperatorRow]
    customers: list[OperatorCustomers]
    revenue: Revenue
    switches: Switches
    current_switches: CurrentSwitches
    pay: Pay
    savings: Savings
    savings_vs_current: SavingsVsCurrent
    savings_vs_current_before: SavingsVsCurrent
    """``savings_vs_current`` without the edit: what people on a known plan would save where they go on the
    baseline (beside the edit's figure, how much of it is the edit's)."""
    quantiles: str
    rows_without_current_plan: int
    """The rows naming no current plan (or one neither catalogue has): who may buy ``customers_only`` is not known of
    them, and they are counted as ones who may."""
    segments: NotRequired[list[SegmentColumn]]
    """The figures by region, age band and data band (a document written before them has none)."""
    engine: NotRequired[Engine]
    inputs: NotRequired[Inputs]
