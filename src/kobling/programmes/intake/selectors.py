"""Reads of the intake with access control: the queue, one application, the possible matches, and the
programme list's figures."""

from django.db.models import Count, QuerySet

from kobling.core import access
from kobling.core.models import Organisation
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.programmes.models import OPEN_INTAKE, Enrolment, IntakeMatch, Programme, Status
from kobling.programmes.selectors import programmes_visible_to


def intake_matches_visible_to(user) -> QuerySet[IntakeMatch]:
    """Possible matches are seen only by those who screen applicants at the provider."""
    return IntakeMatch.objects.filter(
        organisation_id__in=access.organisation_ids_with(user, Cap.SCREEN_APPLICANTS)
    ).select_related("new", "existing")


def pending_intake_matches_visible_to(user) -> QuerySet[IntakeMatch]:
    """The possible matches nobody has decided yet."""
    return intake_matches_visible_to(user).filter(state=IntakeMatch.State.PENDING, new__isnull=False)


def intake_match_for_user(user, pk) -> IntakeMatch:
    """One possible match the user may decide, else 404."""
    return get_or_404(intake_matches_visible_to(user), pk=pk)


def match_records(match: IntakeMatch) -> list:
    """The two records of a possible match (one, once the new one is folded in), each with its
    enrolments (`listed_enrolments`)."""
    records = [r for r in (match.new, match.existing) if r is not None]
    enrolments = Enrolment.objects.filter(participant__in=records).select_related("programme", "cohort")
    for record in records:
        record.listed_enrolments = [e for e in enrolments if e.participant_id == record.pk]
    return records


def enrolments_to_screen(user) -> QuerySet[Enrolment]:
    """The enrolments of the providers where the user screens applicants."""
    return Enrolment.objects.filter(
        participant__organisation_id__in=access.organisation_ids_with(user, Cap.SCREEN_APPLICANTS)
    ).select_related("participant", "programme", "participant__advisor", "participant__referring_office")


def enrolment_to_screen(user, pk) -> Enrolment:
    """One application the user may screen, with its interview, else 404."""
    return get_or_404(enrolments_to_screen(user).select_related("interview"), pk=pk)


def intake_queue(user, source: str = "") -> QuerySet[Enrolment]:
    """The applications still in intake, oldest first; `source` (a `Source` value) narrows them."""
    queue = enrolments_to_screen(user).filter(status__in=OPEN_INTAKE).select_related("interview")
    if source:
        queue = queue.filter(participant__source=source)
    return queue.order_by("created_at", "id")


def programmes_with_figures(user) -> list[Programme]:
    """The programmes the user sees, each with how many people are in intake, participating and in
    all (one query for the figures)."""
    visible = programmes_visible_to(user)
    counts: dict[int, dict[str, int]] = {}
    for programme_id, status, n in (
        Enrolment.objects.filter(programme__in=visible)
        .values_list("programme_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(programme_id, {})[status] = n
    programmes = list(visible)
    for programme in programmes:
        by_status = counts.get(programme.pk, {})
        programme.in_intake = sum(by_status.get(s, 0) for s in OPEN_INTAKE)
        programme.participating = by_status.get(Status.PARTICIPATING, 0)
        programme.total = sum(by_status.values())
    return programmes


def referral_programmes() -> QuerySet[Programme]:
    """The programmes a person can be referred or apply to: open for applications, planned or
    running, at a provider."""
    return Programme.objects.filter(
        accepts_applications=True,
        state__in=[Programme.State.PLANNED, Programme.State.ACTIVE],
        organisation__kind=Organisation.Kind.PROVIDER,
    ).select_related("organisation")
