"""The consumer web form: ``GET /`` (the form), ``GET /results`` (the ranked answer), HTML errors.

The form is sent with GET so results can be bookmarked, shared and shown again in the other
language (``?lang=en``); POST to ``/results`` works too.  The answer comes from the same
``recommend`` call as the API, with the API's defaults (top 5, engine auto).

An itemised bill (a CSV of calls, sessions and messages, the format of
``POST /api/v1/recommendations/usage``) is uploaded from the same form: its own button posts the
form as ``multipart/form-data`` (``formmethod``/``formenctype``, no script needed; with the script,
choosing a file switches the whole form to that).  Such results cannot be bookmarked (the file is
not in the URL).  ``GET /sample-usage.csv`` is the sample bill.
"""

import sys
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, send_file, url_for
from flask.sansio.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound, RequestEntityTooLarge

from ..answer import recommend
from ..catalogue import Catalogue, Plan
from ..eligibility import plan_today
from ..messages import HTML_LANG, NEED, Message, listed, number
from ..messages import render as word
from ..money import format_yuan
from ..profile import MAX_LINES, MAX_MBPS, ZONES, Profile, Record
from ..serving import served
from ..usage import months_of
from . import form as forms
from .i18n import COOKIE, LANGUAGES, requested_language, translate
from .present import Page, isolated

TOP_K = 5
PRESETS = "recommender.web.presets"
SAMPLE_CSV = "recommender.web.sample_csv"
SAMPLE_NAME = "three-months.csv"
MAX_FILE_NAME = 100
BILL = "bill"
"""The form's query naming a bill sent from it (the results of a posted bill link to the form with the answers and
this): the browser keeps no chosen file, and the form says which to choose again (form QA: it said nothing)."""
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
JSON_PATHS = ("/api/", "/tmf-api/", "/healthz", "/readyz", "/metrics")
"""Paths whose errors are JSON whatever the client accepts (found by QA: a TMF client sending Java's default
``Accept: text/html, image/gif, ...`` got an HTML page for a 404 or 405 under /tmf-api)."""
COOKIE_MAX_AGE = 365 * 24 * 3600
BYTES_PER_MB = 1024 * 1024
"""The upload limit as the 413 page says it (RECOMMENDER_MAX_UPLOAD_BYTES: 4194304, "4 MB")."""

web = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                static_url_path="/assets/web")


# -- language, headers, errors ----------------------------------------------------------------------

def language() -> str:
    if "web_lang" not in g:
        g.web_lang, g.web_lang_chosen = requested_language()
    return str(g.web_lang)


def _switch_url(other: str) -> str:
    """The page in the other language: the same URL for a GET; after a POST (an uploaded bill) the form
    with the answers sent (``g.web_answers``: all but the file, which a browser cannot fill in again)."""
    answers = g.get("web_answers")
    if answers is not None:
        return url_for("web.form") + "?" + urlencode([*answers, ("lang", other)])
    if request.method != "GET" or request.blueprint != "web" or request.endpoint == "web.static":
        return url_for("web.form", lang=other)
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", other)]
    return f"{request.path}?{urlencode(args)}"


WHOLE_TERMS = ("5G-A",)
"""Terms a line never breaks inside: a browser breaks after a hyphen, and a phone showed the English title as
"Find your cheapest 5G-" over "A bundle" (consumer QA)."""


@web.app_template_filter("whole_terms")
def _whole_terms(text: str) -> Markup:
    """``text`` escaped, each of ``WHOLE_TERMS`` in it kept on one line."""
    out = escape(text)
    for term in WHOLE_TERMS:
        out = Markup(out.replace(escape(term), Markup('<span class="nowrap">{}</span>').format(term)))
    return out


@web.app_template_filter("isolated")
def _isolated(name: str) -> str:
    """A person's own text set apart inside a sentence of the page (``present.isolated``)."""
    return isolated(name)


