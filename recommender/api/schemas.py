"""The wire format: marshmallow schemas for requests (strict) and responses (documentation).

Request schemas mirror ``recommender.profile.Profile`` exactly: unknown fields are rejected,
booleans must be JSON ``true``/``false``, counts must be JSON integers (no ``"5"``, no ``5.5``,
no ``true``), data volumes JSON numbers, and the ranges are the profile's.  Response schemas
document the answer document (``Answer.to_dict()``) and the catalogue as served, where every
decimal figure is a JSON *string* (``"21.9"``), exact as written in the plan files.
"""

import copy
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from ..answer import MAX_TOP_K
from ..messages import message, render
from ..money import yuan_to_fen
from ..optimise.planner import ENGINES
from ..profile import (
    A_CURRENCY,
    A_REGION,
    A_TAG_ID,
    AN_OPERATOR_ID,
    APP_CATEGORIES,
    CURRENCY_PATTERN,
    DAYS_IN_MONTH,
    ID_PATTERN,
    ISO_DATE,
    MAX_AGE,
    MAX_BENEFIT_YUAN,
    MAX_COUNT,
    MAX_DAYS,
    MAX_FEN,
    MAX_GB,
    MAX_HORIZON_MONTHS,
    MAX_LINES,
    MAX_MBPS,
    MAX_MONTHS,
    MAX_RATE,
    MAX_RECORDS,
    MAX_TRIPS,
    MIN_RATE,
    RECORD_FIGURE,
    REGION_PATTERN,
    ZONES,
    Coded,
)
from .errors import FILE_AS_TEXT

# -- strict fields -------------------------------------------------------------------------


class StrictInteger(fields.Integer):
    """A JSON integer: not a string, not a float (even 5.0), not a boolean."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        # what marshmallow's Integer makes of an int, without checking again what was just checked (``strict``: an
        # isinstance against numbers.Integral, an ABC; then a bool, an overflow): about 3 µs an integer of a request
        return int(value)


class QueryInteger(fields.Integer):
    """An integer in a query string: ASCII digits, a minus allowed (found by QA: Python's ``int`` also read
    ``top_k=1_0`` as 10, `` 2 `` and full-width ``２``, which the document's ``integer`` does not admit)."""

    _DIGITS = re.compile(r"-?[0-9]+")

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: Any) -> int:
        if not isinstance(value, str) or not self._DIGITS.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StrictBoolean(fields.Boolean):
    """A JSON boolean: ``true`` or ``false`` only (marshmallow's accepts 0/1/"yes")."""

    default_error_messages = {"invalid": "Not a valid boolean: use true or false."}

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class JsonDecimal(fields.Float):
    """A finite JSON number (integer or fraction), loaded exactly as ``Decimal(str(number))``."""

    default_error_messages = {"invalid": "Not a valid number."}

    def _deserialize(  # type: ignore[override]  # marshmallow's Number promises float; JSON numbers load exactly, as Decimal
            self, value: object, attr: str | None, data: object, **kwargs: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.make_error("invalid")
        return Decimal(str(value))


class EntryDict(fields.Dict):
    """A JSON object of entries whose errors are named by the entry (``exchange_rates.USD``): marshmallow
    files them under ``key`` or ``value`` (``exchange_rates.USD.value``), which are not fields.  It holds at most
    ``most`` entries, published as ``maxProperties`` (``validate.Length`` was published as ``maxLength``, which JSON
    Schema reads of strings alone, and refused "Longer than maximum length 16": found by the integrator test)."""

    def __init__(self, *, most: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.most = most
        self.metadata = {**self.metadata, "maxProperties": most}

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: Any) -> dict[Any, Any]:
        if isinstance(value, dict) and len(value) > self.most:
            raise ma.ValidationError(f"At most {self.most} entries.")
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ma.ValidationError as exc:
            messages = exc.messages
            if isinstance(messages, dict):
                messages = {entry: [text for part in found.values() for text in part]
                            if isinstance(found, dict) and set(found) <= {"key", "value"} else found
                            for entry, found in messages.items()}
            raise ma.ValidationError(messages, valid_data=exc.valid_data) from None


def _whole_fen(value: Decimal) -> None:
    """Money in yuan is a whole number of fen."""
    try:
        yuan_to_fen(value)
    except ValueError:
        raise ma.ValidationError("a whole number of fen (at most 2 decimals) is needed") from None


class IsoDate(fields.Date):
    """YYYY-MM-DD only, as documented and as TMF680 and the domain take it (the CSV upload reads a spreadsheet's dates
    too, ``usage.csv.SHEET_DATE``; marshmallow's ``Date`` reads whatever ``date.fromisoformat`` does: ``2025-W01-1``
    and ``20250101`` too)."""

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: Any) -> Any:
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise ma.ValidationError("Not a valid date: use YYYY-MM-DD.")
        return super()._deserialize(value, attr, data, **kwargs)


