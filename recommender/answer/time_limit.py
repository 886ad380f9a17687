"""The answer's one time limit: a monotonic deadline for a whole call (``deadline_after``), and what each solve of
it is given (``time_left``): the ranked plans', the current plan's, the separate lines' and the suggestions'."""

import time


def time_left(deadline: float) -> float:
    """The solvers' time left of a call's (a monotonic ``deadline``): one limit for a whole answer, its current
    plan's, separate lines' and suggestions' solves included (found by the SRE QA: each solve had the whole limit,
    so a 10-line household nothing fits could take 19 of them, 55 s at 5 s each, past gunicorn's 30 s timeout,
    which kills the worker where the API promises 503 with Retry-After)."""
    return max(0.0, deadline - time.monotonic())


def deadline_after(seconds: float) -> float:
    """The monotonic deadline of a call given ``seconds`` in all (``time_left`` says what is left of it)."""
    return time.monotonic() + seconds
