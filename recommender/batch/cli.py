"""The ``population`` and ``whatif`` commands (registered on the main click group).

The batch modules (pyarrow and friends) are imported inside the commands, so that every other
command of the CLI starts without them.
"""

from __future__ import annotations

import codecs
import datetime
import importlib.util
import json
import os
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from ..catalogue import DEFAULT_PLANS, Catalogue, CatalogueError, load_catalogue
from ..cli import PLAIN_AMOUNT, number_text
from ..cli_lang import (
    CONTROLS,
    Choice,
    DateTime,
    IntRange,
    LangCommand,
    Language,
    PathType,
    Said,
    SaidParameter,
    SaidUsage,
    plans_invalid,
)
from ..eligibility import home_today
from ..messages import Names, message, names_for, render, table_names
from ..messages import catalogue as wording
from .document import EngineUsed

if TYPE_CHECKING:
    from .whatif import Sources


def _load(path: Path, what: str, lang: str = "en") -> tuple[Catalogue, Sources]:
    from . import whatif

    try:
        return whatif.load(path)
    except CatalogueError as exc:
        raise plans_invalid(exc, lang, f"cli.whatif.{what}_invalid") from None


def _slow_plans(*catalogues: Catalogue, lang: str = "en") -> list[str]:
    """``validate``'s note for each plan priced in yuan that only CP-SAT answers (a what-if scores its rows one
    at a time: hundreds of times slower), once, in ``lang``."""
    from ..messages import render
    from ..optimise import planner
    from .whatif import in_currency

    notes: list[str] = []
    for catalogue in catalogues:  # (the tables the scorer takes: compiled once)
        for compiled in planner.compiled(in_currency(catalogue)).plans.values():
            note = compiled.left_to_cpsat()
            if note is not None and (text := render(note, lang)) not in notes:
                notes.append(text)
    return notes


@click.command("population", cls=LangCommand)
@click.option("--size", type=IntRange(1, 10**10), required=True, help="number of profiles")
@click.option("--seed", type=IntRange(0, 10**18), default=1, show_default=True,
              help="random seed (the same seed writes the same population)")
@click.option("--out", type=PathType(dir_okay=False, path_type=Path), required=True,
              help="file to write: Parquet, or CSV when it ends in .csv")
@click.option("--plans", type=PathType(exists=True, path_type=Path), default=DEFAULT_PLANS,
              show_default="plans/", help="baseline catalogue the current plans are drawn from")
@click.option("--operator-share", "operator_shares", multiple=True, metavar="OPERATOR=SHARE",
              help="an operator's share of the population (china-broadnet=0.02, or 2%), its customers drawn from its "
                   "plans; the operators assumed (china-mobile, china-telecom, china-unicom: 56, 24 and 20 %) share "
                   "the rest; repeatable")
@click.option("--lang", type=Language(), default="en", show_default=True,
              help="the language of its lines and errors")
def population(size: int, seed: int, out: Path, plans: Path, operator_shares: tuple[str, ...], lang: str) -> None:
    """Write a synthetic population calibrated to the MIIT statistics (see docs/whatif.md)."""
    from ..optimise.batch import Unproved
    from . import population as pop
    from .report import Wording, profiles

    _writable("--out", out)  # (found by QA: a missing folder was a traceback after the catalogue loaded)
    given = _shares(operator_shares)
    try:
        drawn = pop.shares(given)
    except ValueError:
        raise SaidParameter(message("cli.population.shares_total", total=f"{sum(given.values()):g}"),
                            param_hint="--operator-share") from None
    try:
        catalogue = load_catalogue(plans)
    except CatalogueError as exc:
        raise plans_invalid(exc, lang) from None
    missing = pop.missing_operators(catalogue, drawn)
    if missing:  # (found by the docs QA: an empty file, then a traceback)
        raise Said(message("cli.population.operators_missing", plans=str(plans), missing=list(missing),
                           operators=[op for op, _ in drawn]))
    words = wording(lang)
    names = names_for(catalogue, lang)
    for operator in pop.undrawn(catalogue, drawn):  # (found by the new-operator user test: none of China Broadnet's
        # customers was drawn, unsaid, and the what-if said it kept 0 of 0)
        click.echo(render(message("cli.population.undrawn", operator=operator, id=operator), lang, names), err=True)
    start = time.perf_counter()
    with click.progressbar(length=size, label=words["cli.population.generating"], file=sys.stderr) as bar:
        try:
            pop.write(catalogue, size, seed, out, bar.update, drawn)
        except Unproved as exc:  # (the current plans are drawn by what each plan costs a profile: found in review)
            raise Said(message("population.unproved", plan=exc.plan_id, seconds=exc.seconds)) from None
    seconds = time.perf_counter() - start
    click.echo(words["cli.population.wrote"].format(profiles=profiles(size, Wording(lang)), path=out,
                                                    seconds=f"{seconds:.1f}", seed=seed, version=catalogue.version),
               err=True)


