"""The form's fields: defaults, presets from the sample profiles, parsing and checks → ``Profile``.

Everything here works on plain strings as typed (so the page can show them again next to their
error) and produces the same ``Profile`` the API takes as JSON.  Errors are message keys with
parameters; the template translates them.
"""

import json
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from ..money import FEN_PER_YUAN, yuan_to_fen
from ..profile import MAX_AGE, MAX_COUNT, MAX_GB, MAX_MBPS, Profile, Record
from ..usage import CSV_ENCODINGS, CsvProblem, UsageCsvError, parse_csv

MAX_INPUT_CHARS = 100
MAX_YUAN = Decimal(10**7)
UPLINK_CHOICES = (0, 50, 100, 200, 300)
DOWNLINK_CHOICES = (0, 500, 1000, 2000, 3000)
PRESET_ORDER = ("livestreamer", "business-traveller", "student", "light-user", "outdoor-satellite",
                "family-broadband")

GB_PER_VIDEO_HOUR = Decimal("1.0")
"""Assumption for the data helper: phone-sized HD video streams about 1 GB an hour."""
GB_PER_SOCIAL_HOUR = Decimal("0.3")
"""Assumption for the data helper: social apps, browsing and short clips, about 0.3 GB an hour."""
DAYS_PER_MONTH = 30

TEXT_FIELDS = ("data_gb", "voice_minutes", "sms", "uplink", "downlink", "roaming_data_gb", "roaming_minutes",
               "current_bill", "current_plan", "budget", "video_hours", "social_hours", "age", "region",
               "customer_of")
CHECKBOXES = ("satellite", "broadband", "throttling", "strict")
LISTS = ("benefit", "operator", "membership")
CSV_FIELD = "usage_csv"
"""The file input for an itemised bill (``recommender.usage.parse_csv``'s CSV)."""
MAX_CSV_PROBLEMS = 20
DEFAULTS = {"data_gb": "20", "voice_minutes": "200", "sms": "20", "uplink": "0", "downlink": "0",
            "roaming_data_gb": "0", "roaming_minutes": "0"}


@dataclass
class FormData:
    """The form as the person filled it in: raw strings, ticked boxes, and errors per field."""

    values: dict[str, str] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)
    benefits: list[str] = field(default_factory=list)
    operators: list[str] | None = None
    """The operators ticked (None: every one, as on a fresh form)."""
    memberships: list[str] = field(default_factory=list)
    errors: dict[str, tuple[str, dict[str, object]]] = field(default_factory=dict)
    notes: dict[str, tuple[str, dict[str, object]]] = field(default_factory=dict)
    csv_problems: list[CsvProblem] = field(default_factory=list)
    """The CSV's bad rows (line numbers, the parser's messages), shown next to the file field."""
    csv_more: int = 0
    """How many more bad rows there are than ``csv_problems`` shows."""

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def error(self, name: str, key: str, **params: object) -> None:
        self.errors.setdefault(name, (key, params))


def defaults() -> FormData:
    return FormData(values=dict(DEFAULTS))


def submitted(args: Mapping[str, str]) -> bool:
    """Whether the query holds a filled-in form (rather than a bare visit)."""
    return any(name in args for name in (*TEXT_FIELDS, *CHECKBOXES, *LISTS))


def from_args(args: object) -> FormData:
    """The form as sent (``request.args`` or ``request.form``: a werkzeug MultiDict)."""
    get = args.get  # type: ignore[attr-defined]  # a werkzeug MultiDict (request.args or request.form)
    getlist = args.getlist  # type: ignore[attr-defined]  # a werkzeug MultiDict (request.args or request.form)
    form = FormData()
    for name in TEXT_FIELDS:
        form.values[name] = str(get(name, "")).strip()[:MAX_INPUT_CHARS]
    form.checked = {name for name in CHECKBOXES if get(name)}
    form.benefits = [str(b)[:MAX_INPUT_CHARS] for b in getlist("benefit")][:64]
    form.operators = [str(o)[:MAX_INPUT_CHARS] for o in getlist("operator")][:64]
    form.memberships = [str(m)[:MAX_INPUT_CHARS] for m in getlist("membership")][:32]
    return form


