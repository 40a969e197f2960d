"""The writes of /api/v1: each the web's own service (its checks, validation and audit rows) in one
durable transaction, with one more audit row naming the token (`services.token_noted`).

The token's user is the actor of every row the web's services write, as on the web; the extra row
says it came through the API and through which token. Where the web's service is durable itself
(interview feedback), the token's row follows in a transaction of its own."""

import datetime

from django.db import transaction

from kobling.api.models import ApiToken
from kobling.api.services import token_noted, token_noted_after
from kobling.core.audit import Action
from kobling.core.models import Occupation, Organisation
from kobling.events import services as events
from kobling.events.models import CandidateRegistration, Event, Interview
from kobling.people import services as people
from kobling.people.models import Participant, TimelineEntry
from kobling.programmes.attendance.services import attendance_save
from kobling.programmes.followup.outcomes import outcome_record
from kobling.programmes.intake.services import decision_for_status, intake_decision_record
from kobling.programmes.models import Cohort, Enrolment, EnrolmentStatus, Outcome, Programme
from kobling.programmes.services import enrolment_change_status
from kobling.programmes.services import participant_register as participant_register_in_programme
from kobling.recruitment import services as recruitment
from kobling.recruitment.models import Feedback


@transaction.atomic(durable=True)
def participant_register(
    *,
    token: ApiToken,
    actor,
    organisation: Organisation,
    data: dict,
    languages: dict[str, str],
    occupations: list[Occupation],
    programme: Programme | None,
) -> Participant:
    """As the web's "new participant": the record, and the application to a programme when one is
    given, both or neither."""
    participant = participant_register_in_programme(
        actor=actor,
        organisation=organisation,
        data=data,
        languages=languages,
        occupations=occupations,
        programme=programme,
    )
    token_noted(token=token, actor=actor, action=Action.CREATE, obj=participant)
    return participant


@transaction.atomic(durable=True)
def participant_change(
    *,
    token: ApiToken,
    actor,
    participant: Participant,
    data: dict,
    languages: dict[str, str] | None,
    occupations: list[Occupation] | None,
) -> list[str]:
    changed = people.participant_update(
        actor=actor, participant=participant, data=data, languages=languages, occupations=occupations
    )
    if changed:
        token_noted(token=token, actor=actor, action=Action.UPDATE, obj=participant, what=", ".join(changed))
    return changed


@transaction.atomic(durable=True)
def enrolment_status_change(
    *, token: ApiToken, actor, enrolment: Enrolment, status: str, reason: str, reason_text: str
) -> EnrolmentStatus:
    """A status change. One that decides an application still in intake is the intake decision, so the
    person and their NAV advisor hear it as they do when it is made on the intake page."""
    decision = decision_for_status(enrolment.status, status)
    if decision is not None:
        row = intake_decision_record(
            enrolment=enrolment, decision=decision, actor=actor, reason=reason, reason_text=reason_text
        )
    else:
        row = enrolment_change_status(
            enrolment=enrolment, status=status, actor=actor, reason=reason, reason_text=reason_text
        )
    token_noted(token=token, actor=actor, action=Action.UPDATE, obj=enrolment, what=f"status {status}")
    return row


@transaction.atomic(durable=True)
def timeline_entry_add(*, token: ApiToken, actor, participant: Participant, **fields) -> TimelineEntry:
    entry = people.timeline_entry_create(actor=actor, participant=participant, **fields)
    token_noted(
        token=token, actor=actor, action=Action.CREATE, obj=entry, what=f"participant {participant.pk}"
    )
    return entry


@transaction.atomic(durable=True)
def attendance_record(
    *, token: ApiToken, actor, cohort: Cohort, day: datetime.date, marks: dict[int, str]
) -> list[Enrolment]:
    alerted = attendance_save(actor=actor, cohort=cohort, day=day, marks=marks)
    token_noted(
        token=token, actor=actor, action=Action.UPDATE, obj=cohort, what=f"attendance {day.isoformat()}"
    )
    return alerted


@transaction.atomic(durable=True)
def outcome_add(*, token: ApiToken, actor, enrolment: Enrolment, **values) -> Outcome:
    outcome = outcome_record(actor=actor, enrolment=enrolment, **values)
    token_noted(token=token, actor=actor, action=Action.CREATE, obj=outcome, what=f"enrolment {enrolment.pk}")
    return outcome


@transaction.atomic(durable=True)
def candidate_add(
    *, token: ApiToken, actor, event: Event, participant: Participant, data: dict
) -> CandidateRegistration:
    registration = events.candidate_register(actor=actor, event=event, participant=participant, data=data)
    token_noted(token=token, actor=actor, action=Action.CREATE, obj=registration, what=f"event {event.pk}")
    return registration


def feedback_give(*, token: ApiToken, actor, interview: Interview, values: dict) -> Feedback:
    """Interview feedback: recruitment's own durable service, then the token's row."""
    feedback = recruitment.feedback_save(actor=actor, interview=interview, values=values)
    token_noted_after(
        token=token, actor=actor, action=Action.UPDATE, obj=feedback, what=f"interview {interview.pk}"
    )
    return feedback
