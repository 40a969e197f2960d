"""Reads of people data, always through the access helpers here."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.people.models import Consent, Participant, Task, TimelineEntry


def participants_visible_to(user) -> QuerySet[Participant]:
    """Provider staff see their provider's people; a NAV advisor the people they follow;
    a participant only themselves. Everyone else: nobody."""
    if not getattr(user, "is_authenticated", False):
        return Participant.objects.none()
    condition = Q(pk__in=[])
    provider_ids = access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    if provider_ids:
        condition |= Q(organisation_id__in=provider_ids)
    if access.can(user, Cap.FOLLOW_OWN_PEOPLE):
        condition |= Q(advisor=user)
    if access.has_role(user, Role.PARTICIPANT):
        condition |= Q(user=user)
    return Participant.objects.filter(condition)


def participant_for_user(user, pk: int) -> Participant:
    """The record, or a 404. A logged-in user asking for a record that exists but is not theirs to
    see is a security event in the audit log, for the organisation that holds the record."""
    try:
        return (
            participants_visible_to(user)
            .select_related("organisation", "advisor", "referring_office")
            .get(pk=pk)
        )
    except (Participant.DoesNotExist, ValueError, TypeError):
        held = (
            Participant.objects.filter(pk=pk).select_related("organisation").first() if _is_id(pk) else None
        )
        if held is not None:
            raise access.refused(user, note=f"participant {held.pk}", organisation=held.organisation)
        raise Http404


def _is_id(value) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())


def is_own_record(user, participant: Participant) -> bool:
    return participant.user_id is not None and participant.user_id == user.pk


def works_with(user, participant: Participant) -> bool:
    """Provider staff of the owning provider, or the person's NAV advisor."""
    return participant.organisation_id in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS) or (
        participant.advisor_id == user.pk and access.can(user, Cap.FOLLOW_OWN_PEOPLE)
    )


def can_edit_participant(user, participant: Participant) -> bool:
    return participant.organisation_id in access.organisation_ids_with(user, Cap.EDIT_PARTICIPANTS)


def can_read_sensitive(user, participant: Participant) -> bool:
    """Coordinators of the owning provider and the person's own advisor."""
    return participant.organisation_id in access.organisation_ids_with(user, Cap.READ_SENSITIVE) or (
        participant.advisor_id == user.pk and access.can(user, Cap.READ_SENSITIVE)
    )


def timeline_visible_to(user, participant: Participant) -> QuerySet[TimelineEntry]:
    entries = participant.timeline.select_related("author")
    if is_own_record(user, participant) and not works_with(user, participant):
        return entries.filter(visibility=TimelineEntry.Visibility.PARTICIPANT, sensitive=False)
    is_provider = participant.organisation_id in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    if not is_provider:
        entries = entries.exclude(visibility=TimelineEntry.Visibility.PROVIDER)
    if not can_read_sensitive(user, participant):
        entries = entries.filter(sensitive=False)
    return entries


def current_consents(participant: Participant) -> list[tuple[str, str, Consent | None]]:
    """(purpose, label, newest row) for every purpose; a purpose never answered has None."""
    newest: dict[str, Consent] = {}
    for consent in participant.consents.all():  # ordered newest first
        newest.setdefault(consent.purpose, consent)
    return [(value, label, newest.get(value)) for value, label in Consent.Purpose.choices]


def has_consent(participant: Participant, purpose: str) -> bool:
    consent = participant.consents.filter(purpose=purpose).first()
    return bool(consent and consent.given)


def tasks_visible_to(user) -> QuerySet[Task]:
    """Tasks assigned to the user, plus those of their provider organisations."""
    condition = Q(assignee=user)
    org_ids = access.organisation_ids_with(user, Cap.ASSIGN_TASKS)
    provider_ids = access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    if provider_ids:
        condition |= Q(organisation_id__in=[i for i in org_ids if i in provider_ids])
    return Task.objects.filter(condition).select_related("participant", "assignee", "organisation")


def task_for_user(user, pk: int) -> Task:
    try:
        return tasks_visible_to(user).get(pk=pk)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404


def open_tasks_waiting_on(waiting_on: str):
    return Exists(
        Task.objects.filter(participant=OuterRef("pk"), done_at__isnull=True, waiting_on=waiting_on)
    )


