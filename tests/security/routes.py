"""The URL arguments, POST bodies and foreign ids the matrix and the fuzz use, all from the world.

Every route that takes arguments is listed here with organisation 1's object (`route_args`); a route
added without one fails `test_every_route_with_arguments_reaches_an_object_of_the_world`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kobling.people.models import Consent

if TYPE_CHECKING:
    from tests.security.world import _Side


def route_args(s: _Side) -> dict[str, list]:
    """The URL arguments of each route that takes some, all pointing at organisation 1's objects."""
    return {**_people(s), **_programmes(s), **_mentoring(s), **_events(s), **_network(s)}


def _people(s: _Side) -> dict[str, list]:
    """Account links, people, tasks, intake, privacy and the API."""
    course = s.course.slug
    return {
        "password_reset_confirm": ["MQ", "set-password"],
        "invitation_accept": [s.invitation_token],
        "invitation_revoke": [s.invitation.pk],
        "sso_provider_edit": [s.provider.slug],
        "participant_detail": [s.person.pk],
        "participant_edit": [s.person.pk],
        "national_id_reveal": [s.person.pk],
        "timeline_add": [s.person.pk],
        "participant_task_add": [s.person.pk],
        "privacy_participant": [s.person.pk],
        "privacy_participant_copy": [s.person.pk],
        "privacy_erase": [s.person.pk],
        "privacy_mentor_erase": [s.mentor_profile.pk],
        "task_toggle": [s.task.pk],
        "my_consent_withdraw": [Consent.Purpose.MENTOR.value],
        "intake_questions": [course],
        "intake_screen": [s.application.pk],
        "intake_decide": [s.application.pk],
        "intake_match": [s.match.pk],
        "intake_match_decide": [s.match.pk],
        "outbox_retry": [s.outbox_email().pk],
        "webhook_detail": [s.webhook.pk],
        "webhook_edit": [s.webhook.pk],
        "webhook_rotate": [s.webhook.pk],
        "webhook_resend": [s.webhook_delivery.pk],
        "api_token_revoke": [s.api_token.pk],
        "exchange_preview": ["no-such-upload"],
        "exchange_result": ["no-such-upload"],
    }


def _programmes(s: _Side) -> dict[str, list]:
    """Programmes, cohorts, certifications, attendance, follow-up and results."""
    course, cohort = s.course.slug, s.cohort.pk
    return {
        "programme_detail": [course],
        "programme_edit": [course],
        "phase_add": [course],
        "phase_move": [course, s.phase.pk],
        "phase_remove": [course, s.phase.pk],
        "certification_add": [course],
        "certification_edit": [course, s.certification.pk],
        "certification_remove": [course, s.certification.pk],
        "cohort_new": [course],
        "cohort_detail": [cohort],
        "cohort_edit": [cohort],
        "cohort_enrol": [cohort],
        "cohort_start": [cohort],
        "member_status": [cohort, s.enrolment.pk],
        "member_phase": [cohort, s.enrolment.pk],
        "member_readiness": [cohort, s.enrolment.pk],
        "certification_matrix": [cohort],
        "attempt_edit": [cohort, s.enrolment.pk, s.certification.pk],
        "attendance_today": [cohort],
        "attendance_day": [cohort, "2026-03-09"],
        "meeting_new": [s.person.pk],
        "meeting_detail": [s.meeting.pk],
        "meeting_edit": [s.meeting.pk],
        "meeting_cancel": [s.meeting.pk],
        "meeting_minutes": [s.meeting.pk],
        "meeting_ics": [s.meeting.pk],
        "participant_plan": [s.person.pk],
        "activity_edit": [s.activity.pk],
        "activity_state": [s.activity.pk],
        "activity_agreed": [s.activity.pk],
        "placement_new": [s.person.pk],
        "placement_edit": [s.placement.pk],
        "placement_delete": [s.placement.pk],
        "outcome_new": [s.enrolment.pk],
        "outcome_remove": [s.enrolment2.pk],
        "follow_up_answer": [s.follow_up.pk],
        "results_programme": [course],
        "results_csv": [course],
        "results_xlsx": [course],
        "insights_programme": [course],
        "insights_programme_csv": [course],
        "insights_programme_xlsx": [course],
        "insights_provider": [s.provider.pk],
        "insights_provider_csv": [s.provider.pk],
        "insights_provider_xlsx": [s.provider.pk],
        "insights_intake": [course],
        "insights_warning_task": [s.enrolment.pk],
    }