@web.app_template_filter("sentence")
def _sentence(text: str) -> str:
    """An advice's text as a paragraph of its own: its first letter a capital ("keep your plan …" began a paragraph
    in lower case, found by the user test; the messages are clauses, as the API and the CLI carry them).  Chinese has
    no case: as it is.  It ends with a full stop, the page's language's (the user test: "… or your use in a month"
    ended the paragraph with none)."""
    stop = "" if text.endswith(SENTENCE_ENDS) else "。" if language() == "zh" else "."
    return text[:1].upper() + text[1:] + stop


SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")
"""What ends a sentence already (an advice's text ends with none: its clause is the API's and the CLI's)."""
CAUTIONS = frozenset({"records_part_months", "records_without", "current_plan_settled", "current_plan_term",
                      "current_plan_falls_short", "current_plan_short_of_lines", "current_plan_only_if"})
"""Advice that warns of how the answer was reckoned, not of what to do: styled as a caution, not as good news (the
user test: the part-months warning was green)."""


@web.app_context_processor
def _page_context() -> dict[str, Any]:
    if not request or request.blueprint not in ("web", None):
        return {}
    lang = language()
    other = "en" if lang == "zh" else "zh"

    def t(key: str, **params: object) -> str:
        return translate(lang, key, **params)

    return {"t": t, "lang": lang, "html_lang": HTML_LANG[lang], "other_lang": other, "cautions": CAUTIONS,
            "other_lang_name": translate(other, "language.name"), "switch_url": _switch_url(other),
            # (the hours' patterns, the data helper's and a minutes field's: its script reads the server's)
            "hours_unit": forms.HOURS_AFTER, "in_hours": forms.IN_HOURS,
            "minute_fields": (*forms.MINUTE_FIELDS, "line_voice_minutes")}


def secure(response: Response) -> Response:
    """The page headers: a CSP without unsafe-inline, no sniffing, no referrer leak, the language cookie."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.blueprint != "web" or request.endpoint != "web.static":
        response.headers.setdefault("Cache-Control", "no-store")
    lang = language()
    if g.get("web_lang_chosen"):
        # Secure when the page came over HTTPS (behind a proxy: as RECOMMENDER_PROXY_FIX trusts it to say)
        response.set_cookie(COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    response.vary.add("Cookie")
    return response


@web.after_request
def _after(response: Response) -> Response:
    return secure(response)


def html_error(code: int, headers: object = None) -> Response:
    """An error page in the page's language (with the exception's headers, e.g. Allow on 405)."""
    known: int | str = code if code in (400, 404, 405, 413, 422, 500, 503) else "other"
    params: dict[str, str] = {}
    if code == RequestEntityTooLarge.code and request.mimetype == "multipart/form-data":
        # an itemised bill over the upload limit: the page says so and how large a file may be ("what was sent is
        # over the size limit" named no field nor limit; found by the consumer review)
        known = "413_upload"
        params = {"mb": number(Decimal(int(current_app.config["RECOMMENDER_MAX_UPLOAD_BYTES"])) / BYTES_PER_MB)}
    body = render_template("web/error.html", code=code, phrase=HTTPStatus(code).phrase, known=known, params=params)
    response = Response(body, status=code, mimetype="text/html")
    for name, value in headers or []:  # type: ignore[attr-defined]  # werkzeug's headers: (name, value) pairs
        if name.lower() != "content-type":
            response.headers[name] = value
    return secure(response)


@web.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return html_error(error.code or 500, error.get_headers())


@web.errorhandler(Exception)
def _crash(error: Exception) -> Response:
    current_app.log_exception(sys.exc_info())  # called while the exception is being handled
    return html_error(InternalServerError.code)


def _wants_html() -> bool:
    """A browser asking for a page that is not the API's (routing errors have no blueprint)."""
    if request.path.startswith(JSON_PATHS) or request.path in ("/api", "/tmf-api"):
        return False
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


