"""The organisers' reports: the series of events (with a chart, CSV and XLSX) and the employers' history.

Only those who organise events (Cap.MANAGE_EVENTS) see them, and only for their own organisations; any
other organiser is a 404.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from kobling.core import access, tables
from kobling.core.models import Organisation
from kobling.core.roles import Cap
from kobling.recruitment.reports import export, figures
from kobling.recruitment.reports.forms import SeriesFilterForm
from kobling.reports.charts import bar_chart


def _series(request):
    organisers = access.organisations_with(request.user, Cap.MANAGE_EVENTS)
    if not organisers:
        raise Http404
    form = SeriesFilterForm(request.GET or None, organisers=organisers)
    if form.is_bound and not form.is_valid():
        if "organiser" in form.errors:
            raise Http404
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    organiser_id = data.get("organiser") or organisers[0].pk
    organiser = next(o for o in organisers if o.pk == organiser_id)
    return form, figures.series_report(organiser, data.get("date_from"), data.get("date_to"))


def chart(series: figures.Series) -> dict:
    """The series' chart: what became of the people registered, each counted once."""
    p = series.people
    steps = [
        ("candidates", _("Registered"), p.candidates),
        ("interviewed", _("Interviewed"), p.interviewed),
        ("offered", _("Offered a job or work practice"), p.offered),
        ("job", _("Started a job"), p.job),
        ("practice", _("Started work practice"), p.practice),
    ]
    return bar_chart(
        [(key, label, count, series.share(count)) for key, label, count in steps],
        _("%(figures)s. Shares of the %(total)s people registered."),
        p.candidates,
    )


@access.require(Cap.MANAGE_EVENTS)
def series_page(request):
    form, series = _series(request)
    context = {"form": form, "series": series, "query": request.GET.urlencode()}
    if series is not None:
        context["chart"] = chart(series)
    return render(request, "recruitment/series.html", context, status=200 if series else 400)


@access.require(Cap.MANAGE_EVENTS)
def series_csv(request):
    form, series = _series(request)
    if series is None:
        return render(request, "recruitment/series.html", {"form": form, "series": None}, status=400)
    return tables.download(
        export.as_csv(series, tables.dialect_for(request)), tables.CSV_TYPE, export.filename(series, "csv")
    )


@access.require(Cap.MANAGE_EVENTS)
def series_xlsx(request):
    form, series = _series(request)
    if series is None:
        return render(request, "recruitment/series.html", {"form": form, "series": None}, status=400)
    return tables.download(export.as_xlsx(series), tables.XLSX_TYPE, export.filename(series, "xlsx"))


def _organiser(request) -> Organisation:
    organisers = access.organisations_with(request.user, Cap.MANAGE_EVENTS)
    wanted = request.GET.get("organiser")
    if wanted:
        found = [o for o in organisers if str(o.pk) == wanted]
        if not found:
            raise Http404
        return found[0]
    if not organisers:
        raise Http404
    return organisers[0]


@access.require(Cap.MANAGE_EVENTS)
def employers_page(request):
    organiser = _organiser(request)
    rows = figures.employers_report(organiser)
    return render(
        request,
        "recruitment/employers.html",
        {
            "organiser": organiser,
            "organisers": access.organisations_with(request.user, Cap.MANAGE_EVENTS),
            "rows": rows,
            "returning": sum(1 for r in rows if r.comes_back),
        },
    )


@access.require(Cap.MANAGE_EVENTS)
def employer_history(request, pk: int):
    organiser = _organiser(request)
    rows = figures.employers_report(organiser, organisation_id=pk)
    if not rows:
        raise Http404
    history = figures.employer_events(rows)
    return render(
        request,
        "recruitment/employer_history.html",
        {"organiser": organiser, "name": rows[0].name, "history": history},
    )