class DecimalString(fields.String):
    """A decimal figure serialised as a JSON string (exact: ``"21.9"``, not ``21.899999``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})
        kwargs["metadata"] = {"format": "decimal", "example": "21.9", **kwargs["metadata"]}
        super().__init__(**kwargs)


def _count(maximum: int, description: str) -> StrictInteger:
    return StrictInteger(validate=validate.Range(0, maximum), metadata={"description": description})


# -- the profile (request body) --------------------------------------------------------------


class _StrictSchema(ma.Schema):
    """Unknown fields rejected; and a schema whose fields are all optional without a default loads only the fields
    given.  marshmallow otherwise deserializes every declared field on every load, absent ones included, to find
    that an absent optional field yields nothing: the profile's 24 fields and its needs' 10 for a body of four
    (about 30 µs of a POST /api/v1/recommendations, found by the HTTP QA).  Skipping them is marshmallow's own
    ``partial``, given as this schema's field names (``_skippable``): an absent one is skipped, which changes nothing
    else for such a schema (no field is required or has a default), and a nested schema is loaded whole, its required
    fields required (``partial=True`` would pass itself down to every nested schema: found in review, harmless only
    while each nested schema was one of these, which do not read it); a schema with a required field (a record's
    ``kind``) loads as before, whatever the schema it is nested in."""

    class Meta:
        unknown = ma.RAISE

    _skippable: frozenset[str] | None = None
    """The fields an absent one of which is skipped: all of them when every field is optional without a default, else
    none; worked out on the first load."""

    def load(self, data: Any, *, many: bool | None = None, partial: Any = None, unknown: Any = None) -> Any:
        # (``partial`` as a parent schema passes it down is not this schema's: nothing here loads partially)
        skippable = self._skippable
        if skippable is None:
            fields_ = self.load_fields
            only_given = not any(f.required or f.load_default is not ma.missing for f in fields_.values())
            skippable = self._skippable = frozenset(fields_) if only_given else frozenset()
        return super().load(data, many=many, partial=skippable or None, unknown=unknown)


def _gb(description: str) -> JsonDecimal:
    return JsonDecimal(validate=validate.Range(0, int(MAX_GB)), metadata={"description": description})


def _days(description: str) -> StrictInteger:
    return StrictInteger(allow_none=True, validate=validate.Range(1, MAX_DAYS), metadata={"description": description})


class RoamingNeedSchema(_StrictSchema):
    """One trip outside the Chinese mainland (without ``zone``: roaming wherever it happens)."""

    data_gb = _gb("GB outside the Chinese mainland (a month, or on this trip)")
    voice_minutes = _count(MAX_COUNT, "minutes outside the Chinese mainland (a month, or on this trip)")
    zone = fields.String(allow_none=True, validate=validate.OneOf(ZONES),
                         metadata={"description": "where: prices per zone and zone day passes apply only when given"})
    days = _days("days outside the Chinese mainland: what day passes are bought for (default 1)")


TRIP = RoamingNeedSchema()
"""The one trip schema every ``TripsField`` loads with (a schema is built once: building one took longer than the
load itself, about 26 µs a trip; loading is reentrant, as for the schemas flask-smorest keeps per route)."""


class TripsField(fields.Field):
    """``needs.roaming``: one trip (an object) or a list of trips in the order they happen (documented as
    ``oneOf`` by ``api.app``)."""

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: Any) -> object:
        if isinstance(value, dict):
            return TRIP.load(value)
        if not isinstance(value, list):
            raise ma.ValidationError("a trip (an object) or a list of trips is needed")
        if len(value) > MAX_TRIPS:
            raise ma.ValidationError(f"at most {MAX_TRIPS} trips")
        trips, errors = [], {}
        for i, item in enumerate(value):
            try:
                if not isinstance(item, dict):
                    raise ma.ValidationError({"_schema": ["a trip is an object"]})
                trips.append(TRIP.load(item))
            except ma.ValidationError as exc:
                errors[i] = exc.messages
        if errors:
            raise ma.ValidationError(errors)
        return trips


class NeedsSchema(_StrictSchema):
    min_uplink_mbps = _count(MAX_MBPS, "hard need: peak uplink, Mbps")
    min_downlink_mbps = _count(MAX_MBPS, "hard need: peak downlink, Mbps")
    uplink_days = _days(f"days a month the uplink speed is needed (default: the whole month, {DAYS_IN_MONTH} days); "
                        "per-day packs are bought for these days; only with min_uplink_mbps above 0")
    downlink_days = _days("days a month the downlink speed is needed (default: the whole month); only with "
                          "min_downlink_mbps above 0")
    satellite = StrictBoolean(metadata={"description": "hard need: direct-to-phone satellite service"})
    satellite_minutes = _count(MAX_COUNT, "satellite call minutes a month")
    satellite_sms = _count(MAX_COUNT, "satellite texts a month")
    roaming = TripsField(metadata={"description": f"a trip, or a list of up to {MAX_TRIPS} trips in the order "
                                                  "they happen"})
    broadband = StrictBoolean(metadata={"description": "hard need: home broadband (any speed)"})
    broadband_mbps = _count(MAX_MBPS, "hard need: home broadband at least this fast, Mbps")


AppShareSchema = _StrictSchema.from_dict(
    {category: _gb(f"GB used in {category} apps") for category in APP_CATEGORIES}, name="AppShareSchema")
"""GB of the month's data used in these app categories (their sum at most the data it splits)."""


def _share_fits(data: dict[str, Any], total: Decimal | None = None, of: str = "data_gb") -> None:
    """The app share of ``data`` adds up to at most ``total`` (``of``), by default its own ``data_gb``."""
    share = data.get("app_share") or {}
    total = data.get("data_gb") or Decimal(0) if total is None else total
    if sum(share.values(), Decimal(0)) > total:
        raise ma.ValidationError(f"app_share adds up to more than {of} ({total})", "app_share")


class LineUsageSchema(_StrictSchema):
    """One line of a household (the first is the holder's)."""

    name = fields.String(allow_none=True, validate=validate.Length(max=64),
                         metadata={"description": "who uses the line (shown in the answer)"})
    data_gb = _gb("GB a month (1 GB = 1024 MB)")
    voice_minutes = _count(MAX_COUNT, "domestic minutes a month")
    sms = _count(MAX_COUNT, "messages a month")
    needs = fields.Nested(NeedsSchema, allow_none=True, metadata={"description": "this line's own hard needs"})
    app_share = fields.Nested(AppShareSchema, metadata={"description": "GB of data_gb used in these app categories"})

    @ma.validates_schema
    def _share(self, data: dict[str, Any], **kwargs: Any) -> None:
        _share_fits(data)


class CurrentSchema(_StrictSchema):
    """Exactly one of ``plan_id`` (a plan of the served catalogue) or ``monthly_bill_fen``."""

    plan_id = fields.String(allow_none=True, validate=validate.Length(max=64),
                            metadata={"description": "a plan id of the served catalogue (see GET /api/v1/plans)"})
    monthly_bill_fen = StrictInteger(allow_none=True, validate=validate.Range(0, MAX_FEN))

    # "Exactly one of" is the domain's rule (``profile.Current``), checked once, there; the document
    # states it as oneOf (``api.app._document_one_of_current``).


def _coded(coded: Coded) -> Callable[[str], None]:
    """The profile's rule of a code (``profile.Coded``) as the schema's check, its reason the profile's words in
    English: "'China-Mobile' is not an operator id (...): write 'china-mobile'" (it was marshmallow's "String does
    not match expected pattern.", the pattern checked twice); the document keeps the pattern (``metadata``)."""

    def check(value: str) -> None:
        if (problem := coded.problem(value)) is not None:
            raise ma.ValidationError(render(problem))

    return check