@web.record_once
def _setup(state: BlueprintSetupState) -> None:
    """Load the presets, and give browsers HTML 404/405 pages for URLs no blueprint owns.

    Routing errors never reach a blueprint's handlers, so the app-wide HTTPException handler
    registered before us (flask-smorest's JSON one) is wrapped: browsers get the page, API
    clients and API paths get the JSON as before.
    """
    app = state.app
    app.extensions[PRESETS] = forms.load_presets(app.config.get("RECOMMENDER_PLANS", "plans"))
    app.extensions[SAMPLE_CSV] = _sample_csv(app.config.get("RECOMMENDER_PLANS", "plans"))
    previous = app.error_handler_spec[None][None].get(HTTPException)

    def _routing_error(error: HTTPException) -> ResponseReturnValue:
        if request.blueprint is None and _wants_html():
            return html_error(error.code or 500, error.get_headers())
        if previous is None:
            return error
        return previous(error)  # type: ignore[return-value]  # flask-smorest's handler, which is synchronous

    app.register_error_handler(HTTPException, _routing_error)


def _sample_csv(plans_path: str | Path) -> Path | None:
    """``seeds/usage/three-months.csv`` beside the plan folder, else the shipped one (``form.seeds_for``, as the
    presets: "this checkout's" was no file in an installed package)."""
    for seeds in forms.seeds_for(plans_path):
        path = seeds / "usage" / SAMPLE_NAME
        try:  # (a folder the server may not search is as one without the sample: the server starts)
            if path.is_file():
                return path
        except OSError:
            continue
    return None


# -- the form ------------------------------------------------------------------------------------------

def _catalogue() -> Catalogue:
    return served()


def _yuan_plans(catalogue: Catalogue) -> list[Plan]:
    """The catalogue's plans priced in yuan: the form's money is yuan, and its list of current plans is these."""
    return [p for p in catalogue.plans if p.currency == "CNY"]


def _held_plans(catalogue: Catalogue) -> list[Plan]:
    """The plans a person may be on now, the form's list of current plans: priced in yuan, their sale begun in their
    market today (a plan on sale from next year is no one's yet: ``answer.not_yet_sold`` refuses it; found by the
    plan-file author's test, the list offered it)."""
    return [p for p in _yuan_plans(catalogue) if p.rule.sale_begun(plan_today(catalogue, p))]


def _operator_ids(catalogue: Catalogue) -> list[str]:
    """The catalogue's operators priced in yuan, in the usual order."""
    present = {p.operator for p in _yuan_plans(catalogue)}
    return [op for op in catalogue.operators if op in present]


def _benefits(catalogue: Catalogue) -> frozenset[str]:
    """The benefits of the plans and packs the form compares (its operators', priced in yuan): a US plan's Netflix
    is no wish the form can meet (found by the form QA: ticked, every bundle lacked it)."""
    ours = set(_operator_ids(catalogue))
    return frozenset().union(*(p.benefits for p in _yuan_plans(catalogue)),
                             *(k.benefits for k in catalogue.packs if k.operator in ours))


def _form_context(catalogue: Catalogue, form: forms.FormData, page: Page) -> dict[str, Any]:
    benefits = _benefits(catalogue)
    yuan = _held_plans(catalogue)
    operators = _operator_ids(catalogue)
    named = {p.id: page.plan(p.id) for p in yuan}
    plans_by_operator = [
        (page.operator(op), [(p.id, named[p.id][0] + (" · " + page.t(tag) if (tag := named[p.id][1]) else ""))
                             for p in yuan if p.operator == op])
        for op in operators]
    presets = current_app.extensions.get(PRESETS, {})
    # every speed a plan or pack of the served catalogue gives is a choice too (found by the edges QA: ct-5ga-399's
    # 400 Mbps uplink could not be asked for, only 300 or 500, so the form and the API answered differently)
    ours = set(operators)  # (the form's operators: priced in yuan)
    sold = [(p.uplink_mbps, p.downlink_mbps) for p in catalogue.plans if p.operator in ours] + [
        (k.uplink_mbps, k.downlink_mbps) for k in catalogue.packs if k.operator in ours]
    uplinks = sorted({*forms.UPLINK_CHOICES, *_int_choice(form.get("uplink")),
                      *(up for up, _ in sold if 0 < up <= MAX_MBPS)})
    downlinks = sorted({*forms.DOWNLINK_CHOICES, *_int_choice(form.get("downlink")),
                        *(down for _, down in sold if 0 < down <= MAX_MBPS)})
    broadbands = sorted({*forms.BROADBAND_CHOICES, *_int_choice(form.get("broadband_mbps"))})
    return {"form": form, "benefit_choices": sorted(((b, page.benefit(b)) for b in benefits),
                                                          key=lambda x: page.collation(x[1])),
            "operator_choices": [(op, page.operator(op)) for op in operators],
            # (the lead names the operators compared, as the catalogue has them: it said the three Chinese ones over
            # a fourth operator's file, found by the plan-file author's test)
            "compared": listed(page.t("list.and"), page.t("list.sep"), [page.operator(op) for op in operators]),
            "plan_choices": plans_by_operator,
            "presets": list(presets), "uplinks": uplinks, "downlinks": downlinks,
            "broadband_choices": [(mbps, page.t("speed.custom", mbps=mbps)) for mbps in broadbands if mbps],
            "zones": [(zone, page.t(f"zone.{zone}")) for zone in ZONES], "max_lines": MAX_LINES,
            "max_name": forms.MAX_NAME_CHARS,
            "region_choices": page.regions(), "membership_choices": page.memberships(),
            "error_count": len(form.errors),
            "csv_problems": [(p.line, word(p.reason, page.lang)) for p in form.csv_problems],
            "throttling_hint": _throttling_hint(catalogue, ours, page),
            "share_lead": page.t("share.lead" if _app_data(catalogue, ours) else "share.lead.none"),
            "rates": {"video": forms.GB_PER_VIDEO_HOUR,
                                                       "social": forms.GB_PER_SOCIAL_HOUR}}


