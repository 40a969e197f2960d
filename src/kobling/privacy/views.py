"""The privacy pages: the participant's "My data", a coordinator's copy and erasure, and the
platform admins' records of processing. Copies and erasures are POSTs; a GET never changes or
exports anything."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kobling.core import access
from kobling.core.http import form_page
from kobling.core.roles import Cap, Role
from kobling.mentoring import selectors as mentoring_selectors
from kobling.mentoring.models import MentorProfile, Mentorship
from kobling.people.models import Participant
from kobling.privacy import printable, processing, selectors, services
from kobling.privacy.forms import (
    JSON,
    ContactFindForm,
    CopyForm,
    EmployerContactEraseForm,
    EraseForm,
    FindForm,
)
from kobling.privacy.models import Erasure


def _log_page(request, participant: Participant) -> tuple:
    page = Paginator(selectors.access_log(participant), selectors.LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return page, selectors.log_lines(page.object_list, participant)


def _copy(
    request, participant: Participant, data: dict, kind: str, *, back: str, language: str | None = None
):
    if kind == JSON:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        name = f"kobling-data-{participant.pk}-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    with translation.override(language or translation.get_language()):
        return render(
            request,
            "privacy/printable.html",
            {"data": data, "sections": printable.sections(data), "back": back, "made_at": timezone.now()},
        )


@require_GET
@access.require_role(Role.PARTICIPANT)
def my_data(request):
    participant = selectors.own_participant(request.user)
    page, lines = _log_page(request, participant)
    return render(
        request,
        "privacy/my_data.html",
        {"participant": participant, "page": page, "lines": lines, "form": CopyForm()},
    )


@require_POST
@access.require_role(Role.PARTICIPANT)
def my_data_copy(request):
    participant = selectors.own_participant(request.user)
    form = CopyForm(request.POST)
    if not form.is_valid():
        page, lines = _log_page(request, participant)
        context = {"participant": participant, "page": page, "lines": lines, "form": form}
        return render(request, "privacy/my_data.html", context, status=400)
    data = services.participant_export(actor=request.user, participant=participant, channel=services.SELF)
    return _copy(request, participant, data, form.cleaned_data["format"], back=reverse("privacy_me"))


def _participant_context(request, participant: Participant, **extra) -> dict:
    page, lines = _log_page(request, participant)
    return {
        "participant": participant,
        "erasure": Erasure.objects.filter(participant=participant).first(),
        "page": page,
        "lines": lines,
        "form": CopyForm(),
        **extra,
    }


@require_GET
@access.require(Cap.EDIT_PARTICIPANTS)
def participant_privacy(request, pk: int):
    participant = selectors.participant_for_request(request.user, pk)
    return render(request, "privacy/participant.html", _participant_context(request, participant))


@require_POST
@access.require(Cap.EDIT_PARTICIPANTS)
def participant_copy(request, pk: int):
    """A copy made on the person's request, in the person's language, to hand over to them."""
    participant = selectors.participant_for_request(request.user, pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        context = _participant_context(request, participant, form=form)
        return render(request, "privacy/participant.html", context, status=400)
    data = services.participant_export(
        actor=request.user, participant=participant, channel=services.ON_REQUEST
    )
    back = reverse("privacy_participant", args=[participant.pk])
    kind = form.cleaned_data["format"]
    return _copy(request, participant, data, kind, back=back, language=participant.preferred_language)


@require_http_methods(["GET", "POST"])
@access.require(any_of=[Cap.EDIT_PARTICIPANTS, Cap.MANAGE_ORGANISATIONS])
def participant_erase(request, pk: int):
    """The confirmation page (GET) and the erasure (POST with the box ticked)."""
    participant = selectors.participant_for_erasure(request.user, pk)
    done = Erasure.objects.filter(participant=participant).first()
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if done is not None:
            form.add_error(None, services.already_erased_error(done))
        elif form.is_valid():
            try:
                services.participant_erase(actor=request.user, participant=participant)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "The person is erased. Their record stays, without anything that identifies "
                        "them, so the figures in reports do not change."
                    ),
                )
                if access.can(request.user, Cap.EDIT_PARTICIPANTS):
                    return redirect("participant_list")
                return redirect("privacy_records")
    context = {
        "participant": participant,
        "erasure": done,
        "form": form,
        "preview": selectors.erasure_preview(participant) if done is None else [],
        "other_records": selectors.other_records(participant) if done is None else [],
        "open_enrolments": selectors.open_enrolments(participant) if done is None else [],
        "coordinator": participant.organisation_id
        in access.organisation_ids_with(request.user, Cap.EDIT_PARTICIPANTS),
    }
    return render(request, "privacy/erase.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@access.require(Cap.MANAGE_MENTORING)
def mentor_erase(request, pk: int):
    """A mentor asked to be erased: the confirmation page (GET) and the erasure (POST, box ticked)."""
    mentor = mentoring_selectors.mentor_for_manager(request.user, pk)
    return form_page(
        request,
        EraseForm(request.POST if request.method == "POST" else None),
        submit=lambda data: services.mentor_erase(actor=request.user, mentor=mentor),
        done=_(
            "The mentor is erased. Their pairs stay, without anything that identifies them, so the "
            "figures do not change."
        ),
        to=("mentoring_mentors", mentor.programme.slug),
        template="privacy/mentor_erase.html",
        context={
            "mentor": mentor,
            "erased": mentor.state == MentorProfile.State.ERASED,
            "profiles": selectors.mentor_profiles_of(mentor).select_related("programme").order_by("pk"),
            "open_pairs": mentor.mentorships.filter(state__in=Mentorship.OPEN).select_related(
                "mentee__enrolment__participant"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@access.require(Cap.MANAGE_ORGANISATIONS)
def employer_contact_erase(request):
    """An employer's contact person asked to be erased: a platform admin names the address, sees the
    registrations it covers, ticks the box and erases."""
    email = (request.POST.get("email") or request.GET.get("email") or "").strip()
    registrations, login = selectors.employer_contact(email)
    form = EmployerContactEraseForm(request.POST or None, initial={"email": email})
    return form_page(
        request,
        form,
        submit=lambda data: services.employer_contact_erase(actor=request.user, email=data["email"]),
        done=_("The employer contact is erased. The employer's registrations stay, without their name."),
        to=("privacy_records",),
        template="privacy/employer_contact_erase.html",
        context={"email": email, "registrations": registrations, "login": login},
    )


def _records_context(form: FindForm) -> dict:
    return {
        "purposes": processing.PURPOSES,
        "rules": processing.RULES.values(),
        "find_form": form,
        "contact_form": ContactFindForm(),
    }


@require_GET
@access.require(Cap.MANAGE_ORGANISATIONS)
def records(request):
    """The records of processing (GDPR article 30), from the registry the retention job runs."""
    return render(request, "privacy/records.html", _records_context(FindForm()))


@require_GET
@access.require(Cap.MANAGE_ORGANISATIONS)
def erase_find(request):
    form = FindForm(request.GET)
    if form.is_valid():
        number = form.cleaned_data["participant"]
        if Participant.objects.filter(pk=number).exists():
            return redirect("privacy_erase", pk=number)
        form.add_error("participant", _("No record has this number."))
    return render(request, "privacy/records.html", _records_context(form), status=400)
