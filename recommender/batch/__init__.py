"""Whole populations at once: synthetic populations and what-if runs of a plan-file edit.

``population`` generates profiles, ``whatif`` scores them against two catalogues and aggregates
mergeable partial results, ``local`` runs that over a process pool, ``spark`` on Apache Spark,
``report`` renders the terminal summary and the HTML report, ``cli`` is the click commands.
Nothing outside this package imports it.
"""
