"""The pages about people's own data: editing a record, the task list, and the person's own profile
and consents. The pages that gather several apps (the participant list and record, the portfolio,
a consent's withdrawal) are in `kobling.portal.views`."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import refusals_flashed, safe_next
from kobling.core.roles import Cap, Role
from kobling.people import selectors, services
from kobling.people.forms import ParticipantForm, SelfProfileForm, language_formset
from kobling.people.models import Consent


@sensitive_post_parameters("new_national_id")
@access.require(Cap.EDIT_PARTICIPANTS)
def participant_edit(request, pk: int):
    participant = selectors.participant_for_staff(request.user, pk)
    if not selectors.can_edit_participant(request.user, participant):
        raise Http404
    form = ParticipantForm(request.POST or None, instance=participant)
    langs = language_formset(request.POST or None, participant)
    if request.method == "POST":
        # The form must not touch the instance before the service decides what changed.
        participant = selectors.participant_for_staff(request.user, pk)
        if form.is_valid() and langs.is_valid():
            changed = services.participant_save(
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
    task = services.task_toggle(actor=request.user, task=selectors.task_for_user(request.user, pk))
    if request.headers.get("HX-Request"):
        return render(request, "people/_task_item.html", {"task": task, "today": timezone.localdate()})
    messages.success(request, _("The task is done.") if task.done_at else _("The task is open again."))
    return safe_next(request, "task_list")


@access.require_role(Role.PARTICIPANT)
def my_profile_edit(request):
    participant = selectors.own_participant(request.user)
    form = SelfProfileForm(request.POST or None, instance=participant)
    langs = language_formset(request.POST or None, participant)
    if request.method == "POST":
        participant = selectors.own_participant(request.user)
        if form.is_valid() and langs.is_valid():
            services.participant_save(
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
    participant = selectors.own_participant(request.user)
    if request.method == "POST":
        purpose = request.POST.get("purpose")
        if purpose not in Consent.Purpose.values:
            messages.error(request, _("Unknown consent."))
            return redirect("my_consents")
        given = request.POST.get("given") == "1"
        if not given and selectors.has_consent(participant, purpose):
            return redirect("my_consent_withdraw", purpose=purpose)
        with refusals_flashed(request):
            services.consent_answer(actor=request.user, participant=participant, purpose=purpose, given=given)
            messages.success(request, _("Thank you. Your choice is saved."))
        return redirect("my_consents")
    return render(
        request,
        "people/my_consents.html",
        {"participant": participant, "consents": selectors.current_consents(participant)},
    )
