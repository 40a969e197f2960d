"""Reads that gather several apps: the start page of each role, the participant list and the NAV
advisor's portfolio (people with their enrolments), and what withdrawing a consent means.

Each app's own reads (and its access rules) stay in that app's `selectors`; this module only puts
them together. On the start page every block is shown to its role even when empty, with a line saying
what will appear there and when, so no start page is ever blank.
"""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kobling.accounts.selectors import invitations_visible_to
from kobling.core import access
from kobling.core.models import AuditLog, Organisation, User
from kobling.core.roles import Cap, Role
from kobling.core.selectors import audit_entries_visible_to
from kobling.events.models import CandidateRegistration, EventStatus
from kobling.events.selectors import organiser_coming_events
from kobling.mentoring.models import Mentorship
from kobling.mentoring.selectors import mentee_next_intro, mentor_start, own_mentor_profiles
from kobling.mentorspace.selectors import quiet_pairs_for
from kobling.notifications.models import OutboxEmail
from kobling.notifications.selectors import outbox_visible_to
from kobling.people import selectors as people
from kobling.people.models import Consent, Participant, ParticipantLanguage, Task
from kobling.programmes.attendance.selectors import own_attendance_today
from kobling.programmes.followup.selectors import own_next_meeting, own_plan_waiting
from kobling.programmes.models import OPEN_INTAKE, Enrolment, Programme
from kobling.recruitment.selectors import employer_coming_registrations, feedback_due

# The participant list's sort orders (the filter form's `sort`).
SORT_ORDER = {
    "name": ["last_name", "first_name", "id"],
    "-created": ["-created_at", "-id"],
    "created": ["created_at", "id"],
    "-activity": ["-last_activity_at", "-id"],
}


# The start page ------------------------------------------------------------------------------------


def start_page(user) -> dict:
    """The start page: "my next things" for each of the user's roles."""
    caps = access.capabilities(user)
    today = timezone.localdate()
    context: dict = {
        "roles": sorted(access.roles(user)),
        "memberships": access.memberships(user),
        "today": today,
    }
    if Cap.MANAGE_ORGANISATIONS in caps:
        context["platform"] = platform_start(user)
    _provider_and_nav(context, user, caps, today)
    if Cap.MENTOR_OWN in caps:
        context["mentor"] = _mentor(user, today)
    if Cap.MANAGE_EVENTS in caps:
        events = organiser_coming_events(user, today=today)
        # The market coordinator's day is the events; a provider coordinator sees them when there are some.
        if events or access.has_role(user, Role.NAV_MARKET):
            context["organiser_events"] = events
    if Cap.EVENT_EMPLOYER in caps:
        context["employer"] = {
            "registrations": employer_coming_registrations(user, today=today),
            "feedback_due": feedback_due(user),
        }
    if access.has_role(user, Role.PARTICIPANT):
        _participant(context, user, today)
    context["only_basic"] = not caps and not access.has_role(user, Role.PARTICIPANT)
    return context


# The platform admin's cards: how far back security events count, and when a queued e-mail is stuck
# (the worker tries a new one at once and a failed one again within minutes).
SECURITY_DAYS = 7
STUCK_AFTER = timedelta(minutes=15)