def _mentoring(s: _Side) -> dict[str, list]:
    """The mentor programme, the pair and its space."""
    mentor_slug = s.mentor_programme.slug
    return {
        "mentoring_mentor_edit": [s.mentor_profile.pk],
        "mentoring_mentee_edit": [s.mentee_enrolment.pk],
        "mentoring_mentee_pick": [s.mentee_enrolment.pk],
        "mentorship_detail": [s.pair.pk],
        "mentorship_intro": [s.pair.pk],
        "mentorship_answer": [s.pair.pk],
        "mentorship_respond": [s.pair.pk],
        "mentorship_decline": [s.pair.pk],
        "mentorship_withdraw": [s.pair.pk],
        "mentorship_end_early": [s.pair.pk],
        "mentoring_mentor_review": [s.mentor_profile.pk],
        "mentoring_mentee_exclude": [s.mentee.pk],
        "mentoring_programme": [mentor_slug],
        "mentoring_settings": [mentor_slug],
        "mentoring_mentors": [mentor_slug],
        "mentoring_pairs": [mentor_slug],
        "mentoring_matching": [mentor_slug],
        "mentoring_matching_publish": [mentor_slug],
        "mentoring_matching_status": [mentor_slug],
        "mentoring_matching_publish_status": [mentor_slug],
        "mentoring_unmatched": [mentor_slug],
        "mentorspace_space": [s.pair.pk],
        "mentorspace_meetings": [s.pair.pk],
        "mentorspace_meeting_new": [s.pair.pk],
        "mentorspace_private_note": [s.pair.pk, s.meeting_log.pk],
        "mentorspace_goal_add": [s.pair.pk],
        "mentorspace_goal_progress": [s.pair.pk],
        "mentorspace_messages": [s.pair.pk],
        "mentorspace_checkin": [s.pair.pk],
        "mentorspace_evaluation": [s.pair.pk],
        "mentorspace_resources": [s.pair.pk],
        "mentorspace_outcome": [s.completed_pair.pk],
        "mentorspace_resource": [s.resource.pk],
        "mentorspace_resource_file": [s.resource.pk],
        "mentorspace_board": [mentor_slug],
        "mentorspace_settings": [mentor_slug],
        "mentorspace_resource_admin": [mentor_slug],
        "mentorspace_resource_new": [mentor_slug],
        "mentorspace_resource_edit": [mentor_slug, s.resource.pk],
    }


def _events(s: _Side) -> dict[str, list]:
    """Recruitment events, and their feedback and offers."""
    return {
        "event_detail": [s.open_event.pk],
        "event_edit": [s.open_event.pk],
        "event_status": [s.open_event.pk],
        "event_employer_invite": [s.open_event.pk],
        "event_employer_new": [s.open_event.pk],
        "event_employer": [s.open_employer.pk],
        "event_opening_add": [s.open_employer.pk],
        "event_opening_remove": [s.opening.pk],
        "event_employer_interest": [s.open_employer.pk],
        "event_join": [s.join_token],
        "event_candidate_new": [s.open_event.pk],
        "event_candidate": [s.open_candidate.pk],
        "event_candidate_withdraw": [s.open_candidate.pk],
        "event_candidate_wishes": [s.open_candidate.pk],
        "event_schedule": [s.held_event.pk],
        "event_schedule_generate": [s.open_event.pk],
        "event_schedule_run": [s.open_event.pk],
        "event_schedule_publish": [s.open_event.pk],
        "event_interview_move": [s.interview.pk],
        "event_interview_lock": [s.interview.pk],
        "event_my_schedule": [s.held_event.pk],
        "event_my_schedule_ics": [s.held_event.pk],
        "event_day": [s.held_event.pk],
        "event_day_candidate": [s.interview.candidate_id],
        "event_day_employer": [s.held_employer.pk],
        "event_day_replan": [s.held_event.pk],
        "recruitment_feedback": [s.interview.pk],
        "recruitment_reflection": [s.interview.pk],
        "recruitment_release": [s.feedback.pk],
        "recruitment_offer": [s.offer.pk],
        "recruitment_offer_decline": [s.offer.pk],
        "recruitment_check": [s.check.pk],
        "recruitment_event": [s.held_event.pk],
        "recruitment_employer": [s.company.pk],
    }