def _operator() -> fields.String:
    return fields.String(validate=_coded(AN_OPERATOR_ID), metadata={
        "pattern": ID_PATTERN, "description": "an operator id of the served catalogue (see GET /api/v1/plans)"})


def _tag() -> fields.String:
    return fields.String(validate=_coded(A_TAG_ID), metadata={"pattern": ID_PATTERN})


class AboutSchema(_StrictSchema):
    """Who the person is, for conditions of sale; every part optional (absent = unknown)."""

    age = StrictInteger(allow_none=True, validate=validate.Range(0, MAX_AGE))
    region = fields.String(allow_none=True, validate=_coded(A_REGION), metadata={
        "pattern": REGION_PATTERN, "description": "ISO 3166-2 code of a market in the catalogue, e.g. CN-BJ"})
    customer_of = fields.String(allow_none=True, validate=_coded(AN_OPERATOR_ID), metadata={
        "pattern": ID_PATTERN, "description": "the operator the person is a customer of now"})
    memberships = fields.List(_tag(), allow_none=True, validate=validate.Length(max=32),
                              metadata={"description": "memberships held (ids declared by the plan files); [] = none"})
    groups = fields.List(_tag(), allow_none=True, validate=validate.Length(max=32),
                         metadata={"description": "groups the person belongs to, e.g. student; [] = none"})


class MonthSchema(_StrictSchema):
    data_gb = JsonDecimal(validate=validate.Range(0, int(MAX_GB)), metadata={"description": "GB (1 GB = 1024 MB)"})
    voice_minutes = _count(MAX_COUNT, "domestic minutes")
    sms = _count(MAX_COUNT, "messages")
    roaming = TripsField(metadata={"description": "trips made in this month only (a trip, or a list in the order "
                                                  "they happen), besides needs.roaming's, which are every "
                                                  "month's; as the history repeats over the horizon, so do they"})


class RecordSchema(_StrictSchema):
    kind = fields.String(required=True, validate=validate.OneOf(["call", "data", "sms"]))
    date = IsoDate(required=True, metadata={"description": "YYYY-MM-DD; its month is the billing month"})
    duration_s = _count(MAX_COUNT, "seconds, for a call (required for one)")
    mb = JsonDecimal(validate=validate.Range(0, int(MAX_GB) * 1024),
                     metadata={"description": "MB, for a data session (required for one)"})

    @ma.validates_schema
    def _its_figure(self, data: dict[str, Any], **kwargs: Any) -> None:
        """A call gives its seconds, a data session its MB (``profile.RECORD_FIGURE``), at the field's path."""
        figure = RECORD_FIGURE.get(data.get("kind", ""))
        if figure is not None and data.get(figure) is None:
            raise ma.ValidationError(render(message(f"profile.record_figure.{data['kind']}")), figure)


def _rate() -> JsonDecimal:
    return JsonDecimal(validate=validate.Range(MIN_RATE, MAX_RATE))


def _currency() -> fields.String:
    return fields.String(validate=_coded(A_CURRENCY), metadata={
        "pattern": CURRENCY_PATTERN, "description": "a currency of the served catalogue, e.g. CNY"})


class ProfileSchema(_StrictSchema):
    """How a person uses their phone; every field optional, unknown fields rejected.

    Usage is given one way: one month (``data_gb``, ``voice_minutes``, ``sms``), a history
    (``months``, up to 24), or itemised ``records`` (e.g. uploaded as CSV).
    """

    data_gb = JsonDecimal(validate=validate.Range(0, int(MAX_GB)),
                          metadata={"description": "GB a month (1 GB = 1024 MB)"})
    voice_minutes = _count(MAX_COUNT, "domestic minutes a month")
    sms = _count(MAX_COUNT, "messages a month")
    lines = fields.List(fields.Nested(LineUsageSchema), allow_none=True, validate=validate.Length(1, MAX_LINES),
                        metadata={"description": f"a household: one entry per line, the holder first (at most "
                                                 f"{MAX_LINES}), instead of data_gb/voice_minutes/sms; one entry is "
                                                 "a one-line profile"})
    app_share = fields.Nested(AppShareSchema, metadata={
        "description": "GB of data_gb (of each month of a history: at most the largest month's, and in a smaller "
                       "month at most its data) used in these app categories"})
    needs = fields.Nested(NeedsSchema, metadata={"description": "hard needs (a household's: the holder's and "
                                                               "the whole household's, e.g. broadband)"})
    benefits = fields.List(_tag(), validate=validate.Length(max=32),
                           metadata={"description": "benefits wished for (reported, not required)"})
    operators = fields.List(_operator(), allow_none=True, validate=validate.Length(min=1),
                            metadata={"description": "only these operators (null: all)"})
    exclude_operators = fields.List(_operator())
    current = fields.Nested(CurrentSchema, allow_none=True)
    budget_fen = StrictInteger(allow_none=True, validate=validate.Range(0, MAX_FEN),
                               metadata={"description": "most the person will pay a month, fen"})
    allow_throttling = StrictBoolean(metadata={"description": "accept slower data beyond the cap"})
    months = fields.List(fields.Nested(MonthSchema), allow_none=True, validate=validate.Length(1, MAX_MONTHS),
                         metadata={"description": "a usage history instead of one month"})
    records = fields.List(fields.Nested(RecordSchema), allow_none=True, validate=validate.Length(1, MAX_RECORDS),
                          metadata={"description": "itemised calls, sessions and messages, their dates within "
                                                 f"{MAX_MONTHS} calendar months (as a history's months)"})
    objective = fields.String(validate=validate.OneOf(["total", "worst_month"]),
                              metadata={"description": "rank by effective monthly price, or by the worst month"})
    horizon_months = StrictInteger(validate=validate.Range(1, MAX_HORIZON_MONTHS),
                                   metadata={"description": "months the effective price is averaged over (default 24)"})
    currency = _currency()
    exchange_rates = EntryDict(keys=_currency(), values=_rate(), most=16,
                                 metadata={"description": "units of `currency` per unit of another currency"})
    about = fields.Nested(AboutSchema)
    eligibility = fields.String(validate=validate.OneOf(["strict", "lenient"]), metadata={
        "description": "lenient (default): plans with unknown conditions are ranked, conditions listed; "
                       "strict: left out"})
    as_of = IsoDate(allow_none=True, metadata={"description": "read conditions of sale at this date (today)"})
    benefits_required = fields.List(_tag(), validate=validate.Length(max=32),
                                    metadata={"description": "benefits a bundle must include"})
    benefit_values = EntryDict(keys=_tag(), values=JsonDecimal(
                                     validate=[validate.Range(0, MAX_BENEFIT_YUAN), _whole_fen],
                                     metadata={"multipleOf": 0.01}),
                                 most=32, metadata={
                                     "description": "what a benefit is worth a month in `currency` (yuan): "
                                                    "subtracted for the ranking only"})

    @ma.validates_schema
    def _usage_one_way(self, data: dict[str, Any], **kwargs: Any) -> None:
        """A household gives its usage in ``lines`` only; the app share of one month at most its data, of a history
        at most its largest month's (each month's apps use at most its data when priced, as records' months).  (The
        household's needs and its holder's line's add up: ``Needs.merged``.)"""
        if data.get("lines") is not None:
            given = [name for name in HOUSEHOLD_EXCLUDES if data.get(name) is not None]
            if given:
                raise ma.ValidationError(f"give usage one way: lines, or {', '.join(given)}", "lines")
        elif ways := [name for name in ("months", "records") if data.get(name) is not None]:
            totals = [name for name in ("data_gb", "voice_minutes", "sms") if data.get(name)]
            if len(ways) > 1 or totals:
                raise ma.ValidationError("give usage one way: data_gb/voice_minutes/sms, months, or records "
                                         f"(got {', '.join(totals + ways)})", ways[-1])
        if data.get("lines") is not None or data.get("records") is not None:
            return
        months = data.get("months")
        if months is None:
            _share_fits(data)
        else:
            largest = max((m.get("data_gb") or Decimal(0) for m in months), default=Decimal(0))
            _share_fits(data, largest, "the largest month's data_gb")


