"""Reads of the mentor programme, always through these access helpers. Out of reach means 404."""

from django.db.models import BooleanField, Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from kobling.core import access
from kobling.core.models import Membership, User
from kobling.core.roles import Cap, Role
from kobling.core.selectors import get_or_404
from kobling.mentoring.models import MatchConstraint, MenteeProfile, MentorProfile, Mentorship
from kobling.people.models import Consent
from kobling.people.selectors import has_consent
from kobling.programmes.models import Enrolment, Programme, Status

# Enrolments whose people are waiting for, or may get, a mentor.
POOL_STATUSES = (Status.WAITING_LIST, Status.WAITING_START, Status.PARTICIPATING)
# Pairs not yet active: the mentor sees the mentee's details only while the mentee consents.
NOT_YET_ACTIVE = (Mentorship.State.REQUESTED, Mentorship.State.PROPOSED, Mentorship.State.INTRO)
WAITING_STATES = NOT_YET_ACTIVE


def mentor_consent(participant: str = "enrolment__participant"):
    """SQL for "the newest 'share my profile with a mentor' consent is given" (False if never answered).

    `participant` is the path from the queried model to the participant. One correlated subquery on
    the (participant, purpose, -at) index; no query per row.
    """
    newest = Consent.objects.filter(
        participant=OuterRef(participant), purpose=Consent.Purpose.MENTOR
    ).order_by("-at", "-id")
    return Coalesce(Subquery(newest.values("given")[:1]), Value(False), output_field=BooleanField())


# ------------------------------------------------------------------ coordinators
def managed_programmes(user) -> QuerySet[Programme]:
    return Programme.objects.filter(
        kind=Programme.Kind.MENTOR,
        organisation_id__in=access.organisation_ids_with(user, Cap.MANAGE_MENTORING),
    ).select_related("organisation")


def programme_for_manager(user, slug: str) -> Programme:
    return get_or_404(managed_programmes(user), slug=slug)


def managed_programmes_with_counts(user) -> list[Programme]:
    """The coordinator's mentor programmes with mentors waiting, approved, and the active pairs."""
    programmes = list(
        managed_programmes(user).annotate(
            mentors_waiting=Count(
                "mentor_profiles",
                filter=Q(mentor_profiles__state=MentorProfile.State.SUBMITTED),
                distinct=True,
            ),
            mentors_approved=Count(
                "mentor_profiles",
                filter=Q(mentor_profiles__state=MentorProfile.State.APPROVED),
                distinct=True,
            ),
        )
    )
    active = _counts(
        Mentorship.objects.filter(programme__in=programmes, state=Mentorship.State.ACTIVE), "programme_id"
    )
    for programme in programmes:
        programme.active_pairs = active.get(programme.pk, 0)
    return programmes


def _counts(queryset: QuerySet, field: str) -> dict:
    return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())


def programme_state_counts(programme: Programme) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) of the programme's pairs per state and of its mentors per state."""
    pairs = _counts(Mentorship.objects.filter(programme=programme), "state")
    mentors = _counts(MentorProfile.objects.filter(programme=programme), "state")
    return {
        "states": [(v, label, pairs.get(v, 0)) for v, label in Mentorship.State.choices],
        "mentor_counts": [(v, label, mentors.get(v, 0)) for v, label in MentorProfile.State.choices],
    }


def programme_mentors(programme: Programme, state: str = "") -> QuerySet[MentorProfile]:
    """The programme's mentors (of one state if given) with the places their pairs take."""
    mentors = (
        MentorProfile.objects.filter(programme=programme)
        .select_related("occupation", "partner")
        .annotate(taken=Count("mentorships", filter=Q(mentorships__state__in=Mentorship.TAKES_CAPACITY)))
    )
    if state in MentorProfile.State.values:
        mentors = mentors.filter(state=state)
    return mentors.order_by("state", "full_name", "pk")


def programme_pairs(programme: Programme, state: str = "") -> QuerySet[Mentorship]:
    pairs = Mentorship.objects.filter(programme=programme).select_related(
        "mentor__occupation", "mentee__enrolment__participant"
    )
    if state in Mentorship.State.values:
        pairs = pairs.filter(state=state)
    return pairs.order_by("-proposed_at", "-pk")


def mentors_managed_by(user) -> QuerySet[MentorProfile]:
    return MentorProfile.objects.filter(programme__in=managed_programmes(user))


def mentor_for_manager(user, pk: int) -> MentorProfile:
    mentors = mentors_managed_by(user).select_related("programme__organisation", "occupation", "partner")
    return get_or_404(mentors, pk=pk)


def mentee_for_manager(user, pk: int) -> MenteeProfile:
    mentees = MenteeProfile.objects.select_related("enrolment__participant", "enrolment__programme")
    return get_or_404(mentees, pk=pk, enrolment__programme__in=managed_programmes(user))


