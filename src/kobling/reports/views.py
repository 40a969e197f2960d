"""The results pages: the programmes one may report on, and each programme's results with a chart,
printable and downloadable as CSV and XLSX.

Only the provider's own staff (coordinators and instructors) see a programme's results: the figures
are aggregated, but small groups can still point to people. Anyone else gets a 404.
"""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from kobling.core import access, tables
from kobling.core.roles import Cap
from kobling.people.models import Source
from kobling.programmes.models import Enrolment, Programme
from kobling.reports import export
from kobling.reports.forms import ResultsFilterForm
from kobling.reports.results import (
    DEFINITIONS,
    FUNNEL_LABELS,
    REASON_LABELS,
    ROW_LABELS,
    STARTED,
    Results,
    results_for,
)
from kobling.reports.templatetags.results import people, percent

# The chart's geometry in SVG user units. Each label sits above its bar, so the picture stays narrow
# enough to read on a phone when it scales down to the screen's width.
CHART_WIDTH, BAR_SPACE, ROW_HEIGHT, BAR_HEIGHT, LABEL_HEIGHT = 420, 270, 56, 22, 22


def programmes_for_results(user):
    return Programme.objects.filter(
        organisation_id__in=access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    )


def programme_for_results(user, slug: str) -> Programme:
    try:
        return programmes_for_results(user).select_related("organisation").get(slug=slug)
    except Programme.DoesNotExist:
        raise Http404


@access.require(Cap.VIEW_PARTICIPANTS)
def results_index(request):
    programmes = list(
        programmes_for_results(request.user)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    counts = dict(
        Enrolment.objects.filter(status__in=STARTED, programme__in=[p.pk for p in programmes])
        .order_by()
        .values_list("programme")
        .annotate(n=Count("pk"))
    )
    for programme in programmes:
        programme.started = counts.get(programme.pk, 0)
    return render(request, "reports/results_index.html", {"programmes": programmes})


def _report(request, slug: str) -> tuple[Programme, ResultsFilterForm, Results | None]:
    """The programme, its filter form and the results; no results when the filters are wrong."""
    programme = programme_for_results(request.user, slug)
    form = ResultsFilterForm(request.GET or None, programme=programme)
    if form.is_bound and not form.is_valid():
        return programme, form, None
    filters = form.filters() if form.is_bound else {}
    return programme, form, results_for(programme=programme, **filters)


def _svg_number(value: float) -> str:
    # Never localised: "110,5" in an SVG attribute would break the drawing.
    return f"{value:g}"


def _chart(results: Results) -> dict:
    bars = []
    for index, row in enumerate(results.rows):
        width = round((row.share or 0) * BAR_SPACE, 1)
        top = index * ROW_HEIGHT
        bars.append(
            {
                "key": row.key,
                "label": ROW_LABELS[row.key],
                "label_y": _svg_number(top + 16),
                "y": _svg_number(top + LABEL_HEIGHT),
                "text_y": _svg_number(top + LABEL_HEIGHT + BAR_HEIGHT / 2 + 6),
                "width": _svg_number(width),
                "value_x": _svg_number(width + 8),
                "value": f"{people(row.count)} ({percent(row.share)})",
            }
        )
    description = "; ".join(f"{bar['label']}: {bar['value']}" for bar in bars)
    return {
        "bars": bars,
        "width": _svg_number(CHART_WIDTH),
        "height": _svg_number(len(bars) * ROW_HEIGHT - 8),
        "bar_space": _svg_number(BAR_SPACE),
        "bar_height": _svg_number(BAR_HEIGHT),
        "description": _("%(figures)s. Shares of the %(total)s who started.")
        % {"figures": description, "total": results.total},
    }


def _page(request, programme, form, results, status=200):
    context = {"programme": programme, "form": form, "results": results, "definitions": DEFINITIONS}
    if results is not None:
        context.update(
            chart=_chart(results),
            rows=[(row, ROW_LABELS[row.key]) for row in results.rows],
            dropped_out=results.row("dropped_out"),
            reasons=[(reason, REASON_LABELS[reason.key]) for reason in results.reasons],
            funnel=[(stage, FUNNEL_LABELS[stage.key]) for stage in results.funnel],
            sources=[(label, results.sources[key]) for key, label in Source.choices],
            query=request.GET.urlencode(),
        )
    return render(request, "reports/results_programme.html", context, status=status)


@access.require(Cap.VIEW_PARTICIPANTS)
def results_programme(request, slug: str):
    programme, form, results = _report(request, slug)
    return _page(request, programme, form, results, status=200 if results else 400)


@access.require(Cap.VIEW_PARTICIPANTS)
def results_csv(request, slug: str):
    programme, form, results = _report(request, slug)
    if results is None:
        return _page(request, programme, form, results, status=400)
    return tables.download(
        export.as_csv(results, tables.dialect_for(request)), tables.CSV_TYPE, export.filename(results, "csv")
    )


@access.require(Cap.VIEW_PARTICIPANTS)
def results_xlsx(request, slug: str):
    programme, form, results = _report(request, slug)
    if results is None:
        return _page(request, programme, form, results, status=400)
    return tables.download(export.as_xlsx(results), tables.XLSX_TYPE, export.filename(results, "xlsx"))