HOUSEHOLD_EXCLUDES = ("data_gb", "voice_minutes", "sms", "app_share", "months", "records")
"""What a profile with ``lines`` does not give (its usage is per line)."""


class UsageUploadFilesSchema(ma.Schema):
    records = Upload(required=True, metadata={"description": "CSV: kind,date,duration_s,mb (other columns ignored)"})


class UsageUploadFormSchema(_StrictSchema):
    profile = fields.String(validate=validate.Length(max=16_384),
                            metadata={"description": "the rest of the profile as JSON text (no usage fields)"})

    @ma.pre_load
    def _files_sent_as_text(self, data: Any, **kwargs: Any) -> Any:
        """The file parts sent as text fields are said so, not 'Unknown field.' (found by QA: ``-F records=<csv
        text>`` was told its one required field was unknown)."""
        sent = [name for name in UsageUploadFilesSchema._declared_fields if name in data]
        if sent:
            raise ma.ValidationError({name: [FILE_AS_TEXT] for name in sent})
        return data


class NoQuerySchema(ma.Schema):
    """No query parameter: an unknown one (a filter or ``fields=`` the endpoint does not have) is a 422, not
    ignored (found by QA: ``/api/v1/plans?operator=china-mobile`` answered every plan)."""


class RecommendOptionsSchema(ma.Schema):
    """Query parameters of ``POST /api/v1/recommendations``."""

    top_k = QueryInteger(load_default=5, validate=validate.Range(1, MAX_TOP_K),
                           metadata={"description": "how many ranked plans"})
    per_operator = QueryInteger(load_default=None, validate=validate.Range(1, MAX_TOP_K),
                                  metadata={"description": "at most this many ranked plans per operator"})
    engine = fields.String(load_default="auto", validate=validate.OneOf(ENGINES),
                           metadata={"description": "auto (compiled tables, CP-SAT for the rest), cp-sat, "
                                                    "or enumerate (exhaustive, slow)"})
    detail = fields.String(load_default=None, validate=validate.OneOf(["months"]),
                           metadata={"description": "months: send each recommendation's `months` for a one-month "
                                                    "profile too (always sent for `months` and `records` histories)"})


# -- the answer (response) -------------------------------------------------------------------


class PackRefSchema(ma.Schema):
    id = fields.String(required=True)
    count = fields.Integer(required=True)
    name = fields.String(required=True)
    needed_for = fields.List(fields.String(), required=True, metadata={
        "description": "the needs the pack is bought for, named as `needs[].need` (`min_uplink_mbps`, "
                       "`min_downlink_mbps`, `satellite`, `broadband`, `benefit:<tag>`): those the plan alone does "
                       "not meet; empty for a pack bought for what it adds (data, minutes, roaming)"})
    lines = fields.List(fields.Integer(), metadata={
        "description": "a household's pack sold per SIM (per_line): how many of `count` were bought for each line, "
                       "the holder first (the rest serve no line's speed)"})


class CodeSchema(ma.Schema):
    code = fields.String(required=True)
    params = fields.Dict(keys=fields.String(), required=True, metadata={
        "description": "JSON values: money in minor units (`*_fen`, with `currency`), data in MB, voice in seconds"})


class MessageSchema(CodeSchema):
    """A reason or suggestion: a code with parameters, and its wording in English."""

    text = fields.String(required=True)


class ConditionSchema(MessageSchema):
    status = fields.String(required=True, validate=validate.OneOf(["met", "not_met", "unknown", "kept"]), metadata={
        "description": "met, not_met, unknown, or kept: a condition of the person's own plan they do not (or may not) "
                       "meet, which binds signing up for it, not keeping it"})
    ref = fields.String(required=True, metadata={"description": "the plan or pack the condition is of"})
    assumed = fields.Boolean(required=True, metadata={
        "description": "the condition rests on an assumption (the plan file's `eligibility.source`), not the source"})


class LineSchema(ma.Schema):
    item = fields.String(required=True, metadata={
        "description": "the line worded in the answer's language, as `Content-Language` says (see `label`)"})
    kind = fields.String(required=True, metadata={
        "description": "base | pack | overage | throttled | line (an extra line's fee) | day_pass | month"})
    ref = fields.String(required=True)
    fen = fields.Integer(required=True)
    yuan = fields.String(required=True)
    assumed = fields.Boolean(required=True, metadata={"description": "the amount rests on an assumed figure"})
    label = fields.Nested(CodeSchema, required=True)
    owner = fields.Integer(allow_none=True, metadata={
        "description": "households only: whose line it is (0 the holder, i the i-th extra line, null shared "
                       "by the household)"})