def _yuan(fen: int) -> str:
    return str(Decimal(fen) / FEN_PER_YUAN) if fen % FEN_PER_YUAN else str(fen // FEN_PER_YUAN)


def from_profile(data: Mapping[str, object], operator_ids: Iterable[str]) -> FormData:
    """A sample profile (the API's JSON) as filled-in form fields."""
    profile = Profile.model_validate(data)
    needs = profile.needs
    form = defaults()
    form.values.update({
        "data_gb": str(profile.data_gb), "voice_minutes": str(profile.voice_minutes), "sms": str(profile.sms),
        "uplink": str(needs.min_uplink_mbps), "downlink": str(needs.min_downlink_mbps),
        "roaming_data_gb": str(needs.roaming.data_gb), "roaming_minutes": str(needs.roaming.voice_minutes),
        "budget": _yuan(profile.budget_fen) if profile.budget_fen is not None else "",
    })
    if profile.current is not None:
        if profile.current.monthly_bill_fen is not None:
            form.values["current_bill"] = _yuan(profile.current.monthly_bill_fen)
        else:
            form.values["current_plan"] = profile.current.plan_id or ""
    form.checked = {name for name, on in (("satellite", needs.satellite), ("broadband", needs.broadband),
                                          ("throttling", profile.allow_throttling)) if on}
    form.benefits = list(profile.benefits)
    form.operators = [op for op in operator_ids if profile.wants_operator(op)]
    about = profile.about
    if about is not None:
        form.values.update({"age": "" if about.age is None else str(about.age), "region": about.region or "",
                            "customer_of": about.customer_of or ""})
        form.memberships = list(about.memberships or ())
    if profile.eligibility == "strict":
        form.checked.add("strict")
    return form


def load_presets(plans_path: str | Path) -> dict[str, dict[str, object]]:
    """The sample profiles (``seeds/profiles/*.json`` beside the plan folder), known ones first."""
    plans = Path(plans_path)
    folder = (plans if plans.is_dir() else plans.parent).parent / "seeds" / "profiles"
    presets: dict[str, dict[str, object]] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            Profile.model_validate(data)
        except (OSError, ValueError):
            continue
        presets[path.stem] = data
    known = [name for name in PRESET_ORDER if name in presets]
    return {name: presets[name] for name in (*known, *sorted(set(presets) - set(known)))}


def _normalise(text: str, money: bool = False) -> str:
    """Full-width digits to ASCII, thousands separators and (for money) ¥ and 元 dropped."""
    text = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    if money:
        text = text.lstrip("¥").removesuffix("元")
    return text


def _decimal(form: FormData, name: str, high: Decimal, money: bool = False, required: bool = True) -> Decimal | None:
    raw = _normalise(form.get(name), money)
    if not raw:
        if required:
            form.error(name, "error.required")
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        form.error(name, "error.number")
        return None
    if not value.is_finite() or not 0 <= value <= high:
        form.error(name, "error.range", low=0, high=f"{high:,}")
        return None
    if money and value * FEN_PER_YUAN != (value * FEN_PER_YUAN).to_integral_value():
        form.error(name, "error.fen")
        return None
    return value


def _whole(form: FormData, name: str, high: int) -> int | None:
    value = _decimal(form, name, Decimal(high))
    if value is None:
        return None
    if value != value.to_integral_value():
        form.error(name, "error.whole")
        return None
    return int(value)


def _about(form: FormData, operators: list[str], regions: set[str], memberships: set[str]) -> dict[str, object]:
    """What the person says of themselves (every part optional; a blank stays unknown)."""
    about: dict[str, object] = {}
    if form.get("age"):
        about["age"] = _whole(form, "age", MAX_AGE)
    region = form.get("region")
    if region and region not in regions:
        form.error("region", "error.region")
    elif region:
        about["region"] = region
    customer = form.get("customer_of")
    if customer and customer not in operators:
        form.error("customer_of", "error.invalid")
    elif customer:
        about["customer_of"] = customer
    if any(m not in memberships for m in form.memberships):
        form.error("membership", "error.invalid")
    elif form.memberships:  # none ticked: not said (unknown), as with a blank field
        about["memberships"] = sorted(set(form.memberships))
    return about


def estimate_gb(video_hours: Decimal, social_hours: Decimal) -> int:
    """Monthly data for hours a day of video and of social apps (whole GB, rounded up)."""
    daily = video_hours * GB_PER_VIDEO_HOUR + social_hours * GB_PER_SOCIAL_HOUR
    return math.ceil(daily * DAYS_PER_MONTH)


def apply_estimate(form: FormData) -> bool:
    """The data helper: put the estimate into the data field; False (with errors) if the hours are bad."""
    hours = Decimal(24)
    video = _decimal(form, "video_hours", hours, required=False) or Decimal(0)
    social = _decimal(form, "social_hours", hours, required=False) or Decimal(0)
    if "video_hours" in form.errors or "social_hours" in form.errors:
        return False
    if video + social > hours:
        form.error("social_hours", "error.hours_total")
        return False
    gb = estimate_gb(video, social)
    form.values["data_gb"] = str(gb)
    form.notes["data_gb"] = ("estimate.done", {"gb": gb, "video": video, "social": social})
    return True


def read_csv(form: FormData, content: bytes) -> tuple[Record, ...] | None:
    """The records of an uploaded itemised bill; None (with the error and the bad rows) when unusable."""
    text = None
    for encoding in CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        form.error(CSV_FIELD, "error.csv_encoding")
        return None
    try:
        return parse_csv(text)
    except UsageCsvError as exc:
        form.csv_problems = exc.problems[:MAX_CSV_PROBLEMS]
        form.csv_more = len(exc.problems) - len(form.csv_problems)
        form.error(CSV_FIELD, "error.csv", count=len(exc.problems))
        return None


def to_profile(form: FormData, plan_ids: Iterable[str], operator_ids: Iterable[str],
               records: tuple[Record, ...] | None = None, from_csv: bool = False,
               regions: Iterable[str] = (), memberships: Iterable[str] = ()) -> Profile | None:
    """Check every field; the ``Profile`` when all are right, else None with ``form.errors`` filled in.

    ``operator_ids`` are the catalogue's operators: ticking all of them means no operator filter.
    With ``records`` (an uploaded bill) the usage is theirs: the monthly usage fields are not read
    (nor when ``from_csv``: a bill was sent but could not be read, and its errors are already set).
    """
    offered = list(operator_ids)
    gb_limit = MAX_GB
    if records is None and not from_csv:
        data_gb = _decimal(form, "data_gb", gb_limit)
        voice = _whole(form, "voice_minutes", MAX_COUNT)
        sms = _whole(form, "sms", MAX_COUNT)
    uplink = _whole(form, "uplink", MAX_MBPS)
    downlink = _whole(form, "downlink", MAX_MBPS)
    roaming_gb = _decimal(form, "roaming_data_gb", gb_limit)
    roaming_min = _whole(form, "roaming_minutes", MAX_COUNT)
    bill = _decimal(form, "current_bill", MAX_YUAN, money=True, required=False)
    budget = _decimal(form, "budget", MAX_YUAN, money=True, required=False)
    plan = form.get("current_plan")
    if plan and plan not in set(plan_ids):
        form.error("current_plan", "error.plan")
    elif plan and bill is not None:
        form.error("current_plan", "error.one_current")
    ticked = offered if form.operators is None else form.operators
    operators = [op for op in offered if op in ticked]
    if not operators:
        form.error("operator", "error.operator")
    about = _about(form, offered, set(regions), set(memberships))
    if form.errors:
        return None
    assert roaming_gb is not None
    current: dict[str, object] | None = None
    if bill is not None:
        current = {"monthly_bill_fen": yuan_to_fen(bill)}
    elif plan:
        current = {"plan_id": plan}
    usage: dict[str, object] = {"records": records} if records is not None else {
        "data_gb": data_gb, "voice_minutes": voice, "sms": sms}
    data = {
        **usage,
        "needs": {"min_uplink_mbps": uplink, "min_downlink_mbps": downlink,
                  "satellite": "satellite" in form.checked, "broadband": "broadband" in form.checked,
                  "roaming": {"data_gb": roaming_gb, "voice_minutes": roaming_min}},
        "benefits": sorted(set(form.benefits)),
        "operators": None if len(operators) == len(offered) else operators,
        "current": current,
        "budget_fen": yuan_to_fen(budget) if budget is not None else None,
        "allow_throttling": "throttling" in form.checked,
        "about": about,
        "eligibility": "strict" if "strict" in form.checked else "lenient",
    }
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        fields = {"benefits": "benefit", "operators": "operator", "budget_fen": "budget", "current": "current_bill",
                  "records": CSV_FIELD}
        for error in exc.errors(include_url=False):
            name = str(error["loc"][0]) if error["loc"] else "data_gb"
            form.error(fields.get(name, name if name in TEXT_FIELDS else "data_gb"), "error.invalid")
        return None