def _shares(pairs: tuple[str, ...]) -> dict[str, float]:
    """``--operator-share``'s ``OPERATOR=SHARE`` pairs: a share between 0 and 1 (``0.02``) or a percentage (``2%``)."""
    given: dict[str, float] = {}
    for pair in pairs:
        operator, _, text = pair.partition("=")
        written = number_text(text)
        percent = written.endswith("%")
        written = written.removesuffix("%")
        if not operator.strip() or not PLAIN_AMOUNT.fullmatch(written):
            raise SaidParameter(message("cli.population.share_invalid", value=pair), param_hint="--operator-share")
        share = float(written) / (100 if percent else 1)
        if not 0 <= share <= 1:
            raise SaidParameter(message("cli.population.share_invalid", value=pair), param_hint="--operator-share")
        given[operator.strip()] = share
    return given


STDOUT = Path("-")
"""``--json -`` / ``--html -``: the report on standard output (``| jq``), the summary then on standard error."""


def _writable(option: str, out: Path | None) -> None:
    """Refuse an output file whose folder is missing or not writable, before any work."""
    if out is not None and out != STDOUT and not (out.parent.is_dir() and os.access(out.parent, os.W_OK)):
        raise Said(message("cli.whatif.no_folder", option=option, path=str(out), folder=str(out.parent)))


def _not_an_input(json_out: Path | None, html_out: Path | None, inputs: list[Path]) -> None:
    """Refuse a report file that is one of the run's own files, before any work (found by the security QA: ``--html``
    naming the population, or a plan file, overwrote it with the report after the run; ``--json`` and ``--html``
    naming one file left the HTML alone, and both were said to be written)."""
    if json_out is not None and html_out is not None and json_out.resolve() == html_out.resolve():
        raise Said(message("cli.whatif.same_file", path=str(json_out)))
    read: set[Path] = set()
    for path in inputs:
        read.update(p.resolve() for p in ([path] if not path.is_dir() else path.rglob("*")) if p.is_file())
    for option, out in (("--json", json_out), ("--html", html_out)):
        if out is not None and out != STDOUT and out.resolve() in read:
            raise Said(message("cli.whatif.reads_it", option=option, path=str(out)))


def _spark_master_alone(engine: str) -> None:
    """Refuse ``--spark-master`` given on the command line to a run of another engine than Spark (found by a user test:
    ``whatif --spark-master yarn`` ran locally without a word, where ``--engine spark`` was meant).  From the
    environment (``RECOMMENDER_SPARK_MASTER``, set for every run of a machine) it is not refused: a local run then
    has no use for it."""
    source = click.get_current_context().get_parameter_source("spark_master")
    if engine != "spark" and source is ParameterSource.COMMANDLINE:
        raise SaidUsage(message("cli.whatif.spark_master_alone", engine=engine))


@click.command("whatif", cls=LangCommand)
@click.option("--baseline", type=PathType(exists=True, path_type=Path), default=DEFAULT_PLANS,
              show_default="plans/", help="the plan files as published")