class NeedCheckSchema(ma.Schema):
    need = fields.String(required=True, metadata={
        "description": "min_uplink_mbps, min_downlink_mbps, satellite, broadband (Mbps), a meter (data_mb, voice_s, "
                       "sms, roaming_data_mb, roaming_voice_s, satellite_voice_s, satellite_sms), roaming (trips "
                       "covered), extra_lines, line<i>:<meter> (the i-th extra line's own allowance), "
                       "benefit:<tag>"})
    required = fields.Integer(required=True)
    provided = fields.Integer(required=True)
    met = fields.Boolean(required=True)
    assumed = fields.Boolean(required=True, metadata={
        "description": "met only on estimated figures (a speed, broadband speed or satellite service whose source "
                       "is an assumption)"})


class SavingsSchema(ma.Schema):
    code = fields.String(required=True, validate=validate.OneOf(["current_plan", "holders_only", "saves", "same_price",
                                                                  "dearer"]),
                         metadata={"description": "current_plan (the plan the person has: 0), holders_only (a plan "
                                                  "kept for the people on it, beside a bill: no saving to be had by "
                                                  "switching, whatever fen says), saves, same_price, or dearer (never "
                                                  "a saving)"})
    fen = fields.Integer(required=True, metadata={"description": "the current effective monthly price minus this "
                                                                 "one's; negative when the bundle costs more"})
    yuan = fields.String(required=True)
    per_year_fen = fields.Integer(required=True)


class MonthAnswerSchema(ma.Schema):
    month = fields.String(required=True, metadata={"description": "YYYY-MM for records, 1, 2, ... otherwise"})
    packs = fields.List(fields.Nested(PackRefSchema), required=True)
    total_fen = fields.Integer(required=True)
    total_yuan = fields.String(required=True)
    assumed_fen = fields.Integer(required=True)
    billed = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                         metadata={"description": "billed quantities under the plan's rules: MB, seconds, messages"})
    breakdown = fields.List(fields.Nested(LineSchema), required=True)


class PoolUseSchema(ma.Schema):
    used = fields.Integer(required=True, metadata={"description": "what the whole household uses (MB, s, messages)"})
    allowance = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the shared pool: the plan's, its packs' and what each extra line adds (null: unlimited)"})
    app_covered = fields.Integer(metadata={"description": "data only: MB of `used` covered by app data"})


class HouseholdSchema(ma.Schema):
    """A household bundle's bill by line: `sum(per_line_fen) + shared_fen == total_fen`."""

    lines = fields.Integer(required=True, metadata={"description": "how many lines (the holder's first)"})
    names = fields.List(fields.String(allow_none=True), required=True)
    per_line_fen = fields.List(fields.Integer(), required=True, metadata={
        "description": "per line, the invoice lines it owns: the holder's base fee and own overage, an extra "
                       "line's fee and own overage"})
    shared_fen = fields.Integer(required=True, metadata={
        "description": "what the household shares: packs, overage of shared pools, roaming"})
    one_off_fen = fields.Integer(required=True, metadata={
        "description": "the packs' installation fees (the plan's own one-off fee is a term): not in total_fen "
                       "(in first_month_fen and the effective price)"})
    shared_pool_use = fields.Dict(keys=fields.String(), values=fields.Nested(PoolUseSchema), required=True,
                                  metadata={"description": "per shared meter (data_mb, voice_s, sms)"})


class RecommendationSchema(ma.Schema):
    rank = fields.Integer(required=True, allow_none=True)
    operator = fields.String(required=True)
    plan_id = fields.String(required=True)
    plan_name = fields.String(required=True)
    packs = fields.List(fields.Nested(PackRefSchema), required=True)
    total_fen = fields.Integer(required=True)
    total_yuan = fields.String(required=True)
    breakdown = fields.List(fields.Nested(LineSchema), required=True)
    needs = fields.List(fields.Nested(NeedCheckSchema), required=True)
    needs_met = fields.Boolean(required=True)
    headroom = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                           metadata={"description": "unused allowance per meter"})
    benefits_met = fields.List(fields.String(), required=True)
    benefits_missing = fields.List(fields.String(), required=True)
    savings = fields.Nested(SavingsSchema, required=True, allow_none=True)
    optimal = fields.Boolean(required=True)
    currency = fields.String(required=True, metadata={"description": "the plan's currency (money in its minor unit)"})
    months = fields.List(fields.Nested(MonthAnswerSchema), metadata={
        "description": "each usage month's packs, bill and breakdown: sent for histories (`months`, `records`); "
                       "left out for a one-month profile (it would repeat `breakdown`) unless `?detail=months`"})
    first_month_fen = fields.Integer(required=True, metadata={"description": "the first month's bill, one-off fee "
                                                                             "and promotion included"})
    effective_monthly_fen = fields.Integer(required=True, metadata={"description": "the horizon's total per month"})
    effective_monthly_yuan = fields.String(required=True)
    horizon_months = fields.Integer(required=True)
    horizon_total_fen = fields.Integer(required=True)
    ranking_fen = fields.Integer(required=True, metadata={"description": "effective monthly price in the profile's "
                                                                         "currency less the benefits' value: what "
                                                                         "the ranking compared (after "
                                                                         "worst_month_fen with objective "
                                                                         "worst_month)"})
    worst_month_fen = fields.Integer(required=True, metadata={
        "description": "the largest monthly bill paid over the horizon (promotions, the minimum spend and one-off "
                       "fees included) in the profile's currency: what objective worst_month ranks by first"})
    conditions = fields.List(fields.Nested(ConditionSchema), required=True, metadata={
        "description": "conditions of sale of the plan and its packs, met or unknown"})
    assumed_fen = fields.Integer(required=True, metadata={"description": "the part of total_fen resting on "
                                                                         "assumed figures"})
    benefit_value_fen = fields.Integer(required=True, metadata={
        "description": "what the bundles' benefits are worth to the person a month (benefit_values; over a "
                       "history each month's bundle, weighted as its month, averaged over the horizon), in the "
                       "profile's currency"})
    terms = fields.List(fields.Nested(MessageSchema), required=True, metadata={
        "description": "what horizon_total_fen adds to the monthly bills, as the operator sells it: "
                       "`term.promotion` (months, fee_fen), `term.one_off`, `term.installation` (pack; with "
                       "paid on a plan kept: taken as paid, not in the price), "
                       "`term.minimum_term` (months; past and owed_fen when it outlasts the horizon: the months "
                       "owed after it and what they cost, in the price), `term.minimum_spend` (fee_fen); empty for a "
                       "plan without terms"})
    household = fields.Nested(HouseholdSchema, metadata={
        "description": "profiles with 2+ lines: the bill (`total_fen`, the month's) split by line"})