def _network(s: _Side) -> dict[str, list]:
    """The programme's network."""
    mentor_slug = s.mentor_programme.slug
    return {
        "network_home": [mentor_slug],
        "network_visibility": [mentor_slug],
        "network_directory": [mentor_slug],
        "network_questions": [mentor_slug],
        "network_ask": [mentor_slug],
        "network_question": [mentor_slug, s.question.pk],
        "network_moderate": [mentor_slug, s.question.pk],
        "network_meetups": [mentor_slug],
        "network_meetup_new": [mentor_slug],
        "network_meetup": [mentor_slug, s.meetup.pk],
        "network_meetup_edit": [mentor_slug, s.meetup.pk],
        "network_meetup_signup": [mentor_slug, s.meetup.pk],
        "network_meetup_cancel": [mentor_slug, s.meetup.pk],
        "network_meetup_attendance": [mentor_slug, s.meetup.pk],
        "network_meetup_ics": [mentor_slug, s.meetup.pk],
        "api:get_participant": [s.person.pk],
        "api:get_enrolment": [s.enrolment.pk],
        **_token_api(s),
    }


def _token_api(s: _Side) -> dict[str, list]:
    """The token API (/api/v1): a session is no token, so every persona gets its 401 whatever the id."""
    return {
        "api-v1:v1_participant": [s.person.pk],
        "api-v1:v1_participant_update": [s.person.pk],
        "api-v1:v1_enrolment": [s.enrolment.pk],
        "api-v1:v1_enrolment_status": [s.enrolment.pk],
        "api-v1:v1_outcome": [s.enrolment.pk],
        "api-v1:v1_timeline": [s.person.pk],
        "api-v1:v1_timeline_create": [s.person.pk],
        "api-v1:v1_attendance": [s.cohort.pk],
        "api-v1:v1_event": [s.open_event.pk],
        "api-v1:v1_registrations": [s.open_event.pk],
        "api-v1:v1_registration_create": [s.open_event.pk],
        "api-v1:v1_feedback": [s.interview.pk],
    }


def post_data(s: _Side) -> dict[str, dict]:
    """For the routes where an empty POST would be refused before anything is decided (a 404 for an
    unknown action even to those allowed), a body that reaches the work; everything else posts empty."""
    return {
        "mentoring_matching": {"action": "run"},
        "mentoring_mentee_pick": {"mentor": s.suggested_mentor},
        "mentorspace_goal_progress": {"goal": s.goal.pk, "progress": 50},
        "event_day_candidate": {"action": "in"},
        "event_day_employer": {"action": "in"},
        "privacy_me_copy": {"format": "json"},
        "privacy_me_mentor_copy": {"format": "json"},
        "privacy_me_contact_copy": {"format": "html"},
        "privacy_participant_copy": {"format": "json"},
        "privacy_erase": {"confirm": "on"},
        "privacy_mentor_erase": {"confirm": "on"},
        "api_token_revoke": {"confirm": "yes"},
    }


def foreign_ids(s: _Side) -> list:
    """Organisation 2's ids and slugs: what a hostile form field names to reach the other side."""
    objects = [
        s.person,
        s.person2,
        s.applicant,
        s.enrolment,
        s.application,
        s.course,
        s.cohort,
        s.phase,
        s.certification,
        s.meeting,
        s.activity,
        s.placement,
        s.task,
        s.invitation,
        s.match,
        s.follow_up,
        s.mentor_profile,
        s.mentee,
        s.pair,
        s.meeting_log,
        s.goal,
        s.resource,
        s.question,
        s.meetup,
        s.open_event,
        s.open_employer,
        s.open_candidate,
        s.opening,
        s.held_event,
        s.interview,
        s.feedback,
        s.offer,
        s.check,
        s.company,
        s.provider,
        s.office,
        s.coordinator,
        s.advisor,
        s.participant,
        s.webhook,
        s.webhook_delivery,
    ]
    return sorted({o.pk for o in objects}) + [s.course.slug, s.mentor_programme.slug]
