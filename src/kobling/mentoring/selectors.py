"""Reads of the mentor programme, always through these access helpers. Out of reach means 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.mentoring.matching import POOL_STATUSES
from kobling.mentoring.models import MenteeProfile, MentorProfile, Mentorship
from kobling.programmes.models import Enrolment, Programme


def managed_programmes(user) -> QuerySet[Programme]:
    return Programme.objects.filter(
        kind=Programme.Kind.MENTOR,
        organisation_id__in=access.organisation_ids_with(user, Cap.MANAGE_MENTORING),
    ).select_related("organisation")


def programme_for_manager(user, slug: str) -> Programme:
    try:
        return managed_programmes(user).get(slug=slug)
    except Programme.DoesNotExist:
        raise Http404


def mentors_managed_by(user) -> QuerySet[MentorProfile]:
    return MentorProfile.objects.filter(programme__in=managed_programmes(user))


def mentor_for_manager(user, pk: int) -> MentorProfile:
    try:
        return (
            mentors_managed_by(user)
            .select_related("programme__organisation", "occupation", "partner")
            .get(pk=pk)
        )
    except (MentorProfile.DoesNotExist, ValueError, TypeError):
        raise Http404


def own_mentor_profiles(user) -> QuerySet[MentorProfile]:
    if not access.can(user, Cap.MENTOR_OWN):
        return MentorProfile.objects.none()
    return MentorProfile.objects.filter(user=user).select_related("programme__organisation", "occupation")


def own_mentor_profile(user, pk: int) -> MentorProfile:
    try:
        return own_mentor_profiles(user).get(pk=pk)
    except (MentorProfile.DoesNotExist, ValueError, TypeError):
        raise Http404


def own_mentor_enrolments(user) -> QuerySet[Enrolment]:
    """The participant's own enrolments in mentor programmes that can have a mentor."""
    if not access.has_role(user, Role.PARTICIPANT):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        participant__user=user, programme__kind=Programme.Kind.MENTOR, status__in=POOL_STATUSES
    ).select_related("programme__organisation", "participant")


def own_mentee_enrolment(user, pk: int) -> Enrolment:
    try:
        return own_mentor_enrolments(user).get(pk=pk)
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise Http404


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
    try:
        mentorship = (
            mentorships_visible_to(user)
            .select_related(
                "programme__organisation",
                "mentor__occupation",
                "mentor__partner",
                "mentee__enrolment__participant",
            )
            .get(pk=pk)
        )
    except (Mentorship.DoesNotExist, ValueError, TypeError):
        raise Http404
    if mentorship.mentor.user_id == user.pk:
        side = "mentor"
    elif mentorship.mentee.enrolment.participant.user_id == user.pk:
        side = "mentee"
    else:
        side = "coordinator"
    return mentorship, side


def partner_organisations(user):
    return [o for o in access.organisations_with(user, Cap.PARTNER_MENTORS) if o.kind == "employer"]


def mentee_for_manager(user, pk: int) -> MenteeProfile:
    try:
        return MenteeProfile.objects.select_related("enrolment__participant", "enrolment__programme").get(
            pk=pk, enrolment__programme__in=managed_programmes(user)
        )
    except (MenteeProfile.DoesNotExist, ValueError, TypeError):
        raise Http404


# ------------------------------------------------------------------ start pages
WAITING_STATES = (Mentorship.State.REQUESTED, Mentorship.State.PROPOSED, Mentorship.State.INTRO)


def mentor_start(user) -> dict:
    """The mentor's next things, in one query: proposals waiting for their answer (a mentee's pick to
    answer, an intro meeting to plan, "shall we go on?" after the meeting) and the next intro meeting.

    A proposal whose mentee has withdrawn the mentor consent is on hold: it is listed without the
    mentee's name and asks nothing of the mentor."""
    from kobling.mentoring.matching import mentor_consent

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
    from django.utils import timezone

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
