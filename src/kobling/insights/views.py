"""The "what works" pages: the programmes and providers one may see, and each one's answer with a
forest plot, the table, the groups too small to show and a plain-language summary, downloadable as
CSV and XLSX. Only the provider's own staff see them (selectors.py); anyone else gets a 404."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access, tables
from kobling.core.http import refusals_flashed
from kobling.core.roles import Cap
from kobling.insights import export, selectors, services
from kobling.insights.analysis import Insight
from kobling.insights.charts import forest_plot
from kobling.insights.intake import question_labels
from kobling.insights.precompute import insight_for_scope
from kobling.insights.warnings import RISK_SHOWN, warnings_for


@access.require(Cap.VIEW_PARTICIPANTS)
def insights_index(request):
    context = {
        "programmes": selectors.programmes_for_insights(request.user),
        "providers": selectors.providers_for_insights(request.user),
    }
    return render(request, "insights/index.html", context)


def _programme(request, slug: str):
    programme = selectors.programme_for_insights(request.user, slug)
    insight = insight_for_scope("programme", programme.pk)
    urls = {kind: reverse(f"insights_programme_{kind}", args=[slug]) for kind in ("csv", "xlsx")}
    return programme.name, programme.slug, insight, urls


def _provider(request, pk: int):
    provider = selectors.provider_for_insights(request.user, pk)
    insight = insight_for_scope("provider", provider.pk)
    urls = {kind: reverse(f"insights_provider_{kind}", args=[pk]) for kind in ("csv", "xlsx")}
    return provider.name, provider.slug, insight, urls


def _page(request, title: str, insight: Insight, **extra):
    texts = {
        "job": (_("Getting a job"), _("Share with a job"), _("Who got a job, by factor")),
        "dropout": (_("Dropping out"), _("Share who dropped out"), _("Who dropped out, by factor")),
    }
    described = _("Ratios with 95 %% intervals, 1 meaning no difference: %(figures)s.")
    sections = [
        {
            "key": outcome,
            "heading": heading,
            "rate_heading": rate_heading,
            "caption": caption,
            "rows": insight.shown(outcome),
            "plot": forest_plot(insight.shown(outcome), described),
        }
        for outcome, (heading, rate_heading, caption) in texts.items()
    ]
    context = {"title": title, "insight": insight, "sections": sections, **extra}
    return render(request, "insights/page.html", context)


@access.require(Cap.VIEW_PARTICIPANTS)
def insights_programme(request, slug: str):
    name, _slug, insight, urls = _programme(request, slug)
    title = _("What works: %(name)s") % {"name": name}
    return _page(request, title, insight, urls=urls, intake_url=reverse("insights_intake", args=[slug]))


@access.require(Cap.VIEW_PARTICIPANTS)
def insights_provider(request, pk: int):
    name, _slug, insight, urls = _provider(request, pk)
    return _page(request, _("What works: %(name)s") % {"name": name}, insight, urls=urls)


@access.require(Cap.VIEW_PARTICIPANTS)
def insights_download(request, kind: str, slug: str | None = None, pk: int | None = None):
    """A programme's (by `slug`) or a provider's (by `pk`) answer as a file: `kind` is csv or xlsx."""
    _name, slug, insight, _urls = _programme(request, slug) if pk is None else _provider(request, pk)
    if kind == "csv":
        content, content_type = export.as_csv(insight, tables.dialect_for(request)), tables.CSV_TYPE
    else:
        content, content_type = export.as_xlsx(insight), tables.XLSX_TYPE
    return tables.download(content, content_type, f"what-works-{slug}.{kind}")


@access.require(Cap.VIEW_PARTICIPANTS)
def insights_intake(request, slug: str):
    programme = selectors.programme_for_insights(request.user, slug)
    insight = insight_for_scope("intake", programme.pk, question_labels(programme))
    title = _("Intake criteria: %(name)s") % {"name": programme.name}
    lead = _(
        "Which intake questions and scores went with getting a job and with dropping out, among the "
        "people who started after an intake interview. Use it to adjust the criteria between cohorts."
    )
    return _page(request, title, insight, lead=lead)


FOLLOWERS = (Cap.VIEW_PARTICIPANTS, Cap.FOLLOW_OWN_PEOPLE)


@access.require(any_of=FOLLOWERS)
def insights_warnings(request):
    context = {"warnings": warnings_for(request.user), "risk_shown": RISK_SHOWN}
    return render(request, "insights/warnings.html", context)


@require_POST
@access.require(any_of=FOLLOWERS)
def insights_warning_task(request, pk: int):
    with refusals_flashed(request):
        task = services.warning_task_create(
            actor=request.user, enrolment_pk=pk, signal=request.POST.get("signal", "")
        )
        due = date_format(task.due, "SHORT_DATE_FORMAT")
        messages.success(
            request, _("Task created for you: “%(title)s”, due %(due)s.") % {"title": task.title, "due": due}
        )
    return redirect("insights_warnings")