def _app_data(catalogue: Catalogue, operators: set[str]) -> bool:
    """Whether a plan or pack of the form's operators has data for apps only (定向流量): the app share changes a
    price only then (it asked for it, "some plans include …", where none did: found by the localisation review)."""
    return any(p.app_data for p in catalogue.plans if p.operator in operators) or \
        any(k.app_data for k in catalogue.packs if k.operator in operators)


def _throttling_hint(catalogue: Catalogue, operators: set[str], page: Page) -> str:
    """What accepting throttled data means on the form's plans: the speeds they slow to (the hint said "about
    1 Mbps" whatever the plans: the tariff structures review), or that none does."""
    speeds = sorted({p.throttle_kbps for p in catalogue.plans if p.operator in operators and p.throttle_kbps})
    if not speeds:
        return page.t("hint.throttling.none")
    return page.t("hint.throttling", speeds=page.t("list.or").join(page.speed(kbps) for kbps in speeds))


def _int_choice(raw: str) -> set[int]:
    return {int(raw)} if raw.isascii() and raw.isdigit() and int(raw) <= forms.MAX_MBPS else set()


AGAIN = "again"
"""``estimate``'s value on the form sent again after the helper's hours were refused (``form``)."""


@web.route("/", methods=["GET"])
def form() -> Response | str:
    """The form: empty, from a preset (``?preset=student``), or as sent back for editing."""
    catalogue = _catalogue()
    page = Page(catalogue, language())
    preset = request.args.get("preset")
    presets = current_app.extensions.get(PRESETS, {})
    active = None
    if preset is not None:
        if preset not in presets:
            return html_error(404)
        filled = forms.from_profile(presets[preset], _operator_ids(catalogue))
        active = preset
    elif forms.submitted(request.args):
        filled = forms.from_args(request.args)
        if request.args.get("estimate") and not forms.apply_estimate(filled) and request.args["estimate"] != AGAIN:
            # the helper's hours refused: the same answers again, at the error summary (the button's own place,
            # #f-data_gb, took the focus to a data field holding no error, the summary off screen and never read;
            # found by the screen-reader user's test; a fragment in Location replaces the request's)
            again = [(k, v) for k, v in request.args.items(multi=True) if k != "estimate"] + [("estimate", AGAIN)]
            to = redirect("/?" + urlencode(again) + "#error-summary", HTTPStatus.SEE_OTHER)
            return to  # type: ignore[return-value]  # redirect() gives the flask Response class the app uses
    else:
        filled = forms.defaults()
    status = 422 if filled.errors else 200
    body = render_template("web/form.html", active_preset=active, bill_again=bool(request.args.get(BILL)),
                           **_form_context(catalogue, filled, page))
    return Response(body, status=status, mimetype="text/html")


