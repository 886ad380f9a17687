"""What engines' answers must share where a plan has several equally good bundles: the documented limit
(docs/eligibility.md, "Known limit") where the engines may keep different ones of a plan's bundles of one price, value
and pack count, and the tie rule between plans then reads the kept bundle's headroom and overage, so two plans of
exactly equal ranking price may be ordered apart (the prices, totals and savings the same)."""

from recommender.answer import Answer


def priced(answer: Answer) -> tuple[object, ...]:
    """An answer less the plans' order among equal ranking prices (the limit above): the status, every ranking price
    in order and every plan's price must still agree."""
    shown = {r.plan_id: r.effective_monthly_fen for r in answer.recommendations}
    return (answer.status, [r.ranking_fen for r in answer.recommendations],
            sorted({**{e.plan_id: e.cheapest_fen for e in answer.excluded}, **shown}.items(), key=str))


def tied(answer: Answer) -> bool:
    """Whether two plans shown, or one shown and one left out at the cut, have one effective price."""
    prices = [r.effective_monthly_fen for r in answer.recommendations]
    return bool(prices) and (len(set(prices)) < len(prices)
                             or any(e.cheapest_fen == prices[-1] for e in answer.excluded))
