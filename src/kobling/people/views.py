from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import flash_errors, render_htmx, safe_next
from kobling.core.models import User
from kobling.core.roles import Cap, Role
from kobling.people import selectors, services
from kobling.people.forms import (
    LANGUAGE_NAMES,
    ParticipantFilterForm,
    ParticipantForm,
    ProgrammeChoiceField,
    SelfProfileForm,
    TaskForm,
    TimelineEntryForm,
    language_formset,
)
from kobling.people.models import Consent, ITEvidence, Participant, ParticipantLanguage, Source
from kobling.programmes.models import Enrolment, Programme

PAGE_SIZE = 25
SORT_ORDER = {
    "name": ["last_name", "first_name", "id"],
    "-created": ["-created_at", "-id"],
    "created": ["created_at", "id"],
    "-activity": ["-last_activity_at", "-id"],
}


def _with_current_enrolments(participants):
    """One query for the enrolments of a whole page, newest first, whatever the page size."""
    return participants.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.select_related("programme").order_by("-created_at", "-id"),
        )
    )


@access.require(any_of=[Cap.VIEW_PARTICIPANTS, Cap.FOLLOW_OWN_PEOPLE])
def participant_list(request):
    visible = selectors.participants_visible_to(request.user)
    org_ids = access.organisation_ids_with(request.user, Cap.VIEW_PARTICIPANTS)
    programmes = Programme.objects.filter(organisation_id__in=org_ids).only("pk", "name")
    advisors = User.objects.filter(Exists(visible.filter(advisor=OuterRef("pk")))).only("pk", "full_name")
    form = ParticipantFilterForm(request.GET or None, programmes=programmes, advisors=advisors)
    participants = visible.select_related("advisor", "organisation")
    sort = "name"
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            participants = selectors.participants_search(participants, data["q"])
        if data["status"] or data["programme"]:
            enrolments = Enrolment.objects.filter(participant=OuterRef("pk"))
            if data["status"]:
                enrolments = enrolments.filter(status=data["status"])
            if data["programme"]:
                enrolments = enrolments.filter(programme_id=data["programme"])
            participants = participants.filter(Exists(enrolments))
        if data["region"]:
            participants = participants.filter(region=data["region"])
        if data["advisor"]:
            participants = participants.filter(advisor_id=data["advisor"])
        if data["language"]:
            participants = participants.filter(
                Exists(
                    ParticipantLanguage.objects.filter(participant=OuterRef("pk"), language=data["language"])
                )
            )
        sort = data["sort"] or "name"
    participants = _with_current_enrolments(participants.order_by(*SORT_ORDER[sort]))
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_htmx(
        request,
        "people/participant_list.html",
        "people/_participant_rows.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_register": access.can(request.user, Cap.EDIT_PARTICIPANTS),
        },
    )