def _optional_except(schema: type[ma.Schema], keep: set[str], name: str, doc: str) -> type[ma.Schema]:
    """``schema`` with every field optional except ``keep``."""
    declared: dict[str, Any] = {}
    for key, field in schema._declared_fields.items():
        field = copy.deepcopy(field)
        field.required = key in keep
        declared[key] = field
    return type(name, (ma.Schema,), {**declared, "__doc__": doc})


BestPerOperatorSchema = _optional_except(
    RecommendationSchema, {"operator", "plan_id", "rank"}, "BestPerOperatorSchema",
    "An operator's best fitting plan.  When it is among `recommendations` it is only "
    "`{operator, plan_id, rank}` (the recommendation of that rank); otherwise the whole recommendation "
    "(`rank` null).")


class SeparateLineSchema(ma.Schema):
    line = fields.Integer(required=True, metadata={"description": "0 the holder, i the i-th extra line"})
    name = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, metadata={"description": "the line's own answer's status"})
    operator = fields.String(required=True, allow_none=True)
    plan_id = fields.String(required=True, allow_none=True, metadata={"description": "null: no plan fits the line"})
    plan_name = fields.String(required=True, allow_none=True)
    packs = fields.List(fields.Nested(PackRefSchema), required=True)
    total_fen = fields.Integer(required=True, allow_none=True, metadata={"description": "the month's bill"})
    total_yuan = fields.String(required=True, allow_none=True)
    currency = fields.String(required=True, allow_none=True)
    effective_monthly_fen = fields.Integer(required=True, allow_none=True)
    price_fen = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the effective monthly price in the profile's currency"})
    breakdown = fields.List(fields.Nested(LineSchema), required=True)
    conditions = fields.List(fields.Nested(ConditionSchema), required=True, metadata={
        "description": "the line's plan's and packs' conditions of sale, as a recommendation's `conditions` "
                       "(empty when no plan fits)"})


class SeparateLinesSchema(ma.Schema):
    """The cheapest set of separate plans, one per line (each line alone, as a one-line profile)."""

    lines = fields.List(fields.Nested(SeparateLineSchema), required=True)
    sure = fields.Nested(lambda: SeparateLinesSchema(exclude=("sure",)), metadata={
        "description": "present when a line's plan rests on a condition of sale the profile leaves unknown "
                       "(`conditions[].status` unknown): the set on plans each line may surely buy (those lines "
                       "answered as with `eligibility: strict`, the others as above), in the same form; its "
                       "`household_saves_fen` against the same best household bundle"})
    complete = fields.Boolean(required=True, metadata={"description": "every line has a plan"})
    total_fen = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the month's bills summed (null: a line has no plan, or one is in another currency)"})
    total_yuan = fields.String(required=True, allow_none=True)
    effective_monthly_fen = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the lines' effective monthly prices summed, in the profile's currency"})
    currency = fields.String(required=True)
    household_saves_fen = fields.Integer(required=True, allow_none=True, metadata={
        "description": "effective_monthly_fen minus the best household bundle's effective monthly price "
                       "(positive: the household bundle is cheaper)"})
    within_budget = fields.Boolean(required=True, allow_none=True, metadata={
        "description": "effective_monthly_fen within the profile's budget (null: no budget, or a line has no plan)"})
    worst_month_fen = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the largest month of the lines' bills paid side by side (promotions, minimum spend and "
                       "one-off fees included), in the profile's currency: what objective worst_month compares "
                       "(null: a line has no plan)"})


class ExclusionSchema(ma.Schema):
    plan_id = fields.String(required=True)
    operator = fields.String(required=True)
    reasons = fields.List(fields.Nested(MessageSchema), required=True)
    cheapest_fen = fields.Integer(required=True, allow_none=True)


class PackExclusionSchema(ma.Schema):
    pack_id = fields.String(required=True)
    operator = fields.String(required=True)
    reasons = fields.List(fields.Nested(MessageSchema), required=True)


class AnswerSchema(ma.Schema):
    """The answer document: exactly what ``recommender recommend --json`` prints."""

    catalogue_version = fields.String(required=True)
    engine = fields.String(required=True, metadata={"description": "the engine(s) used: tables, cp-sat, "
                                                                   "tables+cp-sat or enumerate"})
    status = fields.String(required=True, validate=validate.OneOf(["optimal", "feasible", "infeasible", "unknown"]))
    recommendations = fields.List(fields.Nested(RecommendationSchema), required=True)
    best_per_operator = fields.List(fields.Nested(BestPerOperatorSchema), required=True, metadata={
        "description": "each operator's best plan: `{operator, plan_id, rank}` when shown in `recommendations`, "
                       "else the whole recommendation"})
    excluded = fields.List(fields.Nested(ExclusionSchema), required=True)
    suggestions = fields.List(fields.Nested(MessageSchema), required=True)
    current_fen = fields.Integer(required=True, allow_none=True)
    currency = fields.String(required=True, metadata={"description": "the currency of the ranking"})
    objective = fields.String(required=True)
    horizon_months = fields.Integer(required=True)
    excluded_packs = fields.List(fields.Nested(PackExclusionSchema), required=True,
                                 metadata={"description": "packs the person may not buy, and why"})
    as_of = fields.String(required=True, metadata={"description": "the date conditions of sale were read at"})
    eligibility = fields.String(required=True, validate=validate.OneOf(["strict", "lenient"]))
    advice = fields.List(fields.Nested(MessageSchema), required=True,
                         metadata={"description": "said first: keep_current_plan when nothing costs less than it"})
    nothing_fits = fields.Nested(MessageSchema, required=True, allow_none=True, metadata={
        "description": "status infeasible: why nothing fits (nothing_fits.over_budget, .too_many_lines, .ineligible, "
                       ".needs or .none_compared); else null"})
    separate_lines = fields.Nested(SeparateLinesSchema, metadata={
        "description": "profiles with 2+ lines: the cheapest one-plan-per-line set, beside the household ranking"})