def match_constraints(programme: Programme) -> list[MatchConstraint]:
    """The coordinator's locks and exclusions, kept between runs."""
    return list(
        MatchConstraint.objects.filter(programme=programme).select_related(
            "mentee__enrolment__participant", "mentor"
        )
    )


# ------------------------------------------------------------------ mentors and mentees
def own_mentor_profiles(user) -> QuerySet[MentorProfile]:
    if not access.can(user, Cap.MENTOR_OWN):
        return MentorProfile.objects.none()
    return MentorProfile.objects.filter(user=user).select_related("programme__organisation", "occupation")


def own_mentor_profile(user, pk: int) -> MentorProfile:
    return get_or_404(own_mentor_profiles(user), pk=pk)


def own_approved_mentor_profiles(user) -> QuerySet[MentorProfile]:
    """The mentor's approved profiles in mentor programmes: a place in each programme's network."""
    return own_mentor_profiles(user).filter(
        state=MentorProfile.State.APPROVED, programme__kind=Programme.Kind.MENTOR
    )


def own_mentor_pairs(user) -> list[Mentorship]:
    """The mentor's pairs, newest first; a pair not yet active whose mentee no longer consents is on hold."""
    pairs = list(
        Mentorship.objects.filter(mentor__user=user)
        .select_related("programme", "mentee__enrolment__participant")
        .annotate(mentee_consents=mentor_consent("mentee__enrolment__participant"))
        .order_by("-proposed_at")
    )
    for pair in pairs:
        pair.on_hold = pair.state in NOT_YET_ACTIVE and not pair.mentee_consents
    return pairs


def signup_programmes() -> QuerySet[Programme]:
    """The mentor programmes open for mentors to sign up to."""
    return Programme.objects.filter(
        kind=Programme.Kind.MENTOR,
        accepts_applications=True,
        state__in=[Programme.State.PLANNED, Programme.State.ACTIVE],
    ).select_related("organisation")


def own_mentor_enrolments(user) -> QuerySet[Enrolment]:
    """The participant's own enrolments in mentor programmes that can have a mentor."""
    if not access.has_role(user, Role.PARTICIPANT):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        participant__user=user, programme__kind=Programme.Kind.MENTOR, status__in=POOL_STATUSES
    ).select_related("programme__organisation", "participant")


def own_mentee_enrolment(user, pk: int) -> Enrolment:
    return get_or_404(own_mentor_enrolments(user), pk=pk)


def mentee_profile(enrolment: Enrolment) -> MenteeProfile:
    """The enrolment's mentee profile; until the mentee first saves their wishes, an unsaved one with
    the defaults (reading a page never writes: `services.mentee_update` makes it)."""
    found = MenteeProfile.objects.filter(enrolment=enrolment).first()
    return found if found is not None else MenteeProfile(enrolment=enrolment)


def member_programme_ids(user) -> set[int]:
    """The mentor programmes the user is a member of: as an approved mentor, or as a mentee waiting for
    or having a mentor (the people of the programme's network)."""
    mentors = own_approved_mentor_profiles(user).values_list("programme_id", flat=True)
    mentees = own_mentor_enrolments(user).values_list("programme_id", flat=True)
    return set(mentors) | set(mentees)


# ------------------------------------------------------------------ pairs
def mentorships_visible_to(user) -> QuerySet[Mentorship]:
    """Coordinators see their programmes' pairs; a mentor and a mentee see their own."""
    condition = Q(programme__in=managed_programmes(user))
    if access.can(user, Cap.MENTOR_OWN):
        condition |= Q(mentor__user=user)
    if access.has_role(user, Role.PARTICIPANT):
        condition |= Q(mentee__enrolment__participant__user=user)
    return Mentorship.objects.filter(condition)


def mentorship_for_user(user, pk: int) -> tuple[Mentorship, str]:
    """The pair and the reader's side in it: "coordinator", "mentor" or "mentee"."""
    mentorship = get_or_404(
        mentorships_visible_to(user).select_related(
            "programme__organisation",
            "mentor__occupation",
            "mentor__partner",
            "mentee__enrolment__participant",
        ),
        pk=pk,
    )
    if mentorship.mentor.user_id == user.pk:
        side = "mentor"
    elif mentorship.mentee.enrolment.participant.user_id == user.pk:
        side = "mentee"
    else:
        side = "coordinator"
    return mentorship, side


