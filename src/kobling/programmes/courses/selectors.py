"""Reads for the course pages: instructors, seats, the people of a cohort with their phases and
attendance, and certification attempts. The access check is the caller's (a cohort or programme from
`kobling.programmes.selectors`)."""

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

# Lazy, as in the services: a summary's "Not planned" is translated when shown.
from django.utils.translation import gettext_lazy as _

from kobling.core.models import User
from kobling.core.roles import PROVIDER_ROLES
from kobling.programmes.attendance.selectors import add_figures
from kobling.programmes.models import (
    ENDED,
    Certification,
    CertificationAttempt,
    Cohort,
    Enrolment,
    Phase,
    PhaseRecord,
    Programme,
    Status,
)
from kobling.programmes.services import OCCUPYING


def instructor_choices(programme: Programme) -> QuerySet[User]:
    """Coordinators and provider staff of the programme's organisation."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=programme.organisation_id,
            memberships__role__in=PROVIDER_ROLES,
        )
        .distinct()
        .order_by("full_name")
    )


def cohort_waiting(cohort: Cohort) -> list[Enrolment]:
    """The people "start the cohort" would make participating."""
    return list(
        Enrolment.objects.filter(cohort=cohort, status=Status.WAITING_START)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )


def cohorts_with_seats(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """The cohorts, each with `taken`: how many seats are held."""
    return cohorts.annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=OCCUPYING)))


def next_phase(phases: list[Phase], current: Phase | None) -> Phase | None:
    """The phase after `current` (the first when there is none), or None after the last."""
    if current is None:
        return phases[0] if phases else None
    later = [p for p in phases if p.order > current.order]
    return later[0] if later else None


def latest_attempts(enrolment_ids) -> dict[tuple[int, int], CertificationAttempt]:
    """(enrolment id, certification id) → the newest attempt, in one query."""
    latest: dict[tuple[int, int], CertificationAttempt] = {}
    for attempt in CertificationAttempt.objects.filter(enrolment_id__in=enrolment_ids).order_by("attempt"):
        latest[(attempt.enrolment_id, attempt.certification_id)] = attempt
    return latest


def certification_summary(enrolment: Enrolment) -> list[dict]:
    """Each certification of the person's programme with its newest attempt, for the participant's
    and the advisor's pages. `state` is None for one not yet planned."""
    attempts: dict[int, list[CertificationAttempt]] = {}
    for attempt in enrolment.certification_attempts.order_by("attempt"):
        attempts.setdefault(attempt.certification_id, []).append(attempt)
    summary = []
    for certification in Certification.objects.filter(programme_id=enrolment.programme_id).order_by("id"):
        rows = attempts.get(certification.pk, [])
        latest = rows[-1] if rows else None
        summary.append(
            {
                "certification": certification,
                "name": certification.name,
                "vendor": certification.vendor,
                "exam_code": certification.exam_code,
                "state": latest.state if latest else None,
                "state_label": latest.get_state_display() if latest else _("Not planned"),
                "attempt": latest.attempt if latest else 0,
                "exam_date": latest.exam_date if latest else None,
                "fee": latest.fee if latest else Decimal(0),
                "nav_pays": latest.nav_pays if latest else Decimal(0),
                "attempts": rows,
            }
        )
    return summary


def cohort_enrolments(cohort: Cohort) -> QuerySet[Enrolment]:
    """The enrolments in the cohort, for picking one person of it (with `get_or_404`)."""
    return Enrolment.objects.select_related("participant", "programme").filter(cohort=cohort)


def cohort_members(cohort: Cohort) -> list[Enrolment]:
    """Everyone in the cohort with their attendance figures, their phase history (`phases_done`, the
    open one as `current_phase`), their interview and whether their enrolment has ended."""
    history = PhaseRecord.objects.select_related("phase").order_by("-started_on", "-id")
    members = add_figures(
        cohort.enrolments.select_related("participant", "participant__advisor", "interview")
        .prefetch_related(Prefetch("phase_history", queryset=history))
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    for member in members:
        records = list(member.phase_history.all())
        member.current_phase = records[0] if records and records[0].ended_on is None else None
        member.phases_done = records
        member.interview_or_none = getattr(member, "interview", None)
        member.ended = member.status in ENDED
    return members


def seat_candidates(cohort: Cohort) -> QuerySet[Enrolment]:
    """The programme's people who could get a seat in the cohort: waiting to start or participating,
    and not in it already."""
    return (
        Enrolment.objects.filter(programme=cohort.programme, status__in=OCCUPYING)
        .exclude(cohort=cohort)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name")
    )


def programme_phases(programme: Programme) -> list[Phase]:
    """The programme's phases in order."""
    return list(programme.phases.order_by("order"))


def certification_matrix(cohort: Cohort) -> tuple[list[Enrolment], list[Certification]]:
    """The cohort's people, each with `cells`: (certification, newest attempt or None) for each of
    the programme's certifications; and those certifications."""
    members = list(
        cohort.enrolments.select_related("participant").order_by(
            "participant__last_name", "participant__first_name", "pk"
        )
    )
    certifications = list(cohort.programme.certifications.order_by("id"))
    latest = latest_attempts([m.pk for m in members])
    for member in members:
        member.cells = [(c, latest.get((member.pk, c.pk))) for c in certifications]
    return members, certifications


def attempts_of(enrolment: Enrolment, certification: Certification) -> list[CertificationAttempt]:
    """The person's attempts at the certification, oldest first."""
    return list(enrolment.certification_attempts.filter(certification=certification).order_by("attempt"))
