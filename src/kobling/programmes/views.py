from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kobling.core import access, throttle
from kobling.core.http import flash_errors, render_htmx
from kobling.core.roles import Cap
from kobling.people.models import Source
from kobling.programmes import selectors, services
from kobling.programmes.forms import (
    ApplicationForm,
    DecisionForm,
    IntakeQuestionsForm,
    InterviewForm,
    ReferralForm,
    referral_programmes,
)
from kobling.programmes.models import OPEN_INTAKE, Enrolment, Programme, Status


def programmes_visible_to(user):
    return Programme.objects.filter(
        organisation_id__in=access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    )


def programme_for_editing(user, slug: str) -> Programme:
    try:
        return Programme.objects.select_related("organisation").get(
            slug=slug, organisation_id__in=access.organisation_ids_with(user, Cap.SCREEN_APPLICANTS)
        )
    except Programme.DoesNotExist:
        raise Http404


@access.require(Cap.VIEW_PARTICIPANTS)
def programme_list(request):
    counts = {}
    for programme_id, status, n in (
        Enrolment.objects.filter(programme__in=programmes_visible_to(request.user))
        .values_list("programme_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(programme_id, {})[status] = n
    programmes = list(programmes_visible_to(request.user).select_related("organisation"))
    for programme in programmes:
        by_status = counts.get(programme.pk, {})
        programme.in_intake = sum(by_status.get(s, 0) for s in OPEN_INTAKE)
        programme.participating = by_status.get(Status.PARTICIPATING, 0)
        programme.total = sum(by_status.values())
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "can_configure": access.can(request.user, Cap.SCREEN_APPLICANTS)},
    )


@access.require(Cap.SCREEN_APPLICANTS)
def intake_questions(request, slug: str):
    programme = programme_for_editing(request.user, slug)
    form = IntakeQuestionsForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        services.programme_set_intake_questions(
            programme=programme, questions=form.questions(), actor=request.user
        )
        messages.success(request, _("The intake interview for %(name)s is saved.") % {"name": programme.name})
        return redirect("programme_list")
    return render(request, "programmes/intake_questions.html", {"programme": programme, "form": form})


def _queue_for(user):
    return Enrolment.objects.filter(
        participant__organisation_id__in=access.organisation_ids_with(user, Cap.SCREEN_APPLICANTS)
    ).select_related("participant", "programme", "participant__advisor", "participant__referring_office")


def _enrolment_for_screening(user, pk: int) -> Enrolment:
    try:
        return _queue_for(user).select_related("interview").get(pk=pk)
    except (Enrolment.DoesNotExist, ValueError):
        raise Http404


@access.require(Cap.SCREEN_APPLICANTS)
def intake_queue(request):
    source = request.GET.get("source", "")
    queue = _queue_for(request.user).filter(status__in=OPEN_INTAKE).select_related("interview")
    if source in Source.values:
        queue = queue.filter(participant__source=source)
    page = Paginator(queue.order_by("created_at", "id"), 50).get_page(request.GET.get("page"))
    matches = list(selectors.pending_intake_matches_for_user(request.user))
    matched_ids = {m.new_id for m in matches}
    for enrolment in page:
        enrolment.possible_match = enrolment.participant_id in matched_ids
    return render_htmx(
        request,
        "programmes/intake_queue.html",
        "programmes/_intake_rows.html",
        {"page": page, "source": source, "sources": Source.choices, "matches": matches},
    )


@access.require(Cap.SCREEN_APPLICANTS)
def intake_screen(request, pk: int):
    enrolment = _enrolment_for_screening(request.user, pk)
    interview = getattr(enrolment, "interview", None)
    # Before the interview, the levels start from what the referral or application said.
    stated = {lang.language: lang.level for lang in enrolment.participant.languages.all()}
    initial = {"norwegian_level": stated.get("no", ""), "english_level": stated.get("en", "")}
    if interview:
        initial = {f"q_{k}": v for k, v in interview.answers.items()}
        initial.update({f"n_{k}": v for k, v in interview.notes.items()})
        initial.update(
            norwegian_level=interview.norwegian_level,
            english_level=interview.english_level,
            profile_type=interview.profile_type,
            recommended_path=interview.recommended_path,
            barriers=interview.notes.get("barriers", ""),
        )
    form = InterviewForm(request.POST or None, programme=enrolment.programme, initial=initial)
    if request.method == "POST" and enrolment.status in OPEN_INTAKE and form.is_valid():
        services.intake_interview_record(
            enrolment=enrolment,
            actor=request.user,
            answers=form.answers(),
            notes=form.notes(),
            norwegian_level=form.cleaned_data["norwegian_level"],
            english_level=form.cleaned_data["english_level"],
            profile_type=form.cleaned_data["profile_type"],
            recommended_path=form.cleaned_data["recommended_path"],
        )
        messages.success(request, _("The intake interview is saved."))
        return redirect("intake_screen", pk=enrolment.pk)
    return render(
        request,
        "programmes/intake_screen.html",
        {
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "interview": interview,
            "form": form,
            "decision_form": DecisionForm(),
            "history": enrolment.history.select_related("changed_by"),
            "matches": selectors.pending_intake_matches_for_user(request.user).filter(
                new=enrolment.participant
            ),
        },
    )


