"""The pages that gather several apps: the start page, the participant list, the NAV advisor's
portfolio, a person's record (people's own data with their programmes' follow-up), registering a person
onto a programme, and the page that says what withdrawing a consent means.

The people-only pages (editing a record, tasks, the person's own profile and consents) are in
`kobling.people.views`."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import refusals_flashed, render_htmx
from kobling.core.roles import Cap, Role
from kobling.people import selectors as people
from kobling.people import services as people_services
from kobling.people.forms import TaskForm, TimelineEntryForm, language_formset
from kobling.people.models import Consent, Participant
from kobling.portal import selectors, services
from kobling.portal.forms import ParticipantFilterForm, ParticipantNewForm
from kobling.programmes.followup.selectors import followup_context

PAGE_SIZE = 25


@access.login_only
def home(request):
    return render(request, "portal/home.html", selectors.start_page(request.user))


@access.require(any_of=[Cap.VIEW_PARTICIPANTS, Cap.FOLLOW_OWN_PEOPLE])
def participant_list(request):
    programmes, advisors = selectors.participant_filter_choices(request.user)
    form = ParticipantFilterForm(request.GET or None, programmes=programmes, advisors=advisors)
    participants = selectors.participants_listed(request.user, form.cleaned_data if form.is_valid() else {})
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
    filters = selectors.portfolio_filters()
    chosen = request.GET.get("show", "all")
    if chosen not in filters:
        chosen = "all"
    term = " ".join(request.GET.get("q", "").split())[:100]
    # The same queryset the start page counts (issue 8, defect 8: one person, one count).
    found = people.participants_search(selectors.portfolio_people(request.user), term)
    counts = found.aggregate(**{key: Count("pk", filter=q) for key, (_label, q) in filters.items()})
    shown = selectors.with_current_enrolments(
        found.filter(filters[chosen][1])
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


def _record_context(request, participant: Participant, **extra) -> dict:
    """The record page: the person's own data as the user may see it (every sensitive entry read is
    audited), their enrolments and follow-up, and the forms for a new entry and a new task."""
    user = request.user
    context = people.participant_record(user, participant)
    people_services.sensitive_entries_read(actor=user, participant=participant, entries=context["entries"])
    context["enrolments"] = list(
        participant.enrolments.select_related("programme").prefetch_related("history__changed_by")
    )
    if context["can_write"]:
        context["entry_form"] = extra.pop(
            "entry_form",
            TimelineEntryForm(
                prefix="entry",
                can_mark_sensitive=context["can_read_sensitive"],
                provider_side=people.is_provider_side(user, participant),
                initial={"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
            ),
        )
        context["tasks"] = list(participant.tasks.select_related("assignee").order_by("done_at", "due", "id"))
        context["task_form"] = extra.pop(
            "task_form", TaskForm(prefix="task", assignees=people.task_assignees(participant))
        )
    context.update(followup_context(user, participant))
    context.update(extra)
    return context


@access.require(any_of=[Cap.VIEW_PARTICIPANTS, Cap.FOLLOW_OWN_PEOPLE])
def participant_detail(request, pk: int):
    participant = people.participant_for_staff(request.user, pk)
    return render(request, "people/participant_detail.html", _record_context(request, participant))


@require_POST
@access.require(Cap.READ_SENSITIVE)
def national_id_reveal(request, pk: int):
    participant = people.participant_for_staff(request.user, pk)
    if not people.can_read_sensitive(request.user, participant):
        raise access.refused(
            request.user,
            note=f"national id of participant {participant.pk}",
            organisation=participant.organisation,
        )
    value = people_services.national_id_reveal(actor=request.user, participant=participant)
    if request.headers.get("HX-Request"):
        return render(request, "people/_national_id.html", {"participant": participant, "revealed": value})
    return render(
        request, "people/participant_detail.html", _record_context(request, participant, revealed=value)
    )


@sensitive_post_parameters("new_national_id")
@access.require(Cap.EDIT_PARTICIPANTS)
def participant_new(request):
    """The provider registers a person directly (someone who called or walked in)."""
    organisations = access.organisations_with(request.user, Cap.EDIT_PARTICIPANTS)
    programmes = selectors.programmes_of(organisations)
    form = ParticipantNewForm(request.POST or None, programmes=programmes)
    langs = language_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and langs.is_valid():
        programme = form.cleaned_data["programme"]
        participant = services.participant_register(
            actor=request.user,
            organisation=programme.organisation if programme else organisations[0],
            data=form.profile_data(),
            languages=langs.as_dict(),
            occupations=list(form.cleaned_data["target_occupations"]),
            programme=programme,
        )
        messages.success(request, _("%(name)s is registered.") % {"name": participant.full_name})
        return redirect("participant_detail", pk=participant.pk)
    return render(
        request, "people/participant_edit.html", {"participant": None, "form": form, "langs": langs}
    )


@require_POST
@access.require(Cap.WRITE_TIMELINE)
def timeline_add(request, pk: int):
    participant = people.participant_for_staff(request.user, pk)
    form = TimelineEntryForm(
        request.POST,
        prefix="entry",
        can_mark_sensitive=people.can_read_sensitive(request.user, participant),
        provider_side=people.is_provider_side(request.user, participant),
    )
    if form.is_valid():
        people_services.timeline_entry_add(actor=request.user, participant=participant, **form.cleaned_data)
        messages.success(request, _("The entry was added to the timeline."))
        return redirect("participant_detail", pk=participant.pk)
    context = _record_context(request, participant, entry_form=form)
    return render(request, "people/participant_detail.html", context, status=400)


@require_POST
@access.require(Cap.ASSIGN_TASKS)
def participant_task_add(request, pk: int):
    participant = people.participant_for_staff(request.user, pk)
    form = TaskForm(request.POST, prefix="task", assignees=people.task_assignees(participant))
    if form.is_valid():
        people_services.task_assign(
            actor=request.user,
            organisation=participant.organisation,
            participant=participant,
            **form.cleaned_data,
        )
        messages.success(request, _("The task was created."))
        return redirect("participant_detail", pk=participant.pk)
    context = _record_context(request, participant, task_form=form)
    return render(request, "people/participant_detail.html", context, status=400)


@access.require_role(Role.PARTICIPANT)
def my_profile(request):
    participant = people.own_participant(request.user)
    return render(request, "people/my_profile.html", _record_context(request, participant))


@access.require_role(Role.PARTICIPANT)
def my_consent_withdraw(request, purpose: str):
    """GET explains what withdrawing this consent means; only the confirmed POST withdraws it."""
    participant = people.own_participant(request.user)
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
    with refusals_flashed(request):
        people_services.consent_withdraw(actor=request.user, participant=participant, purpose=purpose)
        messages.success(request, _("Your consent is withdrawn."))
    return redirect("my_consents")