def pair_on_hold(mentorship: Mentorship) -> bool:
    """A pair not yet active whose mentee no longer consents to sharing their profile with a mentor.

    Only pairs before the start count: once a pair is active (or completed) the two have met and know
    each other, so withdrawing the consent does not hide the mentee from their own mentor; ending an
    active pair is the coordinator's conversation with the two, not an automatic effect.
    """
    return mentorship.state in NOT_YET_ACTIVE and not has_consent(
        mentorship.mentee.enrolment.participant, Consent.Purpose.MENTOR
    )


def mentorship_to_act_on(user, pk: int) -> tuple[Mentorship, str]:
    """The pair and the reader's side, for an action on it: a mentor cannot act on (nor learn more
    about) a pair on hold, so for them it is a 404."""
    mentorship, side = mentorship_for_user(user, pk)
    if side == "mentor" and pair_on_hold(mentorship):
        raise Http404
    return mentorship, side


# ------------------------------------------------------------------ partner companies
def partner_organisations(user):
    return [o for o in access.organisations_with(user, Cap.PARTNER_MENTORS) if o.kind == "employer"]


def partner_organisation(user):
    """The partner company whose contact the user is, or 404."""
    organisations = partner_organisations(user)
    if not organisations:
        raise Http404
    return organisations[0]


def partner_summary(organisation) -> dict:
    """A partner company's colleagues' activity in totals only: never a mentee's data."""
    mentors = MentorProfile.objects.filter(partner=organisation)
    by_state = _counts(mentors, "state")
    pairs = Mentorship.objects.filter(mentor__partner=organisation)
    totals = pairs.aggregate(
        active=Count("pk", filter=Q(state=Mentorship.State.ACTIVE)),
        proposed=Count("pk", filter=Q(state__in=NOT_YET_ACTIVE)),
        completed=Count("pk", filter=Q(state=Mentorship.State.COMPLETED)),
        meetings=Count("pk", filter=Q(intro_starts_at__lt=timezone.now())),
    )
    # The meetings the pairs have logged in their space since (mentorspace.MeetingLog).
    totals["logged"] = pairs.aggregate(n=Count("space_meetings"))["n"]
    colleagues = (
        mentors.values("full_name", "state")
        .annotate(active=Count("mentorships", filter=Q(mentorships__state=Mentorship.State.ACTIVE)))
        .order_by("full_name")
    )
    return {
        "totals": totals,
        "by_state": [(label, by_state.get(v, 0)) for v, label in MentorProfile.State.choices],
        "colleagues": colleagues,
        "states": dict(MentorProfile.State.choices),
    }


# ------------------------------------------------------------------ start pages
def mentor_start(user) -> dict:
    """The mentor's next things, in one query: proposals waiting for their answer (a mentee's pick to
    answer, an intro meeting to plan, "shall we go on?" after the meeting) and the next intro meeting.

    A proposal whose mentee has withdrawn the mentor consent is on hold: it is listed without the
    mentee's name and asks nothing of the mentor."""
    if not access.can(user, Cap.MENTOR_OWN):
        return {"waiting": [], "next_intro": None}
    pairs = list(
        Mentorship.objects.filter(mentor__user=user, state__in=WAITING_STATES)
        .select_related("programme", "mentee__enrolment__participant")
        .annotate(mentee_consents=mentor_consent("mentee__enrolment__participant"))
        .order_by("proposed_at", "pk")
    )
    waiting, upcoming = [], []
    for pair in pairs:
        pair.on_hold = not pair.mentee_consents
        if pair.on_hold:
            waiting.append(pair)
        elif pair.state == Mentorship.State.INTRO and not pair.intro_held:
            upcoming.append(pair)
        elif pair.state != Mentorship.State.INTRO or not pair.mentor_answer:
            waiting.append(pair)
    upcoming.sort(key=lambda p: p.intro_starts_at)
    return {"waiting": waiting, "next_intro": upcoming[0] if upcoming else None}


def mentee_next_intro(user) -> Mentorship | None:
    """The participant's next intro meeting with a proposed mentor, if one is planned."""
    if not access.has_role(user, Role.PARTICIPANT):
        return None
    return (
        Mentorship.objects.filter(
            mentee__enrolment__participant__user=user,
            state=Mentorship.State.INTRO,
            intro_starts_at__gt=timezone.now(),
        )
        .select_related("mentor", "programme")
        .order_by("intro_starts_at")
        .first()
    )


def pair_coordinator(pair: Mentorship) -> User | None:
    """Who gets the pair's tasks: the coordinator who proposed it, else the provider's first coordinator."""
    organisation_id = pair.programme.organisation_id
    coordinators = Membership.objects.filter(
        organisation_id=organisation_id, role=Role.COORDINATOR, user__is_active=True
    )
    if pair.proposed_by_id and coordinators.filter(user_id=pair.proposed_by_id).exists():
        return pair.proposed_by
    first = coordinators.select_related("user").order_by("pk").first()
    return first.user if first else None
