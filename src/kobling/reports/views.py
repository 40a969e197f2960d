"""The results pages: the programmes one may report on, and each programme's results with a chart,
printable and downloadable as CSV and XLSX.

Only the provider's own staff (coordinators and instructors) see a programme's results: the figures
are aggregated, but small groups can still point to people. Anyone else gets a 404.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from kobling.core import access, tables
from kobling.core.roles import Cap
from kobling.people.models import Source
from kobling.programmes.models import Programme
from kobling.reports import export, selectors
from kobling.reports.charts import bar_chart
from kobling.reports.forms import ResultsFilterForm
from kobling.reports.results import (
    DEFINITIONS,
    FUNNEL_LABELS,
    REASON_LABELS,
    ROW_LABELS,
    Results,
    results_for,
)


@access.require(Cap.VIEW_PARTICIPANTS)
def results_index(request):
    programmes = selectors.programmes_with_started(request.user)
    return render(request, "reports/results_index.html", {"programmes": programmes})


def _report(request, slug: str) -> tuple[Programme, ResultsFilterForm, Results | None]:
    """The programme, its filter form and the results; no results when the filters are wrong."""
    programme = selectors.programme_for_results(request.user, slug)
    form = ResultsFilterForm(request.GET or None, programme=programme)
    if form.is_bound and not form.is_valid():
        return programme, form, None
    filters = form.filters() if form.is_bound else {}
    return programme, form, results_for(programme=programme, **filters)


def _chart(results: Results) -> dict:
    return bar_chart(
        [(row.key, ROW_LABELS[row.key], row.count, row.share) for row in results.rows],
        _("%(figures)s. Shares of the %(total)s who started."),
        results.total,
    )


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