# -- the catalogue as served (pydantic spec models dumped with mode="json") -----------------------


class FigureSchema(ma.Schema):
    # (not ``DecimalString``: an allowance may be "unlimited"; found by the integrator test, a client parsing every
    # value as a decimal, as the document said, failed on cu-wojia-188's data)
    value = fields.String(required=True, metadata={
        "description": 'a decimal figure as a JSON string ("21.9"), or "unlimited" for an allowance without limit '
                       '(data, calls, texts)', "example": "21.9"})
    source = fields.String(required=True, metadata={"description": "'seed:<fact id>' or 'assumption: <reason>'"})
    note = fields.String(required=True, allow_none=True)


MONEY = "in the operator's currency (`currency` of /api/v1/operators: yuan for CNY, dollars for USD)"
"""A plan file's price as the catalogue gives it (found by the integrator test: "yuan" of a T-Mobile plan's $50)."""


def _figure(description: str = "", nullable: bool = False) -> fields.Nested:
    return fields.Nested(FigureSchema, required=True, allow_none=nullable,
                         metadata={"description": description} if description else {})


class TierSchema(ma.Schema):
    up_to_gb = _figure("GB over the allowance the tier ends at; null: open", nullable=True)
    per_gb = _figure(MONEY)


class OverageSchema(ma.Schema):
    data_per_gb = _figure(f"per started GB over the cap, {MONEY}", nullable=True)
    data = fields.List(fields.Nested(TierSchema), required=True, allow_none=True,
                       metadata={"description": "data overage in tiers (instead of data_per_gb)"})
    cap = _figure(f"data overage never costs more a month (封顶), {MONEY}", nullable=True)
    full_speed_extra_gb = _figure("GB beyond the allowance at full speed, then throttled", nullable=True)
    throttle_kbps = _figure("speed after the cap when the plan throttles", nullable=True)
    voice_per_minute = _figure(MONEY)
    sms_each = _figure(MONEY)


class DayPassSchema(ma.Schema):
    price = _figure(f"a day, {MONEY}")
    data_gb = _figure()
    voice_minutes = _figure()
    zones = fields.List(fields.String(), required=True, allow_none=True)


class ZoneRatesSchema(ma.Schema):
    data_per_gb = _figure(MONEY, nullable=True)
    voice_per_minute = _figure(MONEY, nullable=True)


class RoamingSchema(ma.Schema):
    data_gb = _figure()
    voice_minutes = _figure()
    day_pass = fields.Nested(DayPassSchema, required=True, allow_none=True)
    zones = fields.Dict(keys=fields.String(), values=fields.Nested(ZoneRatesSchema), required=True)


class SatelliteSchema(ma.Schema):
    minutes = _figure()
    sms = _figure()
    voice_per_minute = _figure(MONEY, nullable=True)
    sms_each = _figure(MONEY, nullable=True)


class AppDataSchema(ma.Schema):
    apps = fields.List(fields.String(), required=True)
    gb = _figure()


class PerLineSchema(ma.Schema):
    data_gb = _figure(nullable=True)
    voice_minutes = _figure(nullable=True)
    sms = _figure(nullable=True)


class ExtraLinesSchema(ma.Schema):
    max = fields.Integer(required=True)
    fee = _figure(f"a month per extra line, {MONEY}")
    source = fields.String(required=True)
    shared = fields.List(fields.String(), required=True)
    per_line = fields.Nested(PerLineSchema, required=True)


class BillingSchema(ma.Schema):
    voice = fields.String(required=True, validate=validate.OneOf(["per_minute", "per_6_seconds", "per_second"]))
    data_rounding = fields.String(required=True, validate=validate.OneOf(["per_session", "per_month"]))
    data_unit_mb = fields.Integer(required=True)
    mb_per_gb = fields.Integer(required=True)
    source = fields.String(required=True)


class PromotionSchema(ma.Schema):
    first_months = fields.Integer(required=True)
    monthly_fee = _figure(MONEY)


class TermsSchema(ma.Schema):
    promotions = fields.List(fields.Nested(PromotionSchema), required=True)
    one_off_fee = _figure(MONEY, nullable=True)
    minimum_term_months = fields.Integer(required=True)
    minimum_monthly_spend = _figure(MONEY, nullable=True)


class AgeRangeSchema(ma.Schema):
    min = fields.Integer(required=True, allow_none=True)
    max = fields.Integer(required=True, allow_none=True)


class EligibilitySchema(ma.Schema):
    """Who may buy a plan or pack (every part optional; all given parts must hold)."""

    customers = fields.String(required=True, validate=validate.OneOf(["new", "existing", "any"]))
    existing_of = fields.List(fields.String(), required=True)
    age = fields.Nested(AgeRangeSchema, required=True, allow_none=True)
    regions = fields.List(fields.String(), required=True, metadata={"description": "ISO 3166-2 codes (or a country)"})
    members_of = fields.List(fields.String(), required=True)
    groups = fields.List(fields.String(), required=True)
    available_from = fields.String(required=True, allow_none=True)
    available_until = fields.String(required=True, allow_none=True)
    holders_only = StrictBoolean(required=True, metadata={
        "description": "a plan no longer sold: only the people on it now keep it"})
    source = fields.String(required=True)
    text = fields.String(required=True, allow_none=True, metadata={"description": "the operator's own wording"})


def _benefits_source() -> fields.String:
    return fields.String(required=True, allow_none=True, metadata={
        "description": "where the benefits come from (seed:<fact id> or assumption: <reason>); null: the plan "
                       "file gives them as a plain list, with no source"})


def _benefits_note() -> fields.String:
    return fields.String(required=True, allow_none=True, metadata={"description": "a note on that source"})


class PlanSchema(ma.Schema):
    operator = fields.String(required=True)
    id = fields.String(required=True)
    name = fields.String(required=True)
    name_en = fields.String(required=True)
    monthly_fee = _figure(MONEY)
    data_gb = _figure()
    voice_minutes = _figure()
    sms = _figure()
    downlink_mbps = _figure()
    uplink_mbps = _figure()
    overage = fields.Nested(OverageSchema, required=True)
    roaming = fields.Nested(RoamingSchema, required=True, allow_none=True)
    satellite = fields.Nested(SatelliteSchema, required=True, allow_none=True)
    broadband_mbps = _figure(nullable=True)
    app_data_gb = fields.List(fields.Nested(AppDataSchema), required=True)
    extra_lines = fields.Nested(ExtraLinesSchema, required=True, allow_none=True)
    benefits = fields.List(fields.String(), required=True)
    benefits_source = _benefits_source()
    benefits_note = _benefits_note()
    eligibility = fields.Nested("EligibilitySchema", required=True, allow_none=True)
    billing = fields.Nested(BillingSchema, required=True)
    terms = fields.Nested(TermsSchema, required=True)


