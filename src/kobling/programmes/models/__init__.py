from kobling.programmes.models.base import (
    ENDED,
    OPEN_INTAKE,
    Enrolment,
    EnrolmentStatus,
    IntakeInterview,
    IntakeMatch,
    Programme,
    Reason,
    Status,
)
from kobling.programmes.models.courses import (
    AttendanceRecord,
    Certification,
    CertificationAttempt,
    Cohort,
    Phase,
    PhaseRecord,
)
from kobling.programmes.models.followup import ActivityItem, Meeting, Outcome, OutcomeFollowUp, Placement

__all__ = [
    "ENDED",
    "OPEN_INTAKE",
    "ActivityItem",
    "AttendanceRecord",
    "Certification",
    "CertificationAttempt",
    "Cohort",
    "Enrolment",
    "EnrolmentStatus",
    "IntakeInterview",
    "IntakeMatch",
    "Meeting",
    "Outcome",
    "OutcomeFollowUp",
    "Phase",
    "PhaseRecord",
    "Placement",
    "Programme",
    "Reason",
    "Status",
]