@click.option("--candidate", type=PathType(exists=True, path_type=Path), required=True,
              help="the edited plan files")
@click.option("--population", "population_path", type=PathType(exists=True, path_type=Path), required=True,
              help="Parquet or CSV file (or folder) of profiles")
@click.option("--json", "json_out", type=PathType(dir_okay=False, allow_dash=True, path_type=Path),
              help="write the report as JSON (- : to standard output, the summary then to standard error)")
@click.option("--html", "html_out", type=PathType(dir_okay=False, allow_dash=True, path_type=Path),
              help="write a self-contained HTML report (- : to standard output)")
@click.option("--engine", type=Choice(["local", "spark"]), default="local", show_default=True,
              help="score on this machine (local) or on Spark")
@click.option("--workers", type=IntRange(1, 1024), help="local engine: processes (default: every core)")
@click.option("--spark-master", envvar="RECOMMENDER_SPARK_MASTER",
              help="spark engine: master URL (local[2], yarn, k8s://…) or Spark Connect sc://… "
                   "[env RECOMMENDER_SPARK_MASTER; default local[2]]")
@click.option("--as-of", type=DateTime(["%Y-%m-%d"]),
              help="read conditions of sale (available_from, available_until) at this date (today): "
                   "e.g. the day a new plan goes on sale")
@click.option("--lang", type=Language(), default="en", show_default=True,
              help="the language of the report in the terminal and of --html: its phrases, operators' and plans' "
                   "names (ids stay ids; --json is the same in every language)")