@access.require(Cap.FOLLOW_OWN_PEOPLE)
def portfolio(request):
    """The NAV advisor's own people across providers, filtered like NAV's own portfolio."""
    filters = {
        "all": (_("All"), Q()),
        "new": (_("New"), Q(is_new=True)),
        "waiting_nav": (_("Waiting for reply from NAV"), Q(waits_on_nav=True)),
        "waiting_person": (_("Waiting for reply from the person"), Q(waits_on_person=True)),
        "meetings_today": (_("Meetings today"), selectors.meetings_today_q()),
    }
    chosen = request.GET.get("show", "all")
    if chosen not in filters:
        chosen = "all"
    term = " ".join(request.GET.get("q", "").split())[:100]
    # The same queryset the start page counts (issue 8, defect 8: one person, one count).
    people = selectors.participants_search(selectors.portfolio_people(request.user), term)
    counts = people.aggregate(**{key: Count("pk", filter=q) for key, (_label, q) in filters.items()})
    shown = _with_current_enrolments(
        people.filter(filters[chosen][1])
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    tabs = [(key, label, counts[key]) for key, (label, _q) in filters.items()]
    return render_htmx(
        request,
        "people/portfolio.html",
        "people/_portfolio_rows.html",
        {"page": page, "tabs": tabs, "chosen": chosen, "q": term},
    )


def _assignees_for(participant: Participant):
    ids = set(
        User.objects.filter(
            memberships__organisation=participant.organisation,
            memberships__role__in=[Role.COORDINATOR, Role.STAFF],
        ).values_list("pk", flat=True)
    )
    if participant.advisor_id:
        ids.add(participant.advisor_id)
    return User.objects.filter(pk__in=ids, is_active=True)


def _detail_context(request, participant: Participant, **extra) -> dict:
    user = request.user
    works_with = selectors.works_with(user, participant)
    entries = list(selectors.timeline_visible_to(user, participant)[:100])
    services.sensitive_entries_read(actor=user, participant=participant, entries=entries)
    provider_side = participant.organisation_id in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    context = {
        "participant": participant,
        "languages": [
            (LANGUAGE_NAMES.get(lang.language, lang.language), lang) for lang in participant.languages.all()
        ],
        "occupations": list(participant.target_occupations.all()),
        "it_evidence_labels": [
            ITEvidence(v).label for v in participant.it_evidence if v in ITEvidence.values
        ],
        "enrolments": list(
            participant.enrolments.select_related("programme").prefetch_related("history__changed_by")
        ),
        "entries": entries,
        "consents": selectors.current_consents(participant),
        "works_with": works_with,
        "can_edit": selectors.can_edit_participant(user, participant),
        "can_read_sensitive": selectors.can_read_sensitive(user, participant),
        "can_write": works_with and access.can(user, Cap.WRITE_TIMELINE),
        "is_own": selectors.is_own_record(user, participant),
    }
    if context["can_write"]:
        context["entry_form"] = extra.pop(
            "entry_form",
            TimelineEntryForm(
                prefix="entry",
                can_mark_sensitive=context["can_read_sensitive"],
                provider_side=provider_side,
                initial={"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
            ),
        )
        context["tasks"] = list(participant.tasks.select_related("assignee").order_by("done_at", "due", "id"))
        context["task_form"] = extra.pop(
            "task_form", TaskForm(prefix="task", assignees=_assignees_for(participant))
        )
    from kobling.programmes.followup import followup_context

    context.update(followup_context(user, participant))
    context.update(extra)
    return context


def _participant_for_staff(request, pk: int) -> Participant:
    participant = selectors.participant_for_user(request.user, pk)
    if not selectors.works_with(request.user, participant):
        # A participant reaches their own record through "My profile", not the staff pages.
        raise Http404
    return participant


@access.require(any_of=[Cap.VIEW_PARTICIPANTS, Cap.FOLLOW_OWN_PEOPLE])
def participant_detail(request, pk: int):
    participant = _participant_for_staff(request, pk)
    return render(request, "people/participant_detail.html", _detail_context(request, participant))


@require_POST
@access.require(Cap.READ_SENSITIVE)
def national_id_reveal(request, pk: int):
    participant = _participant_for_staff(request, pk)
    if not selectors.can_read_sensitive(request.user, participant):
        raise access.refused(
            request.user,
            note=f"national id of participant {participant.pk}",
            organisation=participant.organisation,
        )
    value = services.national_id_reveal(actor=request.user, participant=participant)
    if request.headers.get("HX-Request"):
        return render(request, "people/_national_id.html", {"participant": participant, "revealed": value})
    return render(
        request, "people/participant_detail.html", _detail_context(request, participant, revealed=value)
    )


@sensitive_post_parameters("new_national_id")
@access.require(Cap.EDIT_PARTICIPANTS)
def participant_edit(request, pk: int):
    participant = _participant_for_staff(request, pk)
    if not selectors.can_edit_participant(request.user, participant):
        raise Http404
    form = ParticipantForm(request.POST or None, instance=participant)
    langs = language_formset(request.POST or None, participant)
    if request.method == "POST":
        # The form must not touch the instance before the service decides what changed.
        participant = Participant.objects.get(pk=participant.pk)
        if form.is_valid() and langs.is_valid():
            changed = services.participant_update(
                actor=request.user,
                participant=participant,
                data=form.profile_data(),
                languages=langs.as_dict(),
                occupations=list(form.cleaned_data["target_occupations"]),
            )
            messages.success(
                request,
                _("Saved.") if changed else _("Nothing was changed."),
            )
            return redirect("participant_detail", pk=participant.pk)
    return render(
        request, "people/participant_edit.html", {"participant": participant, "form": form, "langs": langs}
    )


@sensitive_post_parameters("new_national_id")
@access.require(Cap.EDIT_PARTICIPANTS)
def participant_new(request):
    """The provider registers a person directly (someone who called or walked in)."""
    from kobling.programmes.services import enrolment_create

    organisations = access.organisations_with(request.user, Cap.EDIT_PARTICIPANTS)
    programmes = Programme.objects.filter(organisation__in=organisations)
    form = ParticipantForm(request.POST or None)
    form.fields["programme"] = ProgrammeChoiceField(
        queryset=programmes, required=False, label=_("Apply to programme")
    )
    langs = language_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and langs.is_valid():
        programme = form.cleaned_data["programme"]
        organisation = programme.organisation if programme else organisations[0]
        with transaction.atomic():
            participant = services.participant_create(
                actor=request.user,
                organisation=organisation,
                data=form.profile_data(),
                languages=langs.as_dict(),
                occupations=list(form.cleaned_data["target_occupations"]),
                source=Source.REGISTERED,
            )
            if programme:
                enrolment_create(actor=request.user, participant=participant, programme=programme)
        messages.success(request, _("%(name)s is registered.") % {"name": participant.full_name})
        return redirect("participant_detail", pk=participant.pk)
    return render(
        request, "people/participant_edit.html", {"participant": None, "form": form, "langs": langs}
    )


@require_POST
@access.require(Cap.WRITE_TIMELINE)
def timeline_add(request, pk: int):
    participant = _participant_for_staff(request, pk)
    provider_side = participant.organisation_id in access.organisation_ids_with(
        request.user, Cap.VIEW_PARTICIPANTS
    )
    form = TimelineEntryForm(
        request.POST,
        prefix="entry",
        can_mark_sensitive=selectors.can_read_sensitive(request.user, participant),
        provider_side=provider_side,
    )
    if form.is_valid():
        services.timeline_entry_create(actor=request.user, participant=participant, **form.cleaned_data)
        messages.success(request, _("The entry was added to the timeline."))
        return redirect("participant_detail", pk=participant.pk)
    context = _detail_context(request, participant, entry_form=form)
    return render(request, "people/participant_detail.html", context, status=400)


@require_POST
@access.require(Cap.ASSIGN_TASKS)
def participant_task_add(request, pk: int):
    participant = _participant_for_staff(request, pk)
    form = TaskForm(request.POST, prefix="task", assignees=_assignees_for(participant))
    if form.is_valid():
        services.task_create(
            actor=request.user,
            organisation=participant.organisation,
            participant=participant,
            **form.cleaned_data,
        )
        messages.success(request, _("The task was created."))
        return redirect("participant_detail", pk=participant.pk)
    context = _detail_context(request, participant, task_form=form)
    return render(request, "people/participant_detail.html", context, status=400)


@access.require(Cap.ASSIGN_TASKS)
def task_list(request):
    show_done = request.GET.get("done") == "1"
    tasks = selectors.tasks_visible_to(request.user).filter(done_at__isnull=not show_done)
    mine_only = request.GET.get("mine", "1") == "1"
    if mine_only:
        tasks = tasks.filter(assignee=request.user)
    tasks = tasks.order_by("-done_at" if show_done else "due", "id")
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/task_list.html",
        {"page": page, "show_done": show_done, "mine_only": mine_only, "today": timezone.localdate()},
    )


@require_POST
@access.require(Cap.ASSIGN_TASKS)
def task_toggle(request, pk: int):
    task = selectors.task_for_user(request.user, pk)
    services.task_complete(actor=request.user, task=task, done=task.done_at is None)
    if request.headers.get("HX-Request"):
        return render(request, "people/_task_item.html", {"task": task, "today": timezone.localdate()})
    messages.success(request, _("The task is done.") if task.done_at else _("The task is open again."))
    return safe_next(request, "task_list")


def _own_participant(request) -> Participant:
    participant = (
        Participant.objects.filter(user=request.user).select_related("organisation", "advisor").first()
    )
    if participant is None:
        raise Http404
    return participant


@access.require_role(Role.PARTICIPANT)
def my_profile(request):
    participant = _own_participant(request)
    context = _detail_context(request, participant)
    return render(request, "people/my_profile.html", context)


@access.require_role(Role.PARTICIPANT)
def my_profile_edit(request):
    participant = _own_participant(request)
    form = SelfProfileForm(request.POST or None, instance=participant)
    langs = language_formset(request.POST or None, participant)
    if request.method == "POST":
        participant = Participant.objects.get(pk=participant.pk)
        if form.is_valid() and langs.is_valid():
            services.participant_update(
                actor=request.user,
                participant=participant,
                data=form.profile_data(),
                languages=langs.as_dict(),
                occupations=list(form.cleaned_data["target_occupations"]),
            )
            messages.success(request, _("Your changes are saved."))
            return redirect("my_profile")
    return render(request, "people/my_profile_edit.html", {"form": form, "langs": langs})


@access.require_role(Role.PARTICIPANT)
def my_consents(request):
    """Give a consent, or answer no to one never answered, with one tap. Withdrawing a consent that is
    given goes through its confirmation page (`my_consent_withdraw`): one tap never withdraws."""
    participant = _own_participant(request)
    if request.method == "POST":
        purpose = request.POST.get("purpose")
        if purpose not in Consent.Purpose.values:
            messages.error(request, _("Unknown consent."))
            return redirect("my_consents")
        given = request.POST.get("given") == "1"
        if not given and selectors.has_consent(participant, purpose):
            return redirect("my_consent_withdraw", purpose=purpose)
        with transaction.atomic():
            services.consent_set(actor=request.user, participant=participant, purpose=purpose, given=given)
        messages.success(request, _("Thank you. Your choice is saved."))
        return redirect("my_consents")
    return render(
        request,
        "people/my_consents.html",
        {"participant": participant, "consents": selectors.current_consents(participant)},
    )


@access.require_role(Role.PARTICIPANT)
def my_consent_withdraw(request, purpose: str):
    """GET explains what withdrawing this consent means; only the confirmed POST withdraws it."""
    participant = _own_participant(request)
    if purpose not in Consent.Purpose.values:
        raise Http404
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        if request.method == "POST":
            return redirect("my_consent_withdraw", purpose=purpose)
        withdrawal = selectors.consent_withdrawal(participant, purpose)
        if not withdrawal["given"]:
            messages.info(request, _("This consent is not given, so there is nothing to withdraw."))
            return redirect("my_consents")
        label = Consent.Purpose(purpose).label
        return render(
            request,
            "people/my_consent_withdraw.html",
            {"purpose": purpose, "label": label, "withdrawal": withdrawal},
        )
    try:
        services.consent_withdraw(actor=request.user, participant=participant, purpose=purpose)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Your consent is withdrawn."))
    return redirect("my_consents")
