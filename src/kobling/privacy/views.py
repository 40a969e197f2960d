"""The privacy pages: "My data" (a part for each role the person holds: participant, mentor, employer
contact, each with its own copy), a coordinator's copy and erasure, and the platform admins' records
of processing. Copies and erasures are POSTs; a GET never changes or exports anything."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
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
from kobling.privacy import export_people, printable, printable_people, processing, selectors, services
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
    request,
    data: dict,
    kind: str,
    *,
    name: str,
    back: str,
    layout: printable.Layout = printable.PARTICIPANT,
    language: str | None = None,
):
    """The copy as a JSON download (`name`, dated) or as a printable page in `language`."""
    if kind == JSON:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.json"'
        )
        return response
    with translation.override(language or translation.get_language()):
        context = {
            "data": data,
            "layout": layout,
            "sections": printable.sections(data, layout),
            "back": back,
            "made_at": timezone.now(),
        }
        return render(request, "privacy/printable.html", context)


def _role_part(data: dict, layout: printable.Layout, lines: list, form, holders: list[str]) -> dict:
    """One role's part of "My data": what Kobling holds (the copy's sections but the last, its log,
    which the page shows as a table of its newest lines), the copy's form, and who answers for the
    data."""
    return {
        "sections": printable.sections(data, layout, keys=layout.sections[:-1]),
        "lines": lines[: selectors.LOG_PAGE_SIZE],
        "more": len(lines) > selectors.LOG_PAGE_SIZE,
        "form": form or CopyForm(),
        "holders": holders,
    }


def _me_context(request, *, form=None, mentor_form=None, contact_form=None) -> dict:
    """A part for each role the person holds (participant, mentor, employer contact); 404 for none."""
    user, shown = request.user, selectors.LOG_PAGE_SIZE + 1
    participant = selectors.own_participant_or_none(user)
    context = {"participant": participant, "form": form or CopyForm(), "mentor": None, "contact": None}
    if participant is not None:
        context["page"], context["lines"] = _log_page(request, participant)
    if access.has_role(user, Role.MENTOR):
        data, lines = export_people.mentor_page(user, shown)
        holders = sorted({p["provider"] for p in data["mentor_profiles"]})
        context["mentor"] = _role_part(data, printable_people.MENTOR, lines, mentor_form, holders)
    if access.has_role(user, Role.EMPLOYER):
        data, lines = export_people.contact_page(user, shown)
        holders = sorted({name for reg in data["registrations"] for name in reg["organisers"]})
        context["contact"] = _role_part(data, printable_people.CONTACT, lines, contact_form, holders)
    if participant is None and context["mentor"] is None and context["contact"] is None:
        raise Http404
    return context


@require_GET
@access.require_role(Role.PARTICIPANT, Role.MENTOR, Role.EMPLOYER)
def my_data(request):
    return render(request, "privacy/my_data.html", _me_context(request))


@require_POST
@access.require_role(Role.PARTICIPANT)
def my_data_copy(request):
    participant = selectors.own_participant(request.user)
    form = CopyForm(request.POST)
    if not form.is_valid():
        return render(request, "privacy/my_data.html", _me_context(request, form=form), status=400)
    data = services.participant_export(actor=request.user, participant=participant, channel=services.SELF)
    kind = form.cleaned_data["format"]
    return _copy(request, data, kind, name=f"kobling-data-{participant.pk}", back=reverse("privacy_me"))


def _own_copy(request, role_form: str, export, kind_name: str, layout):
    """A mentor's or an employer contact's own copy (`export` the service making it); a bad format
    shows "My data" again with the error in that role's part."""
    form = CopyForm(request.POST)
    if not form.is_valid():
        return render(request, "privacy/my_data.html", _me_context(request, **{role_form: form}), status=400)
    data = export(user=request.user)
    name = f"kobling-data-{kind_name}-{request.user.pk}"
    return _copy(
        request, data, form.cleaned_data["format"], name=name, back=reverse("privacy_me"), layout=layout
    )


@require_POST
@access.require_role(Role.MENTOR)
def my_mentor_copy(request):
    """The mentor's own copy: everything Kobling holds about them as a mentor."""
    return _own_copy(request, "mentor_form", services.mentor_export, "mentor", printable_people.MENTOR)


@require_POST
@access.require_role(Role.EMPLOYER)
def my_contact_copy(request):
    """The employer contact person's own copy: their login, the registrations naming them, e-mails."""
    return _own_copy(request, "contact_form", services.contact_export, "contact", printable_people.CONTACT)


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
    kind, name = form.cleaned_data["format"], f"kobling-data-{participant.pk}"
    return _copy(request, data, kind, name=name, back=back, language=participant.preferred_language)


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