def portfolio_people(user) -> QuerySet[Participant]:
    """The NAV advisor's own people, each once however many enrolments they have, with the flags the
    portfolio filters on. The start page counts from this same queryset, so the two always agree."""
    from kobling.programmes.models import OPEN_INTAKE, Enrolment

    if not access.can(user, Cap.FOLLOW_OWN_PEOPLE):
        return Participant.objects.none()
    return Participant.objects.filter(advisor=user).annotate(
        is_new=Exists(Enrolment.objects.filter(participant=OuterRef("pk"), status__in=OPEN_INTAKE)),
        waits_on_nav=open_tasks_waiting_on(Task.WaitingOn.NAV),
        waits_on_person=open_tasks_waiting_on(Task.WaitingOn.PARTICIPANT),
        waits_on_provider=open_tasks_waiting_on(Task.WaitingOn.PROVIDER),
    )


def meetings_today_q() -> Q:
    today = timezone.localdate()
    return Q(next_meeting_at__date=today)


def participants_like(participant: Participant) -> dict[int, list[str]]:
    """Other records of the same provider that may be the same person: {pk: reasons}.

    A system read for the intake's possible-match check; what it finds is shown only to the
    provider's coordinators, never to whoever submitted the new record."""
    condition = Q(pk__in=[])
    if participant.email:
        condition |= Q(email__iexact=participant.email)
    if participant.national_id:
        condition |= Q(national_id=participant.national_id)
    if participant.birth_year:
        condition |= Q(
            first_name__iexact=participant.first_name,
            last_name__iexact=participant.last_name,
            birth_year=participant.birth_year,
        )
    found: dict[int, list[str]] = {}
    others = Participant.objects.filter(condition, organisation_id=participant.organisation_id).exclude(
        pk=participant.pk
    )
    for other in others.only("email", "national_id", "first_name", "last_name", "birth_year"):
        reasons = []
        if participant.email and other.email.lower() == participant.email.lower():
            reasons.append("email")
        if participant.national_id and other.national_id == participant.national_id:
            reasons.append("national_id")
        if (
            participant.birth_year
            and other.birth_year == participant.birth_year
            and other.first_name.lower() == participant.first_name.lower()
            and other.last_name.lower() == participant.last_name.lower()
        ):
            reasons.append("name")
        found[other.pk] = reasons
    return found


def participants_search(participants: QuerySet, term: str) -> QuerySet:
    """Every word must match a name, the e-mail or, when it holds a digit, the phone number.

    On PostgreSQL the name and e-mail clauses use trigram indexes (people migration 0002); the
    phone clause is added only for words with digits, so a name search never scans the table. A NUL
    character matches nothing (and PostgreSQL refuses it in a query), so it is dropped.
    """
    for word in term.replace("\x00", "").split()[:5]:
        condition = Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        digits = word.lstrip("+0").replace(" ", "")
        if any(c.isdigit() for c in digits):
            condition |= Q(phone__contains=digits)
        participants = participants.filter(condition)
    return participants


def with_consent_state(participants: QuerySet, purpose: str, name: str) -> QuerySet:
    """Annotate each person with whether their newest consent for the purpose is given (`name`)."""
    newest = Consent.objects.filter(participant=OuterRef("pk"), purpose=purpose).order_by("-at", "-id")
    return participants.annotate(**{name: Coalesce(Subquery(newest.values("given")[:1]), Value(False))})


def consent_withdrawal(participant: Participant, purpose: str) -> dict:
    """What withdrawing one consent means for this person, in plain words, for the confirmation page:
    what stops, who no longer sees what, and what stays. Each line says what the code does."""
    from kobling.people.services import processing_contacts

    current = participant.consents.filter(purpose=purpose).first()
    provider = participant.organisation.name
    stops: list[str] = []
    stays: list[str] = [_("Your other consents stay as they are.")]
    if purpose == Consent.Purpose.PROCESSING:
        names = ", ".join(u.full_name for u in processing_contacts(participant))
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


def _mentor_withdrawal(participant: Participant) -> list[str]:
    from kobling.mentoring.models import Mentorship

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
    from kobling.events.models import CandidateRegistration, EventStatus

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
