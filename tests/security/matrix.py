"""The central permission matrix: every URL name, GET and POST, and who gets through.

Each route is asked with organisation 1's object (see `routes.route_args`) by every persona: anonymous,
the platform admin, an outsider (logged in, member of nothing), and the roles of organisation 1 and
of organisation 2 (`coordinator2`, `staff2`, ...: the same role elsewhere). A persona in the rule's set
must get through (a 2xx or 3xx, or a 4xx other than 401/404/405 such as a refused form's 400); everyone
else must get a 404, and anonymous visitors the login page (401 from the API). Special values:

- PUBLIC: everyone, anonymous included;      LOGGED_IN: everyone logged in (the page shows their own);
- NOBODY: a 404 for everyone (the route needs a state the world does not have);
- NO_METHOD: a 405 for everyone (anonymous may get the login page instead);
- SIGNS_OUT: everyone ends on the login page (logging out);
- TOKEN: the token API (/api/v1) answers every session, anonymous or not, with its 401: it takes only
  a bearer token (who may do what with one: tests/api).

The test `test_every_route_has_a_rule` fails when a route is added without a line here.
"""

from dataclasses import dataclass

from tests.security.world import ANON, PERSONAS

PUBLIC = frozenset(PERSONAS)
LOGGED_IN = PUBLIC - {ANON}
NOBODY = frozenset()
NO_METHOD = "no method"
SIGNS_OUT = "signs out"
TOKEN = "token only"


def who(names: str) -> frozenset[str]:
    personas = frozenset(names.split())
    unknown = personas - PUBLIC
    assert not unknown, f"unknown personas {unknown}"
    return personas


@dataclass(frozen=True)
class Rule:
    """Who gets through with GET, and with POST (the same as GET when left out)."""

    get: frozenset[str] | str
    post: frozenset[str] | str | None = None

    def for_method(self, method: str):
        return self.get if method == "GET" or self.post is None else self.post


# Frequent sets. `team`: the provider's coordinator and instructor; `follows`: they and the person's
# NAV advisor; `every_provider`: both providers' coordinators (lists of one's own).
COORD = who("coordinator")
TEAM = who("coordinator staff")
FOLLOWS = who("coordinator staff advisor")
SHARED = who("coordinator staff advisor participant")  # pages the person shares with their helpers
ORGANISER = who("market")  # the NAV office that organises the event
PAIR = who("mentor participant")
BOTH_COORDINATORS = who("coordinator coordinator2")
REGISTRARS = who("coordinator advisor coordinator2 advisor2")  # register candidates for open events
FOLLOWERS_BOTH = who("coordinator staff advisor coordinator2 staff2 advisor2")
TEAMS_BOTH = who("coordinator staff coordinator2 staff2")
ORGANISERS_BOTH = who("coordinator market coordinator2 market2")  # those with Cap.MANAGE_EVENTS
PARTICIPANTS = who("participant participant2")
ADVISORS = who("advisor advisor2")
MENTORS = who("mentor mentor2")
EMPLOYERS = who("employer employer2")
PAIR_AND_COORD = who("coordinator mentor participant")  # the pair, and the programme's coordinator
NETWORK = who("coordinator employer mentor participant")  # seats in the network (the partner: meetups)
# Everyone with a part in recruitment events, in either organisation (each sees their own part).
TAKES_PART = who("coordinator advisor market employer participant") | who(
    "coordinator2 advisor2 market2 employer2 participant2"
)

