"""What ``validate`` notes in a catalogue without refusing its files: valid, but more often a slip."""

import datetime

from ..messages import Message, message
from .model import Catalogue


def notes(catalogue: Catalogue, today: datetime.date) -> list[Message]:
    """Every note on ``catalogue`` as of ``today``, file by file in the catalogue's order."""
    return [*sold_on_no_plan(catalogue), *no_longer_sold(catalogue, today), *promotion_above_fee(catalogue)]


def sold_on_no_plan(catalogue: Catalogue) -> list[Message]:
    """The packs whose ``requires_plans`` is empty: valid (a file may hold a pack not sold for now, and TMF620
    keeps the difference from 'every plan'), but more often a slip."""
    return [message("catalogue.sold_on_no_plan", pack=p.id) for p in catalogue.packs
            if p.plans is not None and not p.plans]


def no_longer_sold(catalogue: Catalogue, today: datetime.date) -> list[Message]:
    """The plans and packs whose sale ended before ``today`` (``available_until``): nobody may buy them now,
    which is likely a file not yet tidied (a what-if ``--as-of`` before the end takes them)."""
    ended = [(p.id, p.rule.available_until) for p in catalogue.plans] + \
        [(p.id, p.rule.available_until) for p in catalogue.packs]
    return [message("catalogue.no_longer_sold", item=ref, until=until.isoformat())
            for ref, until in ended if until is not None and until < today]


def promotion_above_fee(catalogue: Catalogue) -> list[Message]:
    """The promotions that charge more than the plan's own monthly fee: priced as written (a file may mean
    it), but a promotion is a discount, so a figure above the fee is more often a typo (399 on a 299 plan)."""
    return [message("catalogue.promotion_above_fee", plan=p.id, number=i, promotion_fen=fee,
                    fee_fen=p.fee_fen, currency=p.currency)
            for p in catalogue.plans for i, (_, fee) in enumerate(p.terms.promotions, start=1)
            if fee > p.fee_fen]
