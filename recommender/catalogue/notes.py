"""What ``validate`` notes in a catalogue without refusing its files: valid, but more often a slip."""

import datetime
import difflib
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel

from ..messages import LANGUAGES, Message, message
from ..messages import catalogue as wording
from ..money import yuan_to_fen
from .currencies import CURRENCY_WORDS, ISO_4217
from .load import UNIT_WORDS, field_unit
from .model import UNLIMITED, Catalogue
from .spec import Benefits, Figure, PackSpec, PlanSpec, benefit_ids, counted


class Note(NamedTuple):
    """A note, and where it points: a plan or pack by its id, and the path under it of the figure noted (the
    adapters turn them into ``file:line``: ``load.item_lines``)."""

    message: Message
    item: str
    field: tuple[str | int, ...] = ()


def notes(catalogue: Catalogue, today: datetime.date, figures: Mapping[str, str] | None = None) -> list[Note]:
    """Every note on ``catalogue`` as of ``today``, file by file in the catalogue's order; with ``figures`` (each
    fact's figure by its id: ``load.fact_figures``), the figures their cited fact does not say."""
    return [*sold_on_no_plan(catalogue), *no_longer_sold(catalogue, today), *promotion_above_fee(catalogue),
            *implausible(catalogue), *name_price_differs(catalogue), *benefits_unsourced(catalogue),
            *benefits_unnamed(catalogue), *group_of_one(catalogue),
            *(not_in_fact(catalogue, figures) if figures is not None else ())]


def sold_on_no_plan(catalogue: Catalogue) -> list[Note]:
    """The packs whose ``requires_plans`` is empty: valid (a file may hold a pack not sold for now, and TMF620
    keeps the difference from 'every plan'), but more often a slip."""
    return [Note(message("catalogue.sold_on_no_plan", pack=p.id), p.id, (_plans_key(catalogue.pack_spec(p.id)),))
            for p in catalogue.packs if p.plans is not None and not p.plans]


def _plans_key(spec: PackSpec | None) -> str:
    """The key a pack's plans are written under: ``requires_plans``, or ``plans``, its former name (review)."""
    return "plans" if spec is not None and spec.requires_plans is None and spec.plans is not None else "requires_plans"


def no_longer_sold(catalogue: Catalogue, today: datetime.date) -> list[Note]:
    """The plans and packs whose sale ended before ``today`` (``available_until``): nobody may buy them now,
    which is likely a file not yet tidied (a what-if ``--as-of`` before the end takes them)."""
    ruled = [(p.id, p.rule) for p in catalogue.plans] + [(p.id, p.rule) for p in catalogue.packs]
    return [Note(message("catalogue.no_longer_sold", item=ref, until=str(rule.available_until)), ref,
                 ("eligibility", "available_until")) for ref, rule in ruled if rule.sale_over(today)]


def promotion_above_fee(catalogue: Catalogue) -> list[Note]:
    """The promotions that charge more than the plan's own monthly fee: priced as written (a file may mean
    it), but a promotion is a discount, so a figure above the fee is more often a typo (399 on a 299 plan)."""
    return [Note(message("catalogue.promotion_above_fee", plan=p.id, number=i, promotion_fen=fee,
                         fee_fen=p.fee_fen, currency=p.currency), p.id, ("terms", "promotions", i - 1, "monthly_fee"))
            for p in catalogue.plans for i, (_, fee) in enumerate(p.terms.promotions, start=1)
            if fee > p.fee_fen]


MOST_FEE = 200_000
"""A fee or pack price of 2,000 yuan (or dollars) or more: five times the dearest 5G-A tier (399 yuan) and thirty
times the US plans, but what 59 yuan written in fen (5900) or 199 (19900) is (found by QA: it validated without a
word)."""
MOST_DATA_GB = 10_000
"""10,000 GB a month or more, short of unlimited: 245760 written for 240 GB in MB."""