class PackAddsSchema(ma.Schema):
    data_gb = _figure(nullable=True)
    voice_minutes = _figure(nullable=True)
    sms = _figure(nullable=True)
    roaming_data_gb = _figure(nullable=True)
    roaming_voice_minutes = _figure(nullable=True)
    satellite_minutes = _figure(nullable=True)
    satellite_sms = _figure(nullable=True)


class PackSchema(ma.Schema):
    operator = fields.String(required=True)
    id = fields.String(required=True)
    name = fields.String(required=True)
    name_en = fields.String(required=True)
    kind = fields.String(required=True)
    price = _figure(MONEY)
    billing = fields.String(required=True, validate=validate.OneOf(["monthly", "per_day", "per_use"]))
    install_fee = _figure(f"once, {MONEY}", nullable=True)
    adds = fields.Nested(PackAddsSchema, required=True)
    downlink_mbps = _figure(nullable=True)
    uplink_mbps = _figure(nullable=True)
    broadband_mbps = _figure(nullable=True)
    app_data_gb = fields.List(fields.Nested(AppDataSchema), required=True)
    satellite = fields.Boolean(required=True)
    benefits = fields.List(fields.String(), required=True)
    benefits_source = _benefits_source()
    benefits_note = _benefits_note()
    max_count = fields.Integer(required=True)
    requires_plans = fields.List(fields.String(), required=True, allow_none=True,
                                 metadata={"description": "plans it may be added to; null: all of the operator's"})
    plans = fields.List(fields.String(), required=True, allow_none=True,
                        metadata={"description": "the former name of requires_plans, as the file wrote it"})
    eligibility = fields.Nested("EligibilitySchema", required=True, allow_none=True)
    free_with = fields.List(fields.String(), required=True)
    group = fields.String(required=True, allow_none=True)
    excludes = fields.List(fields.String(), required=True)
    subscription = fields.Boolean(required=True)
    per_line = fields.Boolean(required=True, metadata={
        "description": "sold per SIM: in a household, its speed serves only the line it is bought for"})
    per_line_source = fields.String(required=True, allow_none=True, metadata={
        "description": "where per_line comes from (seed:<fact id> or assumption: <reason>); null: the plan file "
                       "gives a plain true/false"})
    per_line_note = fields.String(required=True, allow_none=True)


class PlanListSchema(ma.Schema):
    catalogue_version = fields.String(required=True)
    plans = fields.List(fields.Nested(PlanSchema), required=True)


class PackListSchema(ma.Schema):
    catalogue_version = fields.String(required=True)
    packs = fields.List(fields.Nested(PackSchema), required=True)


class MembershipSchema(ma.Schema):
    """A membership, or a benefit an operator's file names: its id and names."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    name_en = fields.String(required=True)


class OperatorSchema(ma.Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    name_en = fields.String(required=True)
    country = fields.String(required=True, metadata={"description": "ISO 3166-1 country of the market"})
    memberships = fields.List(fields.Nested(MembershipSchema), required=True)
    benefits = fields.List(fields.Nested(MembershipSchema), required=True, metadata={
        "description": "the names of benefits new to the catalogue its plans or packs give (operator.benefits)"})
    currency = fields.String(required=True)
    plans = fields.List(fields.String(), required=True, metadata={"description": "plan ids"})
    packs = fields.List(fields.String(), required=True, metadata={"description": "pack ids"})


class OperatorListSchema(ma.Schema):
    catalogue_version = fields.String(required=True)
    operators = fields.List(fields.Nested(OperatorSchema), required=True)


# -- service ---------------------------------------------------------------------------------------


class HealthSchema(ma.Schema):
    status = fields.String(required=True)


class ReadySchema(ma.Schema):
    status = fields.String(required=True, metadata={"description": "ready | degraded (last reload rejected)"})
    catalogue_version = fields.String(required=True)
    loaded_at = fields.String(required=True)
    plans = fields.Integer(required=True)
    packs = fields.Integer(required=True)
    operators = fields.List(fields.String(), required=True, metadata={
        "description": "the operators with a plan served (an edit that leaves one out is logged as a warning)"})
    last_reload_error = fields.List(fields.String(), required=True, allow_none=True,
                                    metadata={"description": "file:line: message of the rejected edit"})
    last_reload_error_codes = fields.List(fields.Dict(), required=True, allow_none=True, metadata={
        "description": "each problem of `last_reload_error` as {code, params} (messages/<lang>.json words it), in the "
                       "same order"})
    last_reload_error_at = fields.String(required=True, allow_none=True)
    generation = fields.Integer(metadata={"description": "under gunicorn: the shared generation this worker "
                                                         "serves (0: its own load, not yet published)"})
    newest_generation = fields.Integer(metadata={"description": "the newest good catalogue published"})
    newest_version = fields.String(allow_none=True)
    versions_served = fields.List(fields.String(), metadata={
        "description": "the catalogue versions the server's live workers serve (more than one: an edit "
                       "is still reaching them; see the README for the bound)"})


class ReloadSchema(ma.Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(["reloaded", "unchanged"]))
    catalogue_version = fields.String(required=True)
    previous_version = fields.String(required=True, allow_none=True)


class ErrorItemSchema(ma.Schema):
    location = fields.String(required=True, metadata={
        "description": "body | query | path | header | form | files (a multipart upload's parts) | plans"})
    path = fields.String(required=True,
                         metadata={"description": "dotted field path (lists: [i]); for plans, file:line"})
    reason = fields.String(required=True)
    code = fields.String(metadata={"description": "for plans: the problem as a code (problem.*), worded by "
                                                  "messages/<lang>.json with params"})
    params = fields.Dict(metadata={"description": "for plans: the code's parameters"})


class ErrorSchema(ma.Schema):
    """Every 4xx/5xx response."""

    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.List(fields.Nested(ErrorItemSchema), required=True)