def _usage(profile: Profile, page: Page, current_fen: int | None) -> list[str]:
    t = page.t
    if profile.records is not None:
        months = months_of(profile)
        span = months[0] if len(months) == 1 else t("usage.span", first=months[0], last=months[-1])
        out = [t("usage.records", count=len(profile.records)), t("usage.months", count=len(months), span=span)]
    elif profile.months is not None:
        out = [t("usage.months", count=len(profile.months), span="")]
    elif profile.lines is not None:  # each line's usage as the single person's (its texts and app share too: a
        # household's pills had left them out, though its bills charge the texts; found by the consumer review)
        out = []
        for i, line in enumerate(profile.lines):
            who = page.who(i, line.name)
            out.append(t("usage.line", who=who, gb=number(line.data_gb, NEED), minutes=line.voice_minutes,
                         count=line.sms))
            out.extend(t("usage.line_app_share", who=who, gb=number(gb, NEED), app=t(f"app.{app}"))
                       for app, gb in line.app_share.items())
    else:
        out = [t("usage.data", gb=number(profile.data_gb, NEED)),
               t("usage.voice", minutes=profile.voice_minutes), t("usage.sms", count=profile.sms)]
    out.extend(_needs_summary(profile, page))
    if profile.operators is not None:
        out.append(t("usage.operators", names=t("list.sep").join(page.operator(o) for o in profile.operators)))
    if profile.budget_fen is not None:
        out.append(t("usage.budget", amount=format_yuan(profile.budget_fen)))
    plan = profile.current.plan_id if profile.current is not None else None
    if plan is not None:  # (the plan chosen, its price reckoned: "现在每月 ¥109.00" was a figure never given, QA)
        out.append(t("usage.current_plan", plan=page.plan(plan)[0]) if current_fen is None else
                   t("usage.current_plan.cost", plan=page.plan(plan)[0], amount=format_yuan(current_fen)))
    elif current_fen is not None:
        out.append(t("usage.current", amount=format_yuan(current_fen)))
    about = profile.about
    if about is not None:
        if about.age is not None:
            out.append(t("usage.age", age=about.age))
        if about.region is not None:
            out.append(word(Message("region_name", {"regions": [about.region]}), page.lang))
        if about.customer_of is not None:
            out.append(t("usage.customer_of", operator=page.operator(about.customer_of)))
        for membership in about.memberships or ():
            out.append(t("about.member", name=page.names("membership", membership)))
        if about.memberships == ():
            out.append(t("usage.no_membership"))
    if profile.benefits:  # (what the cards' "has"/"lacks" read against: found by the benefits user test)
        out.append(t("usage.benefits", names=t("list.sep").join(page.benefit(b) for b in profile.benefits)))
    if profile.allow_throttling:  # (the answer that ranks a throttled plan: found by the localisation review)
        out.append(t("usage.throttling"))
    if profile.eligibility == "strict":
        out.append(t("usage.strict"))
    return out


def _needs_summary(profile: Profile, page: Page) -> list[str]:
    """The needs as pills: speeds (and their days), satellite, trips abroad, broadband, app share."""
    t, needs, out = page.t, profile.needs, []
    for mbps, days, key in ((needs.min_uplink_mbps, needs.uplink_days, "usage.uplink"),
                            (needs.min_downlink_mbps, needs.downlink_days, "usage.downlink")):
        if mbps:
            out.append(t(key, mbps=mbps) + (t("usage.days", days=days) if days else ""))
    if needs.satellite:
        out.append(t("usage.satellite"))
    if needs.satellite_minutes or needs.satellite_sms:  # (only the use given: "satellite 0 min / 25 texts", QA)
        key = "usage.satellite_use" if needs.satellite_minutes and needs.satellite_sms else \
            "usage.satellite_minutes" if needs.satellite_minutes else "usage.satellite_sms"
        out.append(t(key, minutes=needs.satellite_minutes, count=needs.satellite_sms))
    for trip in needs.trips:
        out.append(t("usage.roaming", gb=number(trip.data_gb, NEED), minutes=trip.voice_minutes)
                   + (t("usage.trip", where=t(f"zone.{trip.zone}"), days=trip.trip_days) if trip.zone
                      else t("usage.trip_days", days=trip.days) if trip.days else ""))
    if needs.broadband_mbps:
        out.append(t("usage.broadband_mbps", mbps=needs.broadband_mbps))
    elif needs.broadband:
        out.append(t("usage.broadband"))
    for app, gb in profile.app_share.items():
        out.append(t("usage.app_share", gb=number(gb, NEED), app=t(f"app.{app}")))
    return out