def platform_start(user) -> dict:
    """The platform admin's next things, each read through the selector that guards it: organisations
    by kind, the invitations they sent that nobody has accepted, the platform's e-mail that failed or
    is stuck, and failed logins and lock-outs in the last week. Five queries, whatever the numbers."""
    now = timezone.now()
    kinds = dict(Organisation.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    unaccepted = invitations_visible_to(user).filter(accepted_at__isnull=True, revoked_at__isnull=True)
    # Counted by day as the audit log's own date filter counts, so its link finds the same rows.
    since = timezone.localdate(now) - timedelta(days=SECURITY_DAYS - 1)  # today and the six before
    return {
        "organisations": [(label, kinds.get(kind, 0)) for kind, label in Organisation.Kind.choices],
        "organisations_total": sum(kinds.values()),
        "invitations": unaccepted.aggregate(
            waiting=Count("pk", filter=Q(expires_at__gt=now)),
            expired=Count("pk", filter=Q(expires_at__lte=now)),
        ),
        "invitations_newest": list(unaccepted.order_by("-created_at", "-pk")[:5]),
        "now": now,
        "outbox": outbox_visible_to(user).aggregate(
            failed=Count("pk", filter=Q(state=OutboxEmail.State.FAILED)),
            stuck=Count(
                "pk", filter=Q(state=OutboxEmail.State.QUEUED, next_attempt_at__lt=now - STUCK_AFTER)
            ),
        ),
        "security": audit_entries_visible_to(user)
        .filter(at__date__gte=since)
        .aggregate(
            failed=Count("pk", filter=Q(action=AuditLog.Action.LOGIN_FAILED)),
            locked=Count("pk", filter=Q(action=AuditLog.Action.LOCKED_OUT)),
        ),
        "security_since": since,
        "security_days": SECURITY_DAYS,
        "stuck_minutes": int(STUCK_AFTER.total_seconds() // 60),
    }


def _provider_and_nav(context: dict, user, caps: set[str], today) -> None:
    """Coordinators, instructors and NAV advisors: tasks, the intake queue, meetings, the portfolio."""
    if Cap.ASSIGN_TASKS in caps:
        context["my_tasks"] = people.open_tasks_for(user)
        context["overdue"] = sum(1 for t in context["my_tasks"] if t.due and t.due < today)
    if Cap.SCREEN_APPLICANTS in caps:
        org_ids = access.organisation_ids_with(user, Cap.SCREEN_APPLICANTS)
        queue = Enrolment.objects.filter(
            participant__organisation_id__in=org_ids, status__in=OPEN_INTAKE
        ).select_related("participant", "programme")
        context["intake_count"] = queue.count()
        context["intake_newest"] = list(queue.order_by("-created_at")[:5])
    if Cap.VIEW_PARTICIPANTS in caps or Cap.FOLLOW_OWN_PEOPLE in caps:
        mine = people.participants_visible_to(user)
        if Cap.FOLLOW_OWN_PEOPLE in caps and Cap.VIEW_PARTICIPANTS not in caps:
            mine = mine.filter(advisor=user)
        context["meetings_today"] = list(
            mine.filter(next_meeting_at__date=today).order_by("next_meeting_at")[:10]
        )
    if Cap.FOLLOW_OWN_PEOPLE in caps:
        # Each person once, counted from the portfolio's own queryset (issue 8, defect 8).
        context["portfolio_counts"] = portfolio_people(user).aggregate(
            total=Count("pk"), new=Count("pk", filter=Q(is_new=True))
        )


def _mentor(user, today) -> dict:
    return {
        **mentor_start(user),
        "quiet": quiet_pairs_for(user, today=today),
        "has_profile": own_mentor_profiles(user).exists(),
    }


def _participant(context: dict, user, today) -> None:
    own = Participant.objects.filter(user=user).first()
    context["own_participant"] = own
    if own is None:
        return
    context["own_enrolments"] = list(own.enrolments.select_related("programme"))
    meeting, intro = own_next_meeting(user), mentee_next_intro(user)
    # The nearer of the next programme meeting and the next intro meeting with a mentor.
    if meeting and intro:
        intro = intro if intro.intro_starts_at < meeting.starts_at else None
        meeting = meeting if intro is None else None
    context["next_meeting"], context["next_intro"] = meeting, intro
    context["attendance_today"] = own_attendance_today(user, today=today)
    context["plan_items"], context["plan_total"] = own_plan_waiting(user)


# The participant list and the portfolio ------------------------------------------------------------


def with_current_enrolments(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """One query for the enrolments of a whole page, newest first, whatever the page size."""
    return participants.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.select_related("programme").order_by("-created_at", "-id"),
        )
    )


def participant_filter_choices(user) -> tuple[QuerySet[Programme], QuerySet[User]]:
    """The programmes and the NAV advisors the participant list can be filtered on."""
    visible = people.participants_visible_to(user)
    org_ids = access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    programmes = Programme.objects.filter(organisation_id__in=org_ids).only("pk", "name")
    advisors = User.objects.filter(Exists(visible.filter(advisor=OuterRef("pk")))).only("pk", "full_name")
    return programmes, advisors


def programmes_of(organisations) -> QuerySet[Programme]:
    """The programmes a person registered by these organisations can be applied to."""
    return Programme.objects.filter(organisation__in=organisations).select_related("organisation")


def participants_listed(user, data: dict) -> QuerySet[Participant]:
    """The participant list: the people the user may see, narrowed by the filter form's (valid) data
    and sorted, each with their enrolments."""
    participants = people.participants_visible_to(user).select_related("advisor", "organisation")
    if data.get("q"):
        participants = people.participants_search(participants, data["q"])
    if data.get("status") or data.get("programme"):
        enrolments = Enrolment.objects.filter(participant=OuterRef("pk"))
        if data.get("status"):
            enrolments = enrolments.filter(status=data["status"])
        if data.get("programme"):
            enrolments = enrolments.filter(programme_id=data["programme"])
        participants = participants.filter(Exists(enrolments))
    if data.get("region"):
        participants = participants.filter(region=data["region"])
    if data.get("advisor"):
        participants = participants.filter(advisor_id=data["advisor"])
    if data.get("language"):
        participants = participants.filter(
            Exists(ParticipantLanguage.objects.filter(participant=OuterRef("pk"), language=data["language"]))
        )
    sort = data.get("sort") or "name"
    return with_current_enrolments(participants.order_by(*SORT_ORDER[sort]))


def portfolio_people(user) -> QuerySet[Participant]:
    """The NAV advisor's own people, each once however many enrolments they have, with the flags the
    portfolio filters on. The start page counts from this same queryset, so the two always agree."""
    if not access.can(user, Cap.FOLLOW_OWN_PEOPLE):
        return Participant.objects.none()
    return Participant.objects.filter(advisor=user).annotate(
        is_new=Exists(Enrolment.objects.filter(participant=OuterRef("pk"), status__in=OPEN_INTAKE)),
        waits_on_nav=people.open_tasks_waiting_on(Task.WaitingOn.NAV),
        waits_on_person=people.open_tasks_waiting_on(Task.WaitingOn.PARTICIPANT),
        waits_on_provider=people.open_tasks_waiting_on(Task.WaitingOn.PROVIDER),
    )


def portfolio_filters() -> dict[str, tuple[str, Q]]:
    """The portfolio's tabs, as NAV's own portfolio has them: key → (label, condition)."""
    return {
        "all": (_("All"), Q()),
        "new": (_("New"), Q(is_new=True)),
        "waiting_nav": (_("Waiting for reply from NAV"), Q(waits_on_nav=True)),
        "waiting_person": (_("Waiting for reply from the person"), Q(waits_on_person=True)),
        "meetings_today": (_("Meetings today"), people.meetings_today_q()),
    }


# What withdrawing a consent means ------------------------------------------------------------------


def consent_withdrawal(participant: Participant, purpose: str) -> dict:
    """What withdrawing one consent means for this person, in plain words, for the confirmation page:
    what stops, who no longer sees what, and what stays. Each line says what the code does."""
    current = participant.consents.filter(purpose=purpose).first()
    provider = participant.organisation.name
    stops: list[str] = []
    stays: list[str] = [_("Your other consents stay as they are.")]
    if purpose == Consent.Purpose.PROCESSING:
        _processing_withdrawal(participant, stops, stays)
    elif purpose == Consent.Purpose.MENTOR:
        stops += _mentor_withdrawal(participant)
        stays.append(
            _("The mentor programme's coordinators at %(provider)s still see your wishes.")
            % {"provider": provider}
        )
    elif purpose == Consent.Purpose.EMPLOYERS:
        stops += [
            _(
                "Employers no longer see your short profile when they choose whom to meet "
                "at recruitment events."
            ),
            _("Nobody can register you for a new recruitment event."),
        ]
        stays += _event_withdrawal(participant)
    elif purpose == Consent.Purpose.DIRECTORY:
        stops.append(
            _("You are no longer shown in the network directory, so other members cannot find you there.")
        )
    stays.append(_("You can give the consent again on this page at any time."))
    return {
        "given": bool(current and current.given),
        "since": current.at if current else None,
        "stops": stops,
        "stays": stays,
        "core": purpose == Consent.Purpose.PROCESSING,
    }


def _processing_withdrawal(participant: Participant, stops: list[str], stays: list[str]) -> None:
    provider = participant.organisation.name
    names = ", ".join(u.full_name for u in people.processing_contacts(participant))
    stops += [
        _("This is the consent your place in the programme at %(provider)s builds on.")
        % {"provider": provider},
        _("%(names)s get a task today to talk with you about your place in the programme.")
        % {"names": names or provider},
    ]
    stays += [
        _("Your place does not end by itself: you and the coordinator agree on what happens next."),
        _(
            "Until then the people who work with you at %(provider)s, and your NAV advisor, "
            "still see your record."
        )
        % {"provider": provider},
        _("Your information is not deleted. If you want it deleted, tell the coordinator."),
    ]


def _mentor_withdrawal(participant: Participant) -> list[str]:
    lines = [_("Mentors no longer see your profile, and you are not matched with a mentor.")]
    pairs = Mentorship.objects.filter(
        mentee__enrolment__participant=participant, state__in=Mentorship.OPEN
    ).select_related("mentor")
    for pair in pairs:
        name = pair.mentor.full_name
        if pair.state == Mentorship.State.ACTIVE:
            lines.append(
                _(
                    "Your mentor period with %(name)s goes on: you already know each other. "
                    "Tell the coordinator if you want to end it."
                )
                % {"name": name}
            )
        else:
            lines.append(
                _(
                    "The proposal with %(name)s is put on hold: %(name)s no longer sees your details, "
                    "and the coordinator will contact you."
                )
                % {"name": name}
            )
    return lines


def _event_withdrawal(participant: Participant) -> list[str]:
    regs = CandidateRegistration.objects.filter(
        participant=participant,
        state=CandidateRegistration.State.REGISTERED,
        event__date__gte=timezone.localdate(),
        event__status__in=[EventStatus.OPEN, EventStatus.SCHEDULING, EventStatus.PUBLISHED],
    ).select_related("event")
    return [
        _(
            "You are registered for %(event)s on %(day)s. Interviews already in its schedule stay "
            "there: tell your NAV advisor if you want to cancel them."
        )
        % {"event": r.event.title, "day": date_format(r.event.date, "SHORT_DATE_FORMAT")}
        for r in regs
    ]