MATRIX: dict[str, Rule] = {
    # ------------------------------------------------------------------ public and account pages
    "login": Rule(PUBLIC),
    "logout": Rule(NO_METHOD, SIGNS_OUT),
    "password_change": Rule(LOGGED_IN),
    "sessions_end_others": Rule(NO_METHOD, LOGGED_IN),  # one's own other sessions; this one stays
    "password_reset": Rule(PUBLIC),
    "password_reset_done": Rule(PUBLIC, NO_METHOD),
    "password_reset_confirm": Rule(PUBLIC),  # with a wrong token: "this link is not valid"
    "password_reset_complete": Rule(PUBLIC, NO_METHOD),
    "set_language": Rule(NO_METHOD, PUBLIC),
    "invitation_accept": Rule(PUBLIC),  # anyone holding the link
    "health": Rule(PUBLIC),
    "favicon": Rule(PUBLIC),
    "apply": Rule(PUBLIC),
    "apply_thanks": Rule(PUBLIC),
    "mentor_signup": Rule(PUBLIC),
    "mentor_signup_thanks": Rule(PUBLIC),
    "event_join": Rule(PUBLIC),  # the employer's invitation link
    "home": Rule(LOGGED_IN),
    # Two-factor login: one's own authenticator (the matrix runs with the code step switched off).
    "mfa_verify": Rule(LOGGED_IN),
    "mfa_setup": Rule(LOGGED_IN),
    "mfa_manage": Rule(LOGGED_IN),
    "mfa_recovery_codes": Rule(NO_METHOD, LOGGED_IN),
    "mfa_turn_off": Rule(NO_METHOD, LOGGED_IN),
    # Single sign-on. The e-mail form sends everyone to the login page (with a message) when no provider
    # has the domain, which is what SIGNS_OUT checks, though nobody is signed out. ID-porten is not
    # configured in the world. The callback refuses (400) when this session started no login.
    "sso_start": Rule(NO_METHOD, SIGNS_OUT),
    "sso_idporten": Rule(NOBODY),
    "sso_callback": Rule(PUBLIC),
    # Where a provider sends the browser back after logging out: without this browser's logout state,
    # everyone goes on to the login page.
    "sso_logged_out": Rule(SIGNS_OUT, NO_METHOD),
    # The provider's front-channel logout: open to all (it arrives without a cookie) and does nothing
    # without the issuer and session id of a single sign-on.
    "sso_front_channel_logout": Rule(PUBLIC, NO_METHOD),
    # ------------------------------------------------------------------ administration
    "invitation_list": Rule(ORGANISERS_BOTH),
    "invitation_revoke": Rule(NO_METHOD, COORD),
    "audit_log": Rule(who("admin coordinator coordinator2"), NO_METHOD),
    "organisation_list": Rule(who("admin")),
    "sso_provider_edit": Rule(who("admin")),  # an organisation's identity provider
    "outbox": Rule(who("admin coordinator coordinator2")),
    "outbox_retry": Rule(NO_METHOD, COORD),
    # Webhooks: those who administer an organisation (Cap.INVITE) manage its own; the platform admin all.
    "webhook_list": Rule(who("admin coordinator market coordinator2 market2")),
    "webhook_new": Rule(who("admin coordinator market coordinator2 market2")),  # a POST: a refused form
    "webhook_detail": Rule(who("admin coordinator")),
    "webhook_edit": Rule(who("admin coordinator")),
    "webhook_rotate": Rule(NO_METHOD, who("admin coordinator")),
    "webhook_resend": Rule(NO_METHOD, who("admin coordinator")),
    "api_tokens": Rule(BOTH_COORDINATORS),  # each their own organisation's tokens
    "api_token_revoke": Rule(COORD),  # GET asks to confirm
    # ------------------------------------------------------------------ people
    "participant_list": Rule(FOLLOWERS_BOTH),
    "participant_new": Rule(BOTH_COORDINATORS),
    "participant_detail": Rule(FOLLOWS),
    "participant_edit": Rule(COORD),
    "national_id_reveal": Rule(NO_METHOD, who("coordinator advisor")),  # never the instructor
    "timeline_add": Rule(NO_METHOD, FOLLOWS),
    "participant_task_add": Rule(NO_METHOD, FOLLOWS),
    "portfolio": Rule(ADVISORS),
    "task_list": Rule(FOLLOWERS_BOTH),
    "task_toggle": Rule(NO_METHOD, FOLLOWS),  # the advisor's task, kept by the provider
    "my_profile": Rule(PARTICIPANTS),
    "my_profile_edit": Rule(PARTICIPANTS),
    "my_consents": Rule(PARTICIPANTS),
    "my_consent_withdraw": Rule(PARTICIPANTS),  # the purpose is in the URL, the record is one's own
    # ------------------------------------------------------------------ intake
    "programme_list": Rule(TEAMS_BOTH),
    "intake_questions": Rule(COORD),
    "intake_queue": Rule(BOTH_COORDINATORS),
    "intake_screen": Rule(COORD),
    "intake_decide": Rule(NO_METHOD, COORD),
    "intake_match": Rule(COORD),
    "intake_match_decide": Rule(NO_METHOD, COORD),
    "referral_create": Rule(ADVISORS),
    # ------------------------------------------------------------------ programmes, cohorts, certifications
    "programme_new": Rule(BOTH_COORDINATORS),
    "programme_detail": Rule(TEAM),
    "programme_edit": Rule(COORD),
    "phase_add": Rule(NO_METHOD, COORD),
    "phase_move": Rule(NO_METHOD, COORD),
    "phase_remove": Rule(NO_METHOD, COORD),
    "certification_add": Rule(NO_METHOD, COORD),
    "certification_edit": Rule(COORD),
    "certification_remove": Rule(NO_METHOD, COORD),
    "cohort_new": Rule(COORD),
    "cohort_detail": Rule(TEAM),
    "cohort_edit": Rule(COORD),
    "cohort_enrol": Rule(NO_METHOD, COORD),
    "cohort_start": Rule(COORD),
    "member_status": Rule(NO_METHOD, COORD),
    "member_phase": Rule(NO_METHOD, COORD),
    "member_readiness": Rule(NO_METHOD, COORD),
    "certification_matrix": Rule(TEAM),
    "attempt_edit": Rule(COORD),
    "attendance_today": Rule(TEAM),  # instructors keep attendance
    "attendance_day": Rule(TEAM),
    # ------------------------------------------------------------------ follow-up
    "meeting_new": Rule(TEAM),
    "meeting_detail": Rule(SHARED),
    "meeting_edit": Rule(TEAM),
    "meeting_cancel": Rule(NO_METHOD, TEAM),
    "meeting_minutes": Rule(NO_METHOD, TEAM),
    "meeting_ics": Rule(SHARED),
    "participant_plan": Rule(FOLLOWS),
    "my_plan": Rule(PARTICIPANTS),
    "activity_edit": Rule(SHARED),  # the person is sent back to the plan: not their proposal
    "activity_state": Rule(NO_METHOD, SHARED),
    "activity_agreed": Rule(NO_METHOD, SHARED),
    "placement_new": Rule(COORD),
    "placement_edit": Rule(COORD),
    "placement_delete": Rule(NO_METHOD, COORD),
    "outcome_new": Rule(COORD),
    "outcome_remove": Rule(NO_METHOD, COORD),
    "follow_up_answer": Rule(COORD),
    # ------------------------------------------------------------------ results
    "results_index": Rule(TEAMS_BOTH),
    "results_programme": Rule(TEAM),
    "results_csv": Rule(TEAM),
    "results_xlsx": Rule(TEAM),
    # ------------------------------------------------------------------ what works (insights)
    "insights_index": Rule(TEAMS_BOTH),
    "insights_programme": Rule(TEAM),
    "insights_programme_csv": Rule(TEAM),
    "insights_programme_xlsx": Rule(TEAM),
    "insights_provider": Rule(TEAM),
    "insights_provider_csv": Rule(TEAM),
    "insights_provider_xlsx": Rule(TEAM),
    "insights_intake": Rule(TEAM),
    "insights_warnings": Rule(FOLLOWERS_BOTH),  # each their own people
    "insights_warning_task": Rule(NO_METHOD, FOLLOWS),
    # ------------------------------------------------------------------ mentor programmes
    "mentoring_index": Rule(BOTH_COORDINATORS),
    "mentoring_programme": Rule(COORD),
    "mentoring_settings": Rule(COORD),
    "mentoring_mentors": Rule(COORD),
    "mentoring_pairs": Rule(COORD),
    "mentoring_matching": Rule(COORD),
    "mentoring_matching_publish": Rule(COORD),
    "mentoring_matching_status": Rule(COORD, NO_METHOD),  # polled while a run is in progress
    "mentoring_matching_publish_status": Rule(COORD, NO_METHOD),  # polled while proposals are published
    "mentoring_unmatched": Rule(COORD),
    "mentoring_mentor_review": Rule(COORD),
    "mentoring_mentee_exclude": Rule(NO_METHOD, COORD),
    "mentoring_mentor_home": Rule(MENTORS),
    "mentoring_mentor_new": Rule(MENTORS),
    "mentoring_mentor_edit": Rule(who("mentor")),
    "mentoring_mentee_home": Rule(PARTICIPANTS),
    "mentoring_mentee_edit": Rule(who("participant")),
    "mentoring_mentee_pick": Rule(NO_METHOD, who("participant")),
    "mentoring_partner": Rule(EMPLOYERS),  # partner companies
    "mentorship_detail": Rule(PAIR_AND_COORD),
    "mentorship_intro": Rule(NO_METHOD, who("coordinator mentor")),
    "mentorship_answer": Rule(NO_METHOD, PAIR),
    "mentorship_respond": Rule(NO_METHOD, who("mentor")),
    "mentorship_decline": Rule(NO_METHOD, PAIR),
    "mentorship_withdraw": Rule(NO_METHOD, COORD),
    "mentorship_end_early": Rule(NO_METHOD, PAIR_AND_COORD),
    # ------------------------------------------------------------------ the pair's space
    "mentorspace_index": Rule(LOGGED_IN),
    "mentorspace_space": Rule(PAIR_AND_COORD),
    "mentorspace_meetings": Rule(PAIR_AND_COORD),
    "mentorspace_meeting_new": Rule(PAIR),
    "mentorspace_private_note": Rule(NO_METHOD, PAIR),
    "mentorspace_goal_add": Rule(NO_METHOD, PAIR),
    "mentorspace_goal_progress": Rule(NO_METHOD, PAIR),
    "mentorspace_messages": Rule(PAIR),  # coordinators read messages only if the programme says so
    "mentorspace_checkin": Rule(PAIR_AND_COORD),
    "mentorspace_evaluation": Rule(PAIR),
    "mentorspace_resources": Rule(PAIR_AND_COORD),
    "mentorspace_resource": Rule(PAIR_AND_COORD),
    "mentorspace_resource_file": Rule(PAIR_AND_COORD),
    "mentorspace_outcome": Rule(COORD),
    "mentorspace_board": Rule(COORD),
    "mentorspace_settings": Rule(COORD),
    "mentorspace_resource_admin": Rule(COORD),
    "mentorspace_resource_new": Rule(COORD),
    "mentorspace_resource_edit": Rule(COORD),
    # ------------------------------------------------------------------ the programme's network
    "network_index": Rule(LOGGED_IN),
    "network_home": Rule(NETWORK),
    "network_visibility": Rule(NO_METHOD, PAIR),
    "network_directory": Rule(PAIR_AND_COORD),
    "network_questions": Rule(PAIR_AND_COORD),
    "network_ask": Rule(PAIR),
    "network_question": Rule(PAIR_AND_COORD, PAIR),  # members answer
    "network_moderate": Rule(NO_METHOD, COORD),
    "network_meetups": Rule(NETWORK),
    "network_meetup_new": Rule(COORD),
    "network_meetup": Rule(NETWORK),
    "network_meetup_edit": Rule(COORD),
    "network_meetup_signup": Rule(NO_METHOD, PAIR),
    "network_meetup_cancel": Rule(NO_METHOD, PAIR),
    "network_meetup_attendance": Rule(NO_METHOD, COORD),
    "network_meetup_ics": Rule(NETWORK),
    # ------------------------------------------------------------------ recruitment events
    "event_list": Rule(LOGGED_IN),
    "event_new": Rule(ORGANISERS_BOTH),
    # Those who register candidates see every open event (and in it only their own people).
    "event_detail": Rule(REGISTRARS | who("market employer participant")),
    "event_edit": Rule(ORGANISER),
    "event_status": Rule(NO_METHOD, ORGANISER),
    "event_employer_invite": Rule(ORGANISER),
    "event_employer_new": Rule(ORGANISER),
    "event_employer": Rule(who("market employer")),
    "event_opening_add": Rule(NO_METHOD, who("market employer")),
    "event_opening_remove": Rule(NO_METHOD, who("market employer")),
    "event_employer_interest": Rule(who("market employer")),
    "event_candidate_new": Rule(REGISTRARS),
    "event_candidate": Rule(who("coordinator advisor market")),
    "event_candidate_withdraw": Rule(NO_METHOD, who("coordinator advisor market")),
    "event_candidate_wishes": Rule(who("coordinator advisor market participant")),
    "event_schedule": Rule(ORGANISER),
    "event_schedule_generate": Rule(NO_METHOD, ORGANISER),
    "event_schedule_run": Rule(ORGANISER, NO_METHOD),  # the generating run's progress (htmx)
    "event_schedule_publish": Rule(ORGANISER),
    "event_interview_move": Rule(ORGANISER),
    "event_interview_lock": Rule(NO_METHOD, ORGANISER),
    "event_my_schedule": Rule(REGISTRARS | who("market employer participant")),
    "event_my_schedule_ics": Rule(who("advisor employer participant")),
    "event_day": Rule(ORGANISER),
    "event_day_candidate": Rule(NO_METHOD, ORGANISER),
    "event_day_employer": Rule(NO_METHOD, ORGANISER),
    "event_day_replan": Rule(NO_METHOD, ORGANISER),
    # ------------------------------------------------------------------ recruitment: feedback and offers
    "recruitment_home": Rule(TAKES_PART),
    "recruitment_feedback": Rule(who("market employer")),  # organisers enter, not read
    "recruitment_reflection": Rule(who("participant")),
    "recruitment_release": Rule(NO_METHOD, who("coordinator advisor")),
    "recruitment_offer": Rule(who("coordinator advisor market")),
    "recruitment_offer_decline": Rule(NO_METHOD, who("coordinator advisor market")),
    "recruitment_check": Rule(NO_METHOD, who("coordinator advisor market")),
    "recruitment_event": Rule(ORGANISER),
    "recruitment_series": Rule(ORGANISERS_BOTH),
    "recruitment_series_csv": Rule(ORGANISERS_BOTH),
    "recruitment_series_xlsx": Rule(ORGANISERS_BOTH),
    "recruitment_employers": Rule(ORGANISERS_BOTH),
    "recruitment_employer": Rule(ORGANISER),
    # ------------------------------------------------------------------ privacy rights
    # "My data": each person their own, with a part for each of their roles (participant, mentor,
    # employer contact) and a copy of each part.
    "privacy_me": Rule(PARTICIPANTS | MENTORS | EMPLOYERS, NO_METHOD),
    "privacy_me_copy": Rule(NO_METHOD, PARTICIPANTS),
    "privacy_me_mentor_copy": Rule(NO_METHOD, MENTORS),
    "privacy_me_contact_copy": Rule(NO_METHOD, EMPLOYERS),
    "privacy_participant": Rule(COORD, NO_METHOD),
    "privacy_participant_copy": Rule(NO_METHOD, COORD),
    "privacy_erase": Rule(who("admin coordinator")),  # never the advisor
    "privacy_mentor_erase": Rule(COORD),  # the mentoring coordinator, as the mentor's review page
    "privacy_employer_contact_erase": Rule(who("admin")),  # from the records of processing
    "privacy_records": Rule(who("admin"), NO_METHOD),
    "privacy_erase_find": Rule(who("admin"), NO_METHOD),
    # ------------------------------------------------------------------ import and export (exports are
    # audited POSTs; the preview and result need an upload of one's own, which the world has not)
    "exchange_index": Rule(ORGANISERS_BOTH),  # any of: edit participants, manage mentoring or events
    "exchange_participants_import": Rule(BOTH_COORDINATORS),
    "exchange_participants_export": Rule(NO_METHOD, BOTH_COORDINATORS),
    "exchange_mentors_import": Rule(BOTH_COORDINATORS),
    "exchange_mentors_export": Rule(NO_METHOD, BOTH_COORDINATORS),
    "exchange_contacts_import": Rule(ORGANISERS_BOTH),
    "exchange_contacts_export": Rule(NO_METHOD, ORGANISERS_BOTH),
    "exchange_preview": Rule(NOBODY),
    "exchange_result": Rule(NOBODY),
    # ------------------------------------------------------------------ the API (django-ninja)
    "api:api-root": Rule(NOBODY),
    "api:openapi-json": Rule(PUBLIC),
    "api:openapi-view": Rule(PUBLIC),
    "api:list_participants": Rule(LOGGED_IN, NO_METHOD),  # each sees the people visible to them
    "api:get_participant": Rule(SHARED, NO_METHOD),
    "api:get_enrolment": Rule(SHARED, NO_METHOD),
    # The token API: open schema and docs, and every operation a 401 to a session (tokens: tests/api).
    "api-v1:api-root": Rule(NOBODY),
    "api-v1:openapi-json": Rule(PUBLIC),
    "api-v1:openapi-view": Rule(PUBLIC),
    "api-v1:v1_participants": Rule(TOKEN),  # GET lists, POST registers
    "api-v1:v1_participant_create": Rule(TOKEN),
    "api-v1:v1_participant": Rule(TOKEN, NO_METHOD),  # GET reads, PATCH changes
    "api-v1:v1_participant_update": Rule(TOKEN, NO_METHOD),
    "api-v1:v1_enrolments": Rule(TOKEN, NO_METHOD),
    "api-v1:v1_enrolment": Rule(TOKEN, NO_METHOD),
    "api-v1:v1_enrolment_status": Rule(NO_METHOD, TOKEN),
    "api-v1:v1_outcome": Rule(NO_METHOD, TOKEN),
    "api-v1:v1_timeline": Rule(TOKEN),
    "api-v1:v1_timeline_create": Rule(TOKEN),
    "api-v1:v1_attendance": Rule(NO_METHOD, TOKEN),
    "api-v1:v1_events": Rule(TOKEN, NO_METHOD),
    "api-v1:v1_event": Rule(TOKEN, NO_METHOD),
    "api-v1:v1_registrations": Rule(TOKEN),
    "api-v1:v1_registration_create": Rule(TOKEN),
    "api-v1:v1_feedback": Rule(NO_METHOD, TOKEN),
}


def expected(rule: Rule, method: str, persona: str) -> set[str]:
    """The answers this persona may get for this method of the route."""
    from tests.security.probe import DENIED, LOGIN, THROUGH
    from tests.security.probe import NO_METHOD as NOT_ALLOWED

    allowed = rule.for_method(method)
    if allowed == NO_METHOD:
        return {NOT_ALLOWED, LOGIN} if persona == ANON else {NOT_ALLOWED}
    if allowed in (SIGNS_OUT, TOKEN):
        return {LOGIN}
    if persona in allowed:
        return {THROUGH}
    if persona == ANON:
        return {LOGIN} if allowed else {LOGIN, DENIED}
    return {DENIED}
