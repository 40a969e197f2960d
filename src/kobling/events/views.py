"""Event pages: the list, set-up and status, employer and candidate registration, wishes.

Every view asks `selectors` first; anything out of the user's reach is a 404.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import form_page, refusals_flashed
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.events import selectors, services
from kobling.events.forms import (
    CandidateForm,
    EmployerInviteForm,
    EmployerRegistrationForm,
    EventForm,
    InterestForm,
    OpeningForm,
    StatusForm,
    WishesForm,
)
from kobling.events.models import (
    EmployerRegistration,
    EventStatus,
    Opening,
    Veto,
)
from kobling.events.services import TRANSITIONS
from kobling.people import selectors as people_selectors
from kobling.people.models import Consent

ANY_EVENT_ROLE = [Cap.MANAGE_EVENTS, Cap.REGISTER_CANDIDATES, Cap.EVENT_EMPLOYER]


@access.login_only
def event_list(request):
    events = (
        selectors.events_visible_to(request.user)
        .select_related("venue")
        .annotate(
            n_employers=Count("employers", filter=Q(employers__state="registered"), distinct=True),
            n_candidates=Count("candidates", filter=Q(candidates__state="registered"), distinct=True),
        )
        .order_by("-date", "-id")
    )
    return render(
        request,
        "events/event_list.html",
        {"events": events, "can_create": access.can(request.user, Cap.MANAGE_EVENTS)},
    )


def _without_organisers(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "organisers"}


@access.require(Cap.MANAGE_EVENTS)
def event_new(request):
    own = access.organisations_with(request.user, Cap.MANAGE_EVENTS)
    return form_page(
        request,
        EventForm(request.POST or None, own_organisations=own),
        submit=lambda data: services.event_create(
            actor=request.user, organisers=list(data["organisers"]), data=_without_organisers(data)
        ),
        done=_("The event was created as a draft."),
        to=lambda event: ("event_detail", event.pk),
        template="events/event_form.html",
        context={"event": None},
    )


@access.require(Cap.MANAGE_EVENTS)
def event_edit(request, pk: int):
    event = selectors.event_managed_or_404(request.user, pk)
    own = access.organisations_with(request.user, Cap.MANAGE_EVENTS)
    return form_page(
        request,
        EventForm(request.POST or None, instance=event, own_organisations=own),
        submit=lambda data: services.event_update(
            actor=request.user,
            event=event,
            data=_without_organisers(data),
            organisers=list(data["organisers"]),
        ),
        done=_("The event was saved."),
        to=("event_detail", event.pk),
        template="events/event_form.html",
        context={"event": event},
    )


@access.login_only
def event_detail(request, pk: int):
    event, rights = selectors.event_for_user(request.user, pk)
    context = {"event": event, "rights": rights, "slots": event.slots()}
    if rights.manage:
        context["employers"] = event.employers.select_related("organisation").annotate(
            n_openings=Count("openings")
        )
        context["status_choices"] = [(s, EventStatus(s).label) for s in TRANSITIONS[event.status]]
        context["history"] = event.status_history.select_related("by")[:10]
    else:
        context["employers"] = event.employers.filter(pk__in=rights.employer_ids).select_related(
            "organisation"
        )
    context["candidates"] = selectors.candidates_visible_to(request.user, event, rights).annotate(
        n_wishes=Count("wishes")
    )
    context["organisers"] = event.organisers.all()
    return render(request, "events/event_detail.html", context)


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def event_status(request, pk: int):
    event = selectors.event_managed_or_404(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        with refusals_flashed(request):
            services.event_change_status(
                actor=request.user,
                event=event,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The status was changed."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("event_detail", event.pk)


# Employers ------------------------------------------------------------------------------------------


@access.require(Cap.MANAGE_EVENTS)
def employer_invite(request, pk: int):
    event = selectors.event_managed_or_404(request.user, pk)
    return form_page(
        request,
        EmployerInviteForm(request.POST or None),
        submit=lambda data: services.employer_invite(actor=request.user, event=event, **data),
        done=_("The invitation was sent."),
        to=("event_detail", event.pk),
        template="events/employer_invite.html",
        context={"event": event},
    )


@access.require(Cap.MANAGE_EVENTS)
def employer_new(request, pk: int):
    event = selectors.event_managed_or_404(request.user, pk)

    def submit(data: dict):
        data = dict(data)
        organisation = data.pop("organisation")
        return services.employer_register(
            actor=request.user, event=event, organisation=organisation, data=data
        )

    return form_page(
        request,
        EmployerRegistrationForm(request.POST or None, event=event, with_organisation=True),
        submit=submit,
        done=_("The employer was registered. Add the openings they bring."),
        to=lambda reg: ("event_employer", reg.pk),
        template="events/employer_form.html",
        context={"event": event, "registration": None},
    )


@access.login_only
def employer_detail(request, pk: int):
    reg, rights = selectors.employer_for_user(request.user, pk)
    return form_page(
        request,
        EmployerRegistrationForm(request.POST or None, instance=reg, event=reg.event),
        submit=lambda data: services.employer_register(
            actor=request.user, event=reg.event, registration=reg, data=dict(data)
        ),
        done=_("The registration was saved."),
        to=("event_employer", reg.pk),
        template="events/employer_form.html",
        context={
            "event": reg.event,
            "registration": reg,
            "rights": rights,
            "openings": reg.openings.select_related("occupation"),
            "opening_form": OpeningForm(),
        },
    )


@require_POST
@access.login_only
def opening_add(request, pk: int):
    reg, rights = selectors.employer_for_user(request.user, pk)
    form = OpeningForm(request.POST)
    if form.is_valid():
        services.opening_add(actor=request.user, registration=reg, data=form.cleaned_data)
        messages.success(request, _("The opening was added."))
        return redirect("event_employer", reg.pk)
    return render(
        request,
        "events/employer_form.html",
        {
            "form": EmployerRegistrationForm(instance=reg, event=reg.event),
            "event": reg.event,
            "registration": reg,
            "rights": rights,
            "openings": reg.openings.select_related("occupation"),
            "opening_form": form,
        },
    )


@require_POST
@access.login_only
def opening_remove(request, pk: int):
    opening = get_or_404(Opening.objects.all(), pk=pk)
    reg, _rights = selectors.employer_for_user(request.user, opening.registration_id)
    services.opening_remove(actor=request.user, opening=opening)
    messages.success(request, _("The opening was removed."))
    return redirect("event_employer", reg.pk)


def event_join(request, token: str):
    """The invitation link: the contact registers the employer without an account."""
    reg = services.registration_by_token(token)
    if reg is None:
        return render(request, "events/join_invalid.html", status=404)
    event = reg.event
    form = EmployerRegistrationForm(request.POST or None, instance=reg, event=event)
    opening_form = OpeningForm(request.POST or None, prefix="opening")
    if request.method == "POST" and form.is_valid():
        wants_opening = bool(request.POST.get("opening-occupation"))
        if not wants_opening or opening_form.is_valid():
            services.employer_join(
                registration=reg,
                data=dict(form.cleaned_data),
                opening=opening_form.cleaned_data if wants_opening else None,
            )
            return render(request, "events/join_thanks.html", {"event": event, "registration": reg})
    if request.method != "POST":
        opening_form = OpeningForm(prefix="opening")
    return render(
        request,
        "events/join.html",
        {
            "event": event,
            "registration": reg,
            "form": form,
            "opening_form": opening_form,
            "openings": reg.openings.select_related("occupation"),
        },
    )


@access.login_only
def employer_interest(request, pk: int):
    """The employer marks interest in candidates' short profiles (first name and profile only)."""
    reg, rights = selectors.employer_for_user(request.user, pk)
    candidates = list(selectors.consenting_candidates(reg.event))
    interests = set(reg.interests.values_list("candidate_id", flat=True))
    vetoes = dict(reg.vetoes.filter(side=Veto.Side.EMPLOYER).values_list("candidate_id", "reason"))
    form = InterestForm(request.POST or None, candidates=candidates, interests=interests, vetoes=vetoes)
    return form_page(
        request,
        form,
        submit=lambda data: services.interest_set(
            actor=request.user, employer=reg, candidate_ids=form.chosen, vetoes=form.vetoes
        ),
        done=_("Your marks were saved."),
        to=("event_employer_interest", reg.pk),
        template="events/employer_interest.html",
        context={
            "event": reg.event,
            "registration": reg,
            "rows": [(c, form[f"c{c.pk}"]) for c in candidates],
        },
    )


