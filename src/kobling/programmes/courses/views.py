"""Programme set-up, cohorts, the people of a cohort and their certifications.

Coordinators (set-up: `screen_applicants`; people: `edit_participants`) change things; provider
staff see the pages; everyone else, and another provider's coordinators, get a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import error_text, form_page, refusals_flashed, refusals_on
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.programmes.courses import selectors, services
from kobling.programmes.courses.forms import (
    AttemptForm,
    CertificationForm,
    CohortForm,
    EnrolForm,
    PhaseEnterForm,
    PhaseForm,
    ProgrammeCreateForm,
    ProgrammeForm,
    ReadinessForm,
    StatusForm,
)
from kobling.programmes.models import Cohort, Enrolment, Programme, Status
from kobling.programmes.models.courses import WEEKDAYS
from kobling.programmes.selectors import can_in, cohorts_visible_to, programmes_visible_to
from kobling.programmes.services import OCCUPYING

SET_UP = Cap.SCREEN_APPLICANTS  # programme and cohort set-up
MANAGE = Cap.EDIT_PARTICIPANTS  # the people of a cohort
SEE = Cap.VIEW_PARTICIPANTS


def _programme(request, slug: str, capability: str = SEE) -> Programme:
    return get_or_404(programmes_visible_to(request.user, capability), slug=slug)


def _cohort(request, pk: int, capability: str = SEE) -> Cohort:
    return get_or_404(cohorts_visible_to(request.user, capability), pk=pk)


def _back_to_programme(programme: Programme, section: str):
    return redirect(reverse("programme_detail", args=[programme.slug]) + f"#{section}")


# --------------------------------------------------------------------------- programmes


@access.require(SET_UP)
def programme_new(request):
    organisations = access.organisations_with(request.user, SET_UP)
    chosen = services.TEMPLATES.get(request.GET.get("template", ""))
    start_blank = request.GET.get("template") == "blank"
    if request.method == "GET" and chosen is None and not start_blank:
        return render(
            request, "programmes/courses/programme_new.html", {"templates": services.TEMPLATES.values()}
        )
    initial = {"state": Programme.State.PLANNED, "accepts_applications": False}
    if chosen is not None:
        initial.update(kind=chosen.kind, phases="\n".join(str(p) for p in chosen.phases))
    form = ProgrammeCreateForm(request.POST or None, initial=initial, organisations=organisations)
    return form_page(
        request,
        form,
        submit=lambda data: services.programme_create(
            actor=request.user,
            organisation=form.organisation_chosen(),
            data=data,
            phases=data["phases"],
            certifications=list(chosen.certifications) if chosen else [],
        ),
        done=lambda programme: _("The programme %(name)s is created.") % {"name": programme.name},
        to=lambda programme: ("programme_detail", programme.slug),
        template="programmes/courses/programme_new.html",
        context={"chosen": chosen, "templates": services.TEMPLATES.values()},
    )


def _programme_page(request, programme: Programme, *, phase_form=None, certification_form=None, status=200):
    return render(
        request,
        "programmes/courses/programme_detail.html",
        {
            "programme": programme,
            "phases": selectors.programme_phases(programme),
            "certifications": list(programme.certifications.order_by("id")),
            "cohorts": list(
                selectors.cohorts_with_seats(programme.cohorts.all()).order_by("start_date", "id")
            ),
            "can_set_up": can_in(request.user, programme, SET_UP),
            "phase_form": phase_form or PhaseForm(),
            "certification_form": certification_form or CertificationForm(),
        },
        status=status,
    )


@access.require(SEE)
def programme_detail(request, slug: str):
    return _programme_page(request, _programme(request, slug))


@access.require(SET_UP)
def programme_edit(request, slug: str):
    programme = _programme(request, slug, SET_UP)
    old_slug = programme.slug
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        services.programme_update(actor=request.user, programme=programme, data=form.cleaned_data)
        messages.success(request, _("The programme %(name)s is saved.") % {"name": programme.name})
        return redirect("programme_detail", slug=programme.slug)
    programme.slug = old_slug  # the form wrote the typed slug onto the instance; links need the real one
    return render(
        request,
        "programmes/courses/programme_form.html",
        {"form": form, "programme": programme},
        status=400 if form.is_bound else 200,
    )


@require_POST
@access.require(SET_UP)
def phase_add(request, slug: str):
    programme = _programme(request, slug, SET_UP)
    form = PhaseForm(request.POST)
    if form.is_valid():
        with refusals_on(form):
            services.phase_add(actor=request.user, programme=programme, name=form.cleaned_data["name"])
            return _back_to_programme(programme, "phases")
    return _programme_page(request, programme, phase_form=form, status=400)


@require_POST
@access.require(SET_UP)
def phase_move(request, slug: str, pk: int):
    programme = _programme(request, slug, SET_UP)
    phase = get_or_404(programme.phases.all(), pk=pk)
    services.phase_move(actor=request.user, phase=phase, up=request.POST.get("direction") == "up")
    return _back_to_programme(programme, "phases")


@require_POST
@access.require(SET_UP)
def phase_remove(request, slug: str, pk: int):
    programme = _programme(request, slug, SET_UP)
    phase = get_or_404(programme.phases.all(), pk=pk)
    with refusals_flashed(request, one_line=True):
        services.phase_remove(actor=request.user, phase=phase)
        messages.success(request, _("The phase %(name)s is removed.") % {"name": phase.name})
    return _back_to_programme(programme, "phases")


@require_POST
@access.require(SET_UP)
def certification_add(request, slug: str):
    programme = _programme(request, slug, SET_UP)
    form = CertificationForm(request.POST)
    if form.is_valid():
        services.certification_save(actor=request.user, programme=programme, **form.cleaned_data)
        return _back_to_programme(programme, "certifications")
    return _programme_page(request, programme, certification_form=form, status=400)


@access.require(SET_UP)
def certification_edit(request, slug: str, pk: int):
    programme = _programme(request, slug, SET_UP)
    certification = get_or_404(programme.certifications.all(), pk=pk)
    return form_page(
        request,
        CertificationForm(request.POST or None, instance=certification),
        submit=lambda data: services.certification_save(
            actor=request.user, programme=programme, certification=certification, **data
        ),
        done=None,
        to=(reverse("programme_detail", args=[programme.slug]) + "#certifications",),
        template="programmes/courses/certification_form.html",
        context={"programme": programme},
    )


@require_POST
@access.require(SET_UP)
def certification_remove(request, slug: str, pk: int):
    programme = _programme(request, slug, SET_UP)
    certification = get_or_404(programme.certifications.all(), pk=pk)
    with refusals_flashed(request, one_line=True):
        services.certification_remove(actor=request.user, certification=certification)
    return _back_to_programme(programme, "certifications")


# --------------------------------------------------------------------------- cohorts


@access.require(SET_UP)
def cohort_new(request, slug: str):
    programme = _programme(request, slug, SET_UP)
    return form_page(
        request,
        CohortForm(request.POST or None, programme=programme, initial={"absence_alert_after": 3}),
        submit=lambda data: services.cohort_create(
            actor=request.user, programme=programme, data=data, instructors=list(data["instructors"])
        ),
        done=lambda cohort: _("The cohort %(name)s is open.") % {"name": cohort.name},
        to=lambda cohort: ("cohort_detail", cohort.pk),
        template="programmes/courses/cohort_form.html",
        context={"programme": programme, "cohort": None},
    )


@access.require(SET_UP)
def cohort_edit(request, pk: int):
    cohort = _cohort(request, pk, SET_UP)
    form = CohortForm(request.POST or None, instance=cohort, programme=cohort.programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            services.cohort_update(
                actor=request.user, cohort=cohort, data=data, instructors=list(data["instructors"])
            )
            messages.success(request, _("The cohort %(name)s is saved.") % {"name": data["name"]})
            return redirect("cohort_detail", pk=cohort.pk)
    cohort.refresh_from_db()  # the form wrote the typed values onto the instance
    return render(
        request,
        "programmes/courses/cohort_form.html",
        {"form": form, "programme": cohort.programme, "cohort": cohort},
        status=400 if form.is_bound else 200,
    )


def _cohort_page(request, cohort: Cohort, *, bound=None, enrol_form=None, status=200):
    """The cohort page. `bound` is (enrolment id, form name, bound form) after a failed change, so
    that row shows its form open with the error beside the field."""
    members = selectors.cohort_members(cohort)
    can_manage = can_in(request.user, cohort.programme, MANAGE)
    phases = selectors.programme_phases(cohort.programme)
    today = timezone.localdate()
    if can_manage:
        for m in members:
            following = selectors.next_phase(phases, m.current_phase.phase if m.current_phase else None)
            m.forms = {
                "status": StatusForm(current=m.status, prefix=f"s{m.pk}"),
                "phase": PhaseEnterForm(
                    phases=phases,
                    prefix=f"p{m.pk}",
                    initial={"phase": following, "started_on": today},
                ),
                "readiness": ReadinessForm(
                    prefix=f"r{m.pk}",
                    initial={f: getattr(m, f) for f in services.READINESS_FIELDS},
                ),
            }
            if bound and bound[0] == m.pk:
                m.forms[bound[1]] = bound[2]
                m.open = True
    candidates = selectors.seat_candidates(cohort)
    return render(
        request,
        "programmes/courses/cohort_detail.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "members": members,
            "taken": sum(1 for m in members if m.status in OCCUPYING),
            "waiting": sum(1 for m in members if m.status == Status.WAITING_START),
            "instructors": list(cohort.instructors.order_by("full_name")),
            "weekdays": [label for number, label in WEEKDAYS if number in cohort.weekdays],
            "has_phases": bool(phases),
            "can_manage": can_manage,
            "can_set_up": can_in(request.user, cohort.programme, SET_UP),
            "enrol_form": (enrol_form or EnrolForm(candidates=candidates)) if can_manage else None,
        },
        status=status,
    )


@access.require(SEE)
def cohort_detail(request, pk: int):
    return _cohort_page(request, _cohort(request, pk))


@require_POST
@access.require(MANAGE)
def cohort_enrol(request, pk: int):
    cohort = _cohort(request, pk, MANAGE)
    candidates = Enrolment.objects.filter(programme=cohort.programme).select_related("participant")
    form = EnrolForm(request.POST, candidates=candidates)
    if form.is_valid():
        enrolment = form.cleaned_data["enrolment"]
        try:
            services.cohort_enrol(actor=request.user, cohort=cohort, enrolment=enrolment)
        except ValidationError as error:
            form.add_error("enrolment", error)
        else:
            messages.success(
                request,
                _("%(name)s has a seat in %(cohort)s.")
                % {"name": enrolment.participant, "cohort": cohort.name},
            )
            return redirect("cohort_detail", pk=cohort.pk)
    return _cohort_page(request, cohort, enrol_form=form, status=400)


@access.require(MANAGE)
def cohort_start(request, pk: int):
    """GET shows who starts and warns when it is before the cohort's start date; only the confirmed
    POST starts them."""
    cohort = _cohort(request, pk, MANAGE)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        if request.method == "POST":
            return redirect("cohort_start", pk=cohort.pk)
        today = timezone.localdate()
        return render(
            request,
            "programmes/courses/cohort_start.html",
            {
                "cohort": cohort,
                "waiting": selectors.cohort_waiting(cohort),
                "days_early": (cohort.start_date - today).days if cohort.start_date > today else 0,
            },
        )
    try:
        started = services.cohort_start(actor=request.user, cohort=cohort)
    except ValidationError as error:
        messages.error(request, _("Nobody was started: %(error)s") % {"error": error_text(error)})
    else:
        messages.success(request, _("%(count)s people are now participating.") % {"count": started})
    return redirect("cohort_detail", pk=cohort.pk)


def _member_change(request, pk: int, enrolment_pk: int, name: str, make_form, save, done: str):
    cohort = _cohort(request, pk, MANAGE)
    enrolment = get_or_404(selectors.cohort_enrolments(cohort), pk=enrolment_pk)
    form = make_form(cohort, enrolment)
    if form.is_valid():
        with refusals_on(form):
            save(cohort, enrolment, form.cleaned_data)
            messages.success(request, done % {"name": enrolment.participant.full_name})
            return redirect(reverse("cohort_detail", args=[cohort.pk]) + f"#person-{enrolment.pk}")
    return _cohort_page(request, cohort, bound=(enrolment.pk, name, form), status=400)


@require_POST
@access.require(MANAGE)
def member_status(request, pk: int, enrolment_pk: int):
    return _member_change(
        request,
        pk,
        enrolment_pk,
        "status",
        lambda cohort, e: StatusForm(request.POST, current=e.status, prefix=f"s{e.pk}"),
        lambda cohort, e, data: services.cohort_change_status(
            actor=request.user, cohort=cohort, enrolment=e, **data
        ),
        _("The status of %(name)s is changed."),
    )


@require_POST
@access.require(MANAGE)
def member_phase(request, pk: int, enrolment_pk: int):
    return _member_change(
        request,
        pk,
        enrolment_pk,
        "phase",
        lambda cohort, e: PhaseEnterForm(
            request.POST, phases=selectors.programme_phases(cohort.programme), prefix=f"p{e.pk}"
        ),
        lambda cohort, e, data: services.phase_enter(actor=request.user, enrolment=e, **data),
        _("%(name)s has moved to a new phase."),
    )


@require_POST
@access.require(MANAGE)
def member_readiness(request, pk: int, enrolment_pk: int):
    return _member_change(
        request,
        pk,
        enrolment_pk,
        "readiness",
        lambda cohort, e: ReadinessForm(request.POST, prefix=f"r{e.pk}"),
        lambda cohort, e, data: services.readiness_set(actor=request.user, enrolment=e, values=data),
        _("The job readiness of %(name)s is saved."),
    )


# --------------------------------------------------------------------------- certifications


@access.require(SEE)
def certification_matrix(request, pk: int):
    cohort = _cohort(request, pk)
    members, certifications = selectors.certification_matrix(cohort)
    return render(
        request,
        "programmes/courses/certification_matrix.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "members": members,
            "certifications": certifications,
            "can_manage": can_in(request.user, cohort.programme, MANAGE),
        },
    )


@access.require(MANAGE)
def attempt_edit(request, pk: int, enrolment_pk: int, certification_pk: int):
    cohort = _cohort(request, pk, MANAGE)
    enrolment = get_or_404(selectors.cohort_enrolments(cohort), pk=enrolment_pk)
    certification = get_or_404(cohort.programme.certifications.all(), pk=certification_pk)
    attempts = selectors.attempts_of(enrolment, certification)
    latest = attempts[-1] if attempts else None
    initial = model_to_dict(latest, fields=AttemptForm.base_fields) if latest is not None else {}
    return form_page(
        request,
        AttemptForm(request.POST or None, current=latest.state if latest else None, initial=initial),
        submit=lambda data: services.certification_record(
            actor=request.user, enrolment=enrolment, certification=certification, **data
        ),
        done=_("%(certification)s for %(name)s is saved.")
        % {"certification": certification.name, "name": enrolment.participant.full_name},
        to=(reverse("certification_matrix", args=[cohort.pk]) + f"#person-{enrolment.pk}",),
        template="programmes/courses/attempt_form.html",
        context={
            "cohort": cohort,
            "enrolment": enrolment,
            "certification": certification,
            "attempts": attempts,
        },
    )
