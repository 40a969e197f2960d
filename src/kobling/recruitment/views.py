"""Pages after the interviews: the employer's feedback form (made for a phone), the candidate's side
(feedback to read and release, reflections, offers and checks), and the organisers' event page.
The reports are in `reports/views.py`.

Every view asks `selectors` first; anything out of the user's reach is a 404.
"""

from itertools import groupby

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import form_page, refusals_flashed, refusals_on
from kobling.core.roles import Cap, Role
from kobling.events.models import EventStatus, Interview
from kobling.recruitment import selectors, services
from kobling.recruitment.forms import FeedbackForm, OfferAcceptForm, ReflectionForm, SettingsForm
from kobling.recruitment.models import CRITERIA, Offer
from kobling.recruitment.reports.figures import event_report

LIST_LIMIT = 100


def _can_use(user) -> bool:
    caps = access.capabilities(user)
    return bool(
        caps & {Cap.MANAGE_EVENTS, Cap.EVENT_EMPLOYER, Cap.FOLLOW_OWN_PEOPLE, Cap.EDIT_PARTICIPANTS}
    ) or access.has_role(user, Role.PARTICIPANT)


def _with_state(interviews) -> list[Interview]:
    """Each interview with what the page needs to know about its feedback."""
    interviews = list(interviews)
    for interview in interviews:
        interview.feedback_row = getattr(interview, "feedback", None)
        interview.took_place = interview.state not in selectors.NOT_HELD
        interview.open = interview.took_place and selectors.has_begun(interview)
    return interviews


def _by_event(interviews) -> list[tuple]:
    return [(event, list(rows)) for event, rows in groupby(interviews, key=lambda i: i.event)]


@access.login_only
def home(request):
    """One page for everyone's part: employers' feedback to give, the advisor's feedback to read and
    release, offers and checks, the candidate's own interviews, the organiser's events."""
    user = request.user
    if not _can_use(user):
        raise Http404
    caps = access.capabilities(user)
    context = {"criteria": CRITERIA}
    if Cap.EVENT_EMPLOYER in caps:
        context["employer_events"] = _by_event(_with_state(selectors.employer_interviews(user)[:LIST_LIMIT]))
    if caps & {Cap.FOLLOW_OWN_PEOPLE, Cap.EDIT_PARTICIPANTS}:
        context["follows"] = True
        context["feedback"] = list(selectors.feedback_for_followers(user)[:LIST_LIMIT])
        context["offers"] = list(
            selectors.offers_for_followers(user).filter(state=Offer.State.MADE)[:LIST_LIMIT]
        )
        context["checks"] = list(selectors.checks_due_for(user)[:LIST_LIMIT])
    if access.has_role(user, Role.PARTICIPANT):
        context["own_events"] = _by_event(_with_state(selectors.own_interviews(user)[:LIST_LIMIT]))
    if Cap.MANAGE_EVENTS in caps:
        context["managed"] = list(
            selectors.managed_events(user)
            .filter(status__in=selectors.AFTER_PUBLISHING)
            .select_related("venue")
            .order_by("-date", "-id")[:LIST_LIMIT]
        )
    return render(request, "recruitment/home.html", context)


@access.login_only
def interview_feedback(request, pk: int):
    interview, rights = selectors.interview_for_user(request.user, pk)
    if not (rights.employer or rights.manage):
        raise Http404
    feedback = getattr(interview, "feedback", None)
    problem = None
    if feedback and not rights.employer and feedback.given_by_id != request.user.pk:
        # An organiser may enter feedback for an employer, but never reads what the employer wrote.
        feedback = None
        problem = _("The employer has given feedback on this interview.")
    initial = {name: getattr(feedback, name) for name in services.FEEDBACK_FIELDS} if feedback else None
    form = FeedbackForm(request.POST or None, initial=initial)
    locked = bool(feedback and feedback.released_at)
    if interview.state in selectors.NOT_HELD:
        problem = _("This interview did not take place, so it has no feedback.")
    elif not selectors.has_begun(interview):
        problem = _("Feedback can be given once the interview has started.")
    if request.method == "POST" and not locked and problem is None and form.is_valid():
        with refusals_on(form):
            services.feedback_save(actor=request.user, interview=interview, values=form.cleaned_data)
            messages.success(request, _("Thank you! The feedback was saved."))
            return redirect("recruitment_home")
    status = 400 if request.method == "POST" and (form.errors or problem or locked) else 200
    return render(
        request,
        "recruitment/feedback_form.html",
        {"interview": interview, "form": form, "feedback": feedback, "locked": locked, "problem": problem},
        status=status,
    )