# Candidates -----------------------------------------------------------------------------------------


@access.require(Cap.REGISTER_CANDIDATES)
def candidate_new(request, pk: int):
    event, rights = selectors.event_for_user(request.user, pk)
    if not rights.register:
        raise Http404
    participants = people_selectors.with_consent_state(
        selectors.registrable_participants(request.user), Consent.Purpose.EMPLOYERS, "shares_with_employers"
    ).order_by("first_name", "last_name")

    def submit(data: dict):
        data = dict(data)
        return services.candidate_register(
            actor=request.user, event=event, participant=data.pop("participant"), data=data
        )

    return form_page(
        request,
        CandidateForm(request.POST or None, event=event, participants=participants),
        submit=submit,
        done=lambda reg: (
            _("%(name)s is registered. Now rank the employers.") % {"name": reg.participant.full_name}
        ),
        to=lambda reg: ("event_candidate_wishes", reg.pk),
        template="events/candidate_form.html",
        context={"event": event, "registration": None},
    )


@access.login_only
def candidate_edit(request, pk: int):
    reg, rights = selectors.candidate_for_user(request.user, pk)
    if reg.pk in rights.candidate_ids and not (rights.manage or rights.register):
        raise Http404  # the person reads their own registration through their schedule
    return form_page(
        request,
        CandidateForm(request.POST or None, instance=reg, event=reg.event),
        submit=lambda data: services.candidate_update(actor=request.user, registration=reg, data=dict(data)),
        done=_("The registration was saved."),
        to=("event_detail", reg.event_id),
        template="events/candidate_form.html",
        context={"event": reg.event, "registration": reg},
    )