def whatif_command(baseline: Path, candidate: Path, population_path: Path, json_out: Path | None,
                   html_out: Path | None, engine: str, workers: int | None, spark_master: str | None,
                   as_of: datetime.datetime | None, lang: str) -> None:
    """Score a population against the baseline and the candidate plans; report the shift (in English, or in
    Chinese with --lang zh)."""
    import pyarrow as pa

    from . import report, summary, whatif

    _spark_master_alone(engine)
    for option, out in (("--json", json_out), ("--html", html_out)):  # before the run, not after it
        _writable(option, out)
    _not_an_input(json_out, html_out, [baseline, candidate, population_path])
    day = as_of.date() if as_of is not None else home_today()  # one day for every worker
    base, base_sources = _load(baseline, "baseline", lang)
    cand, cand_sources = _load(candidate, "candidate", lang)
    say = report.Wording(lang, _names(lang, cand, base))
    for note in _slow_plans(base, cand, lang=lang):
        click.echo(say("note", text=note), err=True)
    start = time.perf_counter()
    try:
        if _empty(population_path):  # (pyarrow's "Empty CSV file or block: cannot infer number of columns", in
            # English under --lang zh: found by QA)
            raise whatif.PopulationError(message("population.empty", path=str(population_path)))
        if engine == "spark":
            if importlib.util.find_spec("pyspark") is None:
                raise Said(message("cli.whatif.no_spark"))
            from . import spark  # lazily: pyspark is an optional extra

            session = spark.session(spark_master)
            partitions: set[int] = set()
            total = spark.run(base_sources, cand_sources, population_path, spark=session, as_of=day,
                              busy=partitions)
            used: EngineUsed = {"name": "spark", "master": spark.master_url(spark_master),
                                "busy_partitions": len(partitions)}
            if (cores := spark.cores(session)) is not None:
                used["cores"] = cores
        else:
            from . import local

            dataset = local.population_dataset(population_path)
            rows = dataset.count_rows()
            if unread := local.unread_columns(dataset.schema.names):
                click.echo(say("note", text=say("unread", columns=say.some(unread), read=say.join(whatif.READ)))
                           .translate(CONTROLS), err=True)  # (the header's own words: cli_lang.shown)
            busy: set[int] = set()
            with click.progressbar(length=rows, label=say("scoring"), file=sys.stderr,
                                   show_pos=True, show_eta=True) as bar:
                total = local.run(base_sources, cand_sources, population_path, workers, bar.update, as_of=day,
                                  busy=busy)
            used = {"name": "local", "workers": workers or os.cpu_count() or 1, "busy_workers": len(busy)}
        if total.profiles == 0:  # (a header alone: more likely a failed export than a population; found by QA)
            raise whatif.PopulationError(message("population.no_rows", path=str(population_path)))
    except whatif.PopulationError as exc:
        raise Said(exc.problem) from None
    except pa.ArrowException as exc:  # a file that is not what its name says (empty, truncated, not CSV; pyarrow's
        from . import local as local_engine

        if engine == "local" and isinstance(exc, pa.ArrowInvalid) and (
                cell := local_engine.bad_cell(population_path, whatif.Scorer(base, cand, day))):  # (a CSV's cell
            # not of its column's type, a row not of its header, or a value refused before them: at its row)
            raise Said(cell.problem) from None
        raise Said(message("cli.whatif.unreadable", path=str(population_path), error=str(exc))) from None  # words)
    except UnicodeDecodeError:  # (a CSV header saved in GB 18030: a traceback, found by QA)
        raise Said(message("cli.whatif.not_utf8", path=str(population_path))) from None
    except BrokenProcessPool:  # (a worker killed, by the OOM killer say: it was a traceback, and before that a hang)
        raise Said(message("cli.whatif.worker_died")) from None
    seconds = time.perf_counter() - start
    doc = summary.summarise(total, base, cand, day)
    doc["engine"] = {**used, "seconds": round(seconds, 3),
                     "profiles_per_second": round(total.profiles / seconds) if seconds else None}
    doc["inputs"] = {"baseline": str(baseline), "candidate": str(candidate), "population": str(population_path),
                     "as_of": day.isoformat()}
    # The files first: a run of minutes is not lost to a reader that stops early (``| head``).
    written = {json_out: lambda: json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
               html_out: lambda: report.html(doc, say)}
    for out, text in written.items():
        if out is not None and out != STDOUT:
            out.write_text(text(), encoding="utf-8")
    piped = STDOUT in written  # (``--json -``: the report on standard output, alone; found by the Spark user test,
    # it wrote a file named "-"; what goes to standard error first, so a reader that stops early loses none of it)
    click.echo(report.terminal(doc, say), err=piped)
    for out in written:
        if out is not None and out != STDOUT:
            click.echo(say("wrote", path=out), err=True)
    rate = total.profiles / seconds if seconds else 0.0  # (a few rows: "0 profiles/s" read as nothing scored)
    click.echo(say("rate", profiles=report.profiles(total.profiles, say), seconds=f"{seconds:.2f}",
                   rate=f"{rate:,.0f}" if rate >= 10 else f"{rate:.2g}", engine=report.engine_label(doc, say)),
               err=True)
    if piped:
        try:
            click.echo(written[STDOUT](), nl=False)
            sys.stdout.flush()
        except BrokenPipeError:  # (``| head``: the reader has what it wanted; said as Python's docs say to, quietly)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None


def _names(lang: str, *catalogues: Catalogue) -> Names:
    """The names of operators and plans in ``lang``, from the first of ``catalogues`` that has them (the candidate's,
    then the baseline's for a plan the edit removed), as ``recommend``'s table names them (``table_names``)."""
    found = [names_for(catalogue, lang) for catalogue in catalogues]

    def name(kind: str, ident: str) -> str:
        return next((said for names in found if (said := names(kind, ident)) != ident), ident)
    return table_names(name, lang)


def _empty(path: Path) -> bool:
    """Whether a population file holds nothing: no bytes, or only a UTF-8 byte order mark and blank lines (a
    spreadsheet's export of nothing; the review found "\\n" and a BOM alone still said in pyarrow's words)."""
    return path.is_file() and path.stat().st_size <= EMPTY_AT_MOST and \
        path.read_bytes().removeprefix(codecs.BOM_UTF8).strip() == b""


EMPTY_AT_MOST = 4096
"""The size of file ``_empty`` reads: a file of more bytes is no export of nothing."""