@web.route("/favicon.ico", methods=["GET"])
def favicon() -> Response:
    """The site has no icon: said with 204 rather than 404, which a page without ``<link rel="icon">`` of its own
    (Swagger UI's, at ``/api/docs``) showed as an error in the browser's console (consumer QA)."""
    return Response(status=204, headers={"Cache-Control": "public, max-age=86400"})


@web.route("/sample-usage.csv", methods=["GET"])
def sample_usage() -> Response:
    """The sample itemised bill (three months), to download and upload again or to copy its layout."""
    path = current_app.extensions.get(SAMPLE_CSV)
    if path is None:
        raise NotFound()
    response = send_file(path, mimetype="text/csv", as_attachment=True, download_name=SAMPLE_NAME, max_age=3600)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _uploaded(filled: forms.FormData) -> tuple[bool, tuple[Record, ...] | None, str]:
    """``(a bill was meant, its records, its file name)``; the bill's errors go into ``filled``."""
    upload: FileStorage | None = request.files.get(forms.CSV_FIELD) if request.method == "POST" else None
    if upload is not None and upload.filename:
        name = upload.filename[:MAX_FILE_NAME]
        content = upload.read()
        if not content.strip():
            filled.error(forms.CSV_FIELD, "error.csv_empty")
            return True, None, name
        cap = int(current_app.config["RECOMMENDER_MAX_UPLOAD_ROWS"])
        return True, forms.read_csv(filled, content, cap), name
    if request.values.get("upload"):  # the bill's button without a file
        filled.error(forms.CSV_FIELD, "error.csv_missing")
        return True, None, ""
    if request.method == "GET" and request.args.get(forms.CSV_FIELD):  # a file chosen, but sent as a GET
        filled.error(forms.CSV_FIELD, "error.csv_not_sent")
        return True, None, ""
    return False, None, ""


def _form_again(catalogue: Catalogue, filled: forms.FormData, page: Page, bill_sent: bool = False) -> Response:
    """The form with its errors; ``bill_sent``: a bill was sent with them, which the browser does not keep, and the
    page says to choose it again (its own errors say so already).  It said nothing when another field was wrong: the
    budget put right, the form was sent without the bill and answered for the monthly usage (consumer review)."""
    body = render_template("web/form.html", active_preset=None,
                           bill_again=bill_sent and forms.CSV_FIELD not in filled.errors,
                           **_form_context(catalogue, filled, page))
    return Response(body, status=422, mimetype="text/html")


def _compared(catalogue: Catalogue, answer: dict[str, Any], page: Page, profile: Profile) -> dict[str, Any]:
    """What was compared: the operators the form offers (``_operator_ids``: it compares in yuan and
    asks for no exchange rate).  The other operators' plans are said to be left out in one line, not
    listed as something to fix nor counted.  ``plan_count`` ("all N plans") counts the plans of the
    operators the person ticked."""
    operators = set(_operator_ids(catalogue))
    others = [op for op in catalogue.operators if op not in operators]
    compared = sum(p.operator in operators for p in catalogue.plans)
    chosen = sum(p.operator in operators and profile.wants_operator(p.operator) for p in catalogue.plans)
    return {"excluded": page.exclusions(e for e in answer["excluded"] if e["operator"] in operators),
            "excluded_packs": page.pack_exclusions(e for e in answer["excluded_packs"] if e["operator"] in operators),
            "plan_count": chosen,
            "other_currency": {"count": len(catalogue.plans) - compared,
                               "operators": page.t("list.sep").join(page.operator(op) for op in others)}
            if others else None}


