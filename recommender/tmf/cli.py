"""``recommender export tmf620`` and ``recommender import tmf620``: the catalogue as TM Forum documents.

An export folder holds ``productOffering.json`` and ``productOfferingPrice.json``: the same JSON
arrays as ``GET /tmf-api/productCatalogManagement/v4/productOffering`` and ``/productOfferingPrice``.
"""

import json
from pathlib import Path

import click

from .. import strictjson
from ..catalogue import DEFAULT_PLANS, CatalogueError, load_catalogue, load_sources
from ..catalogue.load import plan_files
from ..cli_lang import LangCommand, LangGroup, Language, PathType, plans_invalid
from ..messages import catalogue as wording
from ..messages import render

OFFERINGS = "productOffering.json"
PRICES = "productOfferingPrice.json"


@click.group("export", cls=LangGroup)
def export_group() -> None:
    """Write the catalogue in another format."""


@click.group("import", cls=LangGroup)
def import_group() -> None:
    """Turn a catalogue in another format into plan files."""


@export_group.command("tmf620", cls=LangCommand)
@click.option("--plans", type=PathType(exists=True, path_type=Path), default=DEFAULT_PLANS,
              show_default="plans/", help="plan files folder")
@click.option("--out", type=PathType(file_okay=False, path_type=Path), required=True,
              help="folder to write productOffering.json and productOfferingPrice.json to")
@click.option("--lang", type=Language(), default="en", show_default=True,
              help="the language of the line saying what was written and of the errors (the documents are the same "
                   "in every language)")
def export_tmf620(plans: Path, out: Path, lang: str) -> None:
    """TMF620 ProductOffering and ProductOfferingPrice documents of the plan files."""
    from . import tmf620  # here, not at import: every other command starts without it

    try:
        catalogue = load_catalogue(plans)
    except CatalogueError as exc:
        raise plans_invalid(exc, lang) from None
    offerings, prices = tmf620.catalogue_documents(catalogue)
    out.mkdir(parents=True, exist_ok=True)
    for name, items in ((OFFERINGS, offerings), (PRICES, prices)):
        (out / name).write_text(json.dumps(items, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(wording(lang)["cli.export.wrote"].format(offerings=len(offerings), prices=len(prices),
                                                        version=catalogue.version, out=out))


def _read(folder: Path, name: str, lang: str = "en") -> list[dict[str, object]]:
    words = wording(lang)
    try:
        # (read as a profile is: NaN, Infinity or a key given twice refused; found by the plan-files helper: a
        # price of NaN was a traceback, a key twice read as its last)
        # ('utf-8-sig': a byte-order mark first, as Excel and many Windows tools write UTF-8, is read as none; it was
        # refused as "not valid JSON (Expecting value: line 1 column 1)": the integrator QA)
        items = strictjson.loads((folder / name).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise click.ClickException(words["cli.import.cannot_read"].format(path=folder / name, error=exc.strerror)
                                   ) from None
    except (json.JSONDecodeError, strictjson.NotStrictJson, UnicodeDecodeError) as exc:
        raise click.ClickException(words["cli.import.not_json"].format(path=folder / name, error=exc)) from None
    except RecursionError:  # (found by the security QA: a document of some thousands of nested [ was a traceback)
        raise click.ClickException(words["cli.import.too_deep"].format(path=folder / name)) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise click.ClickException(words["cli.import.not_array"].format(path=folder / name))
    return items


@import_group.command("tmf620", cls=LangCommand)
@click.argument("folder", type=PathType(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=PathType(file_okay=False, path_type=Path), default=DEFAULT_PLANS,
              show_default="plans/", help="folder to write one <operator>.yaml per operator to")
@click.option("--force", is_flag=True, help="overwrite plan files that exist")
@click.option("--lang", type=Language(), default="en", show_default=True,
              help="the language of its errors and of the notes (on stderr) saying what the import did not carry")
def import_tmf620(folder: Path, out: Path, force: bool, lang: str) -> None:
    """Plan files (YAML) from a TMF620 export (productOffering.json, productOfferingPrice.json); then a note on
    stderr for each part of the export the plan files do not carry (a price no offering refers to, a field the
    import does not read)."""
    from . import tmf620

    # (its refusals in --lang, from the messages' catalogues; they were English after a Chinese "错误：", found by the
    # integrator QA; English as before, byte for byte)
    words = wording(lang)
    offerings, prices = _read(folder, OFFERINGS, lang), _read(folder, PRICES, lang)
    try:
        files = tmf620.operator_files(offerings, prices)
    except tmf620.TmfImportError as exc:
        raise click.ClickException(words["cli.import.cannot"].format(folder=folder, text=render(exc.reason, lang))
                                   ) from None
    if not files:  # (an empty export imported with exit 0 and not a word: the integrator QA)
        raise click.ClickException(words["cli.import.empty"].format(folder=folder, file=OFFERINGS))
    texts = {out / f"{f.operator.id}.yaml": tmf620.plan_yaml(f) for f in files}
    specs = {str(out / f"{f.operator.id}.yaml"): f for f in files}

    def said(exc: CatalogueError) -> str:  # a file not written: at the offering; one in --out: at its line
        return "\n".join(tmf620.import_problem(p, specs[p.file], offerings, lang) if p.file in specs
                         else p.text(lang) for p in exc.problems)

    try:
        load_sources([(str(path), text.encode()) for path, text in texts.items()])
    except CatalogueError as exc:
        raise click.ClickException(words["cli.import.invalid"].format(text=said(exc))) from None
    # the folder as it will be: an import writes one file per operator beside the plan files already there (found
    # by the TMF integration QA: over a folder whose operator is split over files, a province's packs in their own
    # file, `--force` wrote every pack a second time, said nothing, and left a catalogue the service refuses)
    others = [p for p in (plan_files(out) if out.is_dir() else []) if p not in texts]
    if others:
        try:
            load_sources([*((str(p), p.read_bytes()) for p in others),
                          *((str(path), text.encode()) for path, text in texts.items())])
        except CatalogueError as exc:
            raise click.ClickException(words["cli.import.invalid_beside"].format(
                out=out, files=words["list.separator"].join(p.name for p in others), text=said(exc))) from None
    existing = [str(p) for p in texts if p.exists()]
    if existing and not force:
        raise click.ClickException(words["cli.import.overwrite"].format(files=words["list.separator"].join(existing)))
    out.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
        click.echo(words["cli.import.wrote"].format(path=path))
    for path in others:  # (found by the TMF integration QA: an operator the export no longer has went on being served)
        click.echo(words["cli.import.kept"].format(path=path))
    for note in tmf620.not_imported(offerings, prices, files):  # (found by the integrator QA: all dropped unsaid)
        click.echo(words["cli.import.note"].format(text=render(note, lang)), err=True)