def implausible(catalogue: Catalogue) -> list[Note]:
    """Figures far beyond any real offer, most likely in the wrong unit (fen for yuan, MB for GB): priced as
    written, and noted."""
    found = []
    first: dict[str, tuple[str, int]] = {}  # an operator's currency and MB per GB (packs are in its GB)
    for plan in catalogue.plans:
        first.setdefault(plan.operator, (plan.currency, plan.billing.mb_per_gb))
    for item, fee, data, (currency, mb_per_gb), (fee_at, data_at) in (
            *((p.id, p.fee_fen, p.tariffs["data_mb"].included, (p.currency, p.billing.mb_per_gb),
               (("monthly_fee", "value"), ("data_gb", "value"))) for p in catalogue.plans),
            *((p.id, p.price_fen, p.adds.get("data_mb", 0), first[p.operator],
               (("price", "value"), ("adds", "data_gb", "value"))) for p in catalogue.packs)):
        if fee >= MOST_FEE:
            found.append(Note(message("catalogue.fee_in_minor_units", item=item, fee_fen=fee, currency=currency),
                              item, fee_at))
        if MOST_DATA_GB * mb_per_gb <= data < UNLIMITED // 2:
            found.append(Note(message("catalogue.data_in_mb", item=item, gb=data // mb_per_gb), item, data_at))
    return found


_NAMED_YUAN = re.compile(r"(?<![\d.])(\d+(?:\.\d{1,2})?)\s*元")
"""A price in a name as operators write it: ``5G-A套餐 199元``, ``5G-A流量包 21.9元``."""


def name_price_differs(catalogue: Catalogue) -> list[Note]:
    """The plans and packs whose name gives one price in yuan (``199元``) that is neither their price nor a
    promotion's: priced as written, but a fee edited without its name sells "5G-A套餐 199元" at ¥209.00 (found by the
    product QA).  A name with no price, or with several, is left alone."""
    found = []
    currencies: dict[str, str] = {}  # an operator's currency, which its packs are priced in
    for plan in catalogue.plans:
        currencies.setdefault(plan.operator, plan.currency)
    for item, name, fee, promotions, currency, at in (
            *((p.id, p.name, p.fee_fen, {fee for _, fee in p.terms.promotions}, p.currency, ("monthly_fee", "value"))
              for p in catalogue.plans),
            *((p.id, p.name, p.price_fen, set(), currencies.get(p.operator, "CNY"), ("price", "value"))
              for p in catalogue.packs)):
        said = {yuan_to_fen(number) for number in _NAMED_YUAN.findall(name)}  # (at most 2 decimals: whole fen)
        if currency != "CNY" or len(said) != 1:
            continue
        named = said.pop()
        if named != fee and named not in promotions:
            found.append(Note(message("catalogue.name_price_differs", item=item, named_fen=named, written=name,
                                      fee_fen=fee, currency=currency), item, at))
    return found


_FACT_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=\s*(\S*))")
"""A number in a fact's figure, its thousands separated by commas ('2,000 min') or not, and what follows it."""
_UNIT_WORD = re.compile(r"[a-z]+(?:/s)?|千兆|兆|分钟|分|小时")
"""A unit at the start of what follows a number (``load._UNITS``' words: '1000M宽带' is 1000 M)."""


_CURRENCY_AFTER = {"yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "us": "USD", "dollars": "USD", "hk": "HKD",
                   "euros": "EUR", "euro": "EUR"}
"""Words for a currency after a number in a fact's figure ('188 yuan (26.2 US dollars)'), beside ISO codes and
``currencies.CURRENCY_WORDS`` ('188元')."""


def _currency(rest: str) -> str | None:
    """The currency a number of a fact's figure is in, by what follows it, if it says one."""
    word = re.match(r"[A-Za-z$]+", rest)
    if word is None:
        return next((code for said, code in CURRENCY_WORDS.items() if rest.startswith(said)), None)
    written = word.group()  # (an ISO code in capitals alone: '5 top apps' is no Tongan money)
    return _CURRENCY_AFTER.get(written.lower()) or CURRENCY_WORDS.get(written) or \
        (written if written in ISO_4217 else None)


def _fact_numbers(figure: str, field: str, currency: str) -> set[Decimal]:
    """The numbers a fact's figure says, in the unit of ``field`` as a plan file writes it: counted as figures are
    ('1.5万' is 15000: ``spec.counted``), and a number in another unit than the field's converted as the loader
    converts a figure written with it (``load.field_unit``: 3 Gbps is 3000 in a field of Mbps, 1 TB 1024 GB, 10
    小时 600 minutes).  Found in review: '2,000 min' said 2 and 0, so voice_minutes 2000 was noted.  A number in a
    currency says money in that currency alone, of a plan file in ``currency`` (found by the fact-checker's test:
    a yuan fee of 26.2 citing '188 yuan (26.2 US dollars)' was not noted)."""
    unit = field_unit(field)
    sizes = unit[1] if unit is not None else {}
    said = set()
    for number, rest in _FACT_NUMBER.findall(figure):
        plain, rest = counted(number.replace(",", ""), rest)
        if (money := _currency(rest)) is not None and (money != currency or unit is not None):
            continue  # money in another currency, or money where a quantity is written
        word = _UNIT_WORD.match(rest.lower())
        if word is not None and word.group() in UNIT_WORDS and word.group() not in sizes:
            continue  # a quantity of another kind ('2000 min' says no data_gb, '240 GB' no minutes or fee; review)
        size = sizes.get(word.group()) if word is not None else None
        said.add(Decimal(plain) * (size or 1))
    return said


def not_in_fact(catalogue: Catalogue, figures: Mapping[str, str]) -> list[Note]:
    """The figures whose cited fact (``source: seed:<id>``) does not say their number: valid, but a figure edited
    without its source (a fee raised from 188 to 198, still "seed:cu-wojia") is shown as the source's, with no
    estimate mark, as if the newspaper said it (found by the team QA).  The numbers of a fact's figure are read as
    a figure's are, in the figure's unit (``_fact_numbers``)."""
    found = []
    for item, currency in _items_in(catalogue):
        for path, figure in _figures(item, ()):
            fact = figure.source.removeprefix("seed:")
            if figure.value == "unlimited" or fact == figure.source or fact not in figures:
                continue
            field = next((str(key) for key in reversed(path) if isinstance(key, str)), "")
            said = _fact_numbers(figures[fact], field, currency)
            if figure.value not in said:
                found.append(Note(message("catalogue.not_in_fact", item=item.id, field=".".join(map(str, path)),
                                          value=f"{figure.value.normalize():f}", fact=fact, figure=figures[fact]),
                                  item.id, (*path, "value")))
    return found


def _figures(value: object, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Figure]]:
    """Every figure of a plan or pack as written, with its path (keys and list indexes) under it."""
    if isinstance(value, Figure):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _figures(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for i, each in enumerate(value):
            yield from _figures(each, (*path, i))


def benefits_unsourced(catalogue: Catalogue) -> list[Note]:
    """The plans and packs whose benefits are a plain list of ids: valid, but they say no source, and they weigh
    in the ranking (``benefits_required``, ``benefit_values``) as figures do (found by QA)."""
    return [Note(message("catalogue.benefits_unsourced", item=item.id), item.id, ("benefits",))
            for item in _items(catalogue) if item.benefits and not isinstance(item.benefits, Benefits)]


def benefits_unnamed(catalogue: Catalogue) -> list[Note]:
    """The benefit ids of plans and packs that ``messages/<lang>.json`` does not name in every language: more often
    a typo (``cloud-driev``), which would leave the plan out of every answer requiring ``cloud-drive`` and show the id
    as it is in a Chinese table (found by the product-team QA: accepted without a word); a benefit new to the
    catalogue is named in its operator's file (``operator.benefits``)."""
    named = set.intersection(*({k.removeprefix("benefit.") for k in wording(lang) if k.startswith("benefit.")}
                               for lang in LANGUAGES))
    named |= {b.id for spec in catalogue.specs for b in spec.operator.benefits}  # (named by the plan file)
    found: list[Note] = []
    for item in _items(catalogue):
        for benefit in dict.fromkeys(benefit_ids(item.benefits)):
            if benefit not in named:
                like = difflib.get_close_matches(benefit, sorted(named), n=1, cutoff=0.8)
                found.append(Note(message("catalogue.benefit_unnamed", item=item.id, value=benefit,
                                          like=like[0] if like else None), item.id, ("benefits",)))
    return found


def group_of_one(catalogue: Catalogue) -> list[Note]:
    """The packs whose ``group`` no other pack of their operator names: valid, but one pack of a group is bought at a
    time, so a group of one limits nothing and is more often a typo (``cu-servce`` for ``cu-service``), which lets
    the group's packs be bought together without a word (found in review: accepted silently)."""
    groups: dict[str, Counter[str]] = {}
    for pack in catalogue.packs:
        if pack.group is not None:
            groups.setdefault(pack.operator, Counter())[pack.group] += 1
    found: list[Note] = []
    for pack in catalogue.packs:
        if pack.group is not None and (named := groups[pack.operator])[pack.group] == 1:
            others = sorted(group for group in named if group != pack.group)  # (a pair split by a typo: each other)
            like = difflib.get_close_matches(pack.group, others, n=1, cutoff=0.8)
            found.append(Note(message("catalogue.group_of_one", item=pack.id, group=pack.group,
                                      like=like[0] if like else None), pack.id, ("group",)))
    return found


def _items_in(catalogue: Catalogue) -> list[tuple[PlanSpec | PackSpec, str]]:
    """Every plan, then every pack, of the catalogue's files as written, each with its file's currency."""
    return [*((p, f.currency) for f in catalogue.specs for p in f.plans),
            *((p, f.currency) for f in catalogue.specs for p in f.packs)]


def _items(catalogue: Catalogue) -> list[PlanSpec | PackSpec]:
    """Every plan, then every pack, of the catalogue's files as written."""
    return [item for item, _ in _items_in(catalogue)]