@require_POST
@access.login_only
def candidate_withdraw(request, pk: int):
    reg, rights = selectors.candidate_for_user(request.user, pk)
    if not (rights.manage or rights.register):
        raise Http404
    services.candidate_withdraw(actor=request.user, registration=reg)
    messages.success(request, _("The registration was withdrawn."))
    return redirect("event_detail", reg.event_id)


@access.login_only
def candidate_wishes(request, pk: int):
    """The candidate (or their advisor or coordinator) ranks the employers and may refuse some."""
    reg, _rights = selectors.candidate_for_user(request.user, pk)
    employers = list(
        EmployerRegistration.objects.filter(event=reg.event, state=EmployerRegistration.State.REGISTERED)
        .select_related("organisation")
        .prefetch_related("openings__occupation")
    )
    wishes = dict(reg.wishes.values_list("employer_id", "rank"))
    vetoes = dict(reg.vetoes.filter(side=Veto.Side.CANDIDATE).values_list("employer_id", "reason"))
    form = WishesForm(request.POST or None, employers=employers, wishes=wishes, vetoes=vetoes)
    return form_page(
        request,
        form,
        submit=lambda data: services.wishes_set(
            actor=request.user, candidate=reg, ranks=form.ranks, vetoes=form.vetoes
        ),
        done=_("The wishes were saved."),
        to=("event_candidate_wishes", reg.pk),
        template="events/candidate_wishes.html",
        context={"event": reg.event, "registration": reg, "rows": [(e, form[f"e{e.pk}"]) for e in employers]},
    )
