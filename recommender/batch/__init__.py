"""Whole populations at once: synthetic populations and what-if runs of a plan-file edit.

``population`` generates profiles, ``whatif`` scores them against two catalogues and aggregates
mergeable partial results, ``local`` runs that over a process pool, ``spark`` on Apache Spark,
``summary`` makes the report document from the merged partials (``document`` names its shape),
``report`` renders the terminal summary and the HTML report, ``cli`` is the click commands.
Nothing outside this package imports it (the CLI loads ``batch.cli``'s commands by name when they are run).
"""