@access.require(Cap.SCREEN_APPLICANTS)
def intake_match(request, pk: int):
    """The new record and the one it looks like, side by side, to link or keep apart."""
    match = selectors.intake_match_for_user(request.user, pk)
    records = [r for r in (match.new, match.existing) if r is not None]
    enrolments = Enrolment.objects.filter(participant__in=records).select_related("programme", "cohort")
    for record in records:
        record.listed_enrolments = [e for e in enrolments if e.participant_id == record.pk]
    return render(request, "programmes/intake_match.html", {"match": match, "records": records})


@require_POST
@access.require(Cap.SCREEN_APPLICANTS)
def intake_match_decide(request, pk: int):
    match = selectors.intake_match_for_user(request.user, pk)
    decision = request.POST.get("decision")
    if decision not in ("link", "separate"):
        messages.error(request, _("Choose whether the records are the same person or two people."))
        return redirect("intake_match", pk=match.pk)
    try:
        if decision == "link":
            person = services.intake_match_link(actor=request.user, match=match)
        else:
            services.intake_match_keep_apart(actor=request.user, match=match)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("intake_match", pk=match.pk)
    if decision == "link":
        messages.success(
            request, _("The records are linked into %(name)s's record.") % {"name": person.full_name}
        )
    else:
        messages.success(request, _("Both records are kept, as two different people."))
    return redirect("intake_queue")


@require_POST
@access.require(Cap.SCREEN_APPLICANTS)
def intake_decide(request, pk: int):
    enrolment = _enrolment_for_screening(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.intake_decide(
                enrolment=enrolment,
                decision=form.cleaned_data["decision"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                reason_text=form.cleaned_data["reason_text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": enrolment.participant.full_name, "status": enrolment.get_status_display()},
            )
            return redirect("intake_queue")
    interview = getattr(enrolment, "interview", None)
    return render(
        request,
        "programmes/intake_screen.html",
        {
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "interview": interview,
            "form": InterviewForm(programme=enrolment.programme),
            "decision_form": form,
            "history": enrolment.history.select_related("changed_by"),
        },
        status=400,
    )


@sensitive_post_parameters("national_id")
@access.require(Cap.REFER)
def referral_create(request):
    form = ReferralForm(request.POST or None, programmes=referral_programmes())
    if request.method == "POST" and form.is_valid():
        offices = access.organisations_with(request.user, Cap.REFER)
        try:
            enrolment = services.intake_submit(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                data=form.profile_data(),
                languages=form.languages(),
                source=Source.REFERRAL,
                advisor=request.user,
                referring_office=offices[0] if offices else None,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is referred to %(programme)s.")
                % {"name": enrolment.participant.full_name, "programme": enrolment.programme.name},
            )
            return redirect("portfolio")
    return render(request, "programmes/referral_form.html", {"form": form})


def _rate_limited(request) -> bool:
    """At most APPLICATION_RATE_LIMIT submissions an hour from one client address (behind trusted
    proxies, the address they saw), counted in the shared cache."""
    return throttle.over_limit("apply", throttle.client_ip(request), limit=settings.APPLICATION_RATE_LIMIT)


def apply(request):
    """The public application form: no login, plain language, bokmål or English."""
    form = ApplicationForm(request.POST or None, programmes=referral_programmes())
    if request.method == "POST":
        if request.POST.get("website"):
            # A robot filled in the hidden field; pretend all went well and store nothing.
            return redirect("apply_thanks")
        if _rate_limited(request):
            return render(request, "programmes/apply.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.intake_submit(
                        actor=None,
                        programme=form.cleaned_data["programme"],
                        data=form.profile_data(),
                        languages=form.languages(),
                        source=Source.APPLICATION,
                        consent_given=True,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("apply_thanks")
    return render(request, "programmes/apply.html", {"form": form})


def apply_thanks(request):
    return render(request, "programmes/apply_thanks.html")
