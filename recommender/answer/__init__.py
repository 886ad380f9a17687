"""From a profile to an answer: ranked plans, the best per operator, why the rest do not fit.

This is the one place that turns the engines' choices into the document people read (the CLI's
``--json`` and the API's response are this document).  Every figure in it comes from the cost
model (``price_history`` and ``contract``); the engines only choose bundles.

Plans are ranked by what they really cost: the effective monthly price over the profile's
horizon (promotions, one-off fees, minimum terms and spends included), less what the benefits
the bundle includes are worth to the person (``benefit_values``), or by the worst month when the
profile asks.  Equal prices go to fewer assumed fen, then more of the benefits wished for, then less
overage, then more headroom (data, then voice, then SMS), then the plan id.  Plans priced in another
currency are compared only through an exchange rate the profile gives.  The one definition is
``recommender.objective``: the engines choose each plan's bundles by it, and the current plan is priced by it for
savings.

Only what the person may buy is ranked (``recommender.eligibility``): plans and packs whose
conditions of sale are not met are left out with the reason; unknown conditions are listed.
Reasons, conditions, suggestions, advice and invoice lines are ``Message`` codes;
``Answer.to_dict`` words them in the language an adapter asks for.

One idea a module:

- ``ranking``: ``recommend`` — the plans the person may buy, solved, ranked and shown, the rest left out with
  their reasons; a household's lines each alone (``separate_lines``);
- ``candidates``: the plans the person may buy and so solved (an operator asked for, a currency compared, their
  conditions of sale), every other plan with why; the suggestions weigh the same plans;
- ``priced``: a plan's choice priced by the one objective (``Priced``), the ranking order and its ties, the least
  price over a budget;
- ``time_limit``: the answer's one time limit, shared by all its solves;
- ``explain``: what one shown plan's recommendation says (bill, needs, packs, conditions, a household's split);
- ``current``: the plan or bill the person has now, priced as a recommendation is, and the savings against it;
- ``advice``: what is said first (keep what you have, what you can surely buy, the separate plans);
- ``suggestions``: when nothing fits, why, and the smallest changes that make something fit;
- ``relaxed``: the profile with its needs changed, as the current plan and the suggestions ask it;
- ``document``: the answer's types and the document they are written as, worded in a language.
"""

from .current import UnknownPlan, current_plan
from .document import (
    Answer,
    Exclusion,
    Household,
    InvoiceLine,
    PackExclusion,
    Recommendation,
    SeparateLine,
    SeparateLines,
    condition_doc,
    message_doc,
)
from .explain import household_split
from .priced import benefit_value_fen
from .ranking import MAX_TOP_K, line_profile, recommend, separate_lines

__all__ = ["MAX_TOP_K", "Answer", "Exclusion", "Household", "InvoiceLine", "PackExclusion", "Recommendation",
           "SeparateLine", "SeparateLines", "UnknownPlan", "benefit_value_fen", "condition_doc", "current_plan",
           "household_split", "line_profile", "message_doc", "recommend", "separate_lines"]