@access.require_role(Role.PARTICIPANT)
def interview_reflection(request, pk: int):
    interview, rights = selectors.interview_for_user(request.user, pk)
    if not rights.own:
        raise Http404
    reflection = getattr(interview, "reflection", None)
    feedback = getattr(interview, "feedback", None)
    return form_page(
        request,
        ReflectionForm(request.POST or None, initial={"text": reflection.text} if reflection else None),
        submit=lambda data: services.reflection_save(
            actor=request.user, interview=interview, text=data["text"]
        ),
        done=_("Your reflection was saved."),
        to=("recruitment_home",),
        template="recruitment/reflection_form.html",
        context={"interview": interview, "feedback": feedback if feedback and feedback.released_at else None},
    )


@require_POST
@access.login_only
def feedback_release(request, pk: int):
    feedback = selectors.feedback_for_user(request.user, pk)
    services.feedback_release(actor=request.user, feedback=feedback)
    messages.success(
        request,
        _("The feedback was passed on to %(name)s.")
        % {"name": feedback.interview.candidate.participant.first_name},
    )
    return redirect("recruitment_home")


@access.login_only
def offer_detail(request, pk: int):
    offer, rights = selectors.offer_for_user(request.user, pk)
    job = offer.kind == Offer.Kind.JOB
    return form_page(
        request,
        OfferAcceptForm(
            request.POST or None, job=job, initial={"occupation": offer.occupation_id} if job else None
        ),
        submit=lambda data: services.offer_accept(
            actor=request.user, offer=offer, start_date=data["start_date"], occupation=data.get("occupation")
        ),
        done=_("The offer was recorded as accepted."),
        to=("recruitment_offer", offer.pk),
        template="recruitment/offer.html",
        context={
            "offer": offer,
            "rights": rights,
            "checks": list(offer.checks.all()),
            "participant": offer.interview.candidate.participant,
        },
    )


@require_POST
@access.login_only
def offer_decline(request, pk: int):
    offer, _rights = selectors.offer_for_user(request.user, pk)
    with refusals_flashed(request, one_line=True):
        services.offer_decline(actor=request.user, offer=offer)
        messages.success(request, _("The offer was recorded as declined."))
    return redirect("recruitment_offer", offer.pk)


@require_POST
@access.login_only
def check_answer(request, pk: int):
    check = selectors.check_for_user(request.user, pk)
    answer = request.POST.get("answer")
    if answer not in ("yes", "no"):
        messages.error(request, _("Answer yes or no."))
    else:
        with refusals_flashed(request, one_line=True):
            services.check_answer(actor=request.user, check=check, answer=answer == "yes")
            messages.success(request, _("The answer was saved."))
    return redirect("recruitment_offer", check.offer_id)


@access.require(Cap.MANAGE_EVENTS)
def event_page(request, pk: int):
    """The organisers' view of one event: its report, every interview's outcome, and the settings."""
    event = selectors.managed_event_for_user(request.user, pk)
    return form_page(
        request,
        SettingsForm(
            request.POST or None, initial={"release_automatically": selectors.releases_automatically(event)}
        ),
        submit=lambda data: services.settings_set(
            actor=request.user, event=event, release_automatically=data["release_automatically"]
        ),
        done=_("The setting was saved."),
        to=("recruitment_event", event.pk),
        template="recruitment/event.html",
        context={
            "event": event,
            "figures": event_report(event),
            "interviews": selectors.event_interviews(event),
            "held": event.status in (EventStatus.HELD, EventStatus.CLOSED),
        },
    )