def _suggestions(catalogue: Catalogue, answer: dict[str, Any], page: Page,
                 answers: list[tuple[str, str]] | None) -> list[dict[str, str | None]]:
    """What to change when nothing fits, each with the results for the answers so changed (``url``: None when the
    form cannot say the change, or the answers were a posted bill's, which no link carries; persona QA: a heavy user
    told "raise the budget to ¥331.90" or "drop the uplink need" had to find and change each field by hand)."""
    out: list[dict[str, str | None]] = []
    for s in answer["suggestions"]:
        changed = None if answers is None else forms.with_suggestion(answers, s["code"], s["params"],
                                                                     _operator_ids(catalogue))
        out.append({"text": s["text"], "url": None if changed is None else
                    url_for("web.results") + "?" + urlencode([("lang", page.lang), *changed])})
    return out


@web.route("/results", methods=["GET", "POST"])
def results() -> Response | str:
    """The ranked bundles for the form's answers, or the form again with the errors by their fields."""
    values = request.values
    if not forms.submitted(values) and not request.files:
        return redirect(url_for("web.form"))  # type: ignore[return-value]  # redirect() gives the flask Response class the app uses
    catalogue = _catalogue()
    page = Page(catalogue, language())
    filled = forms.from_args(values)
    edit_args: list[tuple[str, str]] = [(k, str(v)) for k, v in values.items(multi=True)
                                        if k not in ("lang", "estimate", "upload", forms.CSV_FIELD, BILL)]
    if request.method == "POST":  # no URL to show again in the other language: the form with the answers
        g.web_answers = edit_args
    known_benefits = _benefits(catalogue)
    if unknown := sorted({b for b in filled.benefits if b not in known_benefits}):  # (a link's benefit renamed, or
        # one of plans the form does not compare: it was dropped without a word, found by the benefits user test;
        # the form again offers the others, so sent again it is without them)
        filled.error("benefit", "error.benefit_unknown", ids=page.t("list.sep").join(unknown))
    filled.benefits = [b for b in filled.benefits if b in known_benefits]
    from_csv, records, file_name = _uploaded(filled)
    if file_name:  # the form again (the language link, "Change my answers") says to choose the bill again: not by
        # its name, which the page would then say from any link (found in review: "You sent the bill “<any text>”")
        edit_args.append((BILL, "1"))
    # the current plan is one of the list's, priced in yuan: another currency's was a 500 (UnknownPlan; found by QA)
    profile = forms.to_profile(filled, [p.id for p in _held_plans(catalogue)], _operator_ids(catalogue), records,
                               from_csv, catalogue.regions, catalogue.memberships)
    if profile is None:
        return _form_again(catalogue, filled, page, bill_sent=bool(file_name))
    limit = float(current_app.config["RECOMMENDER_TIME_LIMIT_S"])
    answer = recommend(catalogue, profile, TOP_K, "auto", limit).to_dict(page.lang, page.names)
    cards = [page.card(rec, profile) for rec in answer["recommendations"]]
    current_fen = answer["current_fen"]
    return render_template(
        "web/results.html", answer=answer, cards=cards, best=cards[0] if cards else None,
        chart=page.chart(cards, current_fen) if cards else None,
        suggestions=_suggestions(catalogue, answer, page, edit_args if request.method == "GET" else None),
        **_compared(catalogue, answer, page, profile),
        usage=_usage(profile, page, current_fen), current_yuan=format_yuan(current_fen) if current_fen else None,
        any_assumed=any(c["total_assumed"] for c in cards), edit_url="/?" + urlencode(edit_args),
        history=any(c["history"] for c in cards) or profile.records is not None,
        averaged=any(c["effective"] for c in cards),  # (a price averaged over the horizon: the chart's caption)
        file_name=file_name if records is not None else None, horizon=profile.horizon_months,
        lines_unused=len(filled.lines) if records is not None else 0,
        estimate_unused=forms.estimate_unused(filled) if records is None else None,
        separate=page.separate(answer["separate_lines"], profile.budget_fen) if "separate_lines" in answer else None)


__all__ = ["LANGUAGES", "web"]
