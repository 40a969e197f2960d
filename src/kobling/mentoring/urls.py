from django.urls import path

from kobling.mentoring.views import matching, mentees, mentors, pairs, programme

urlpatterns = [
    path("mentor/signup/", mentors.mentor_signup, name="mentor_signup"),
    path("mentor/signup/thanks/", mentors.mentor_signup_thanks, name="mentor_signup_thanks"),
    path("mentoring/", programme.mentoring_index, name="mentoring_index"),
    path("mentoring/mentor/", mentors.mentor_home, name="mentoring_mentor_home"),
    path("mentoring/mentor/new/", mentors.mentor_profile_new, name="mentoring_mentor_new"),
    path("mentoring/mentor/<int:pk>/edit/", mentors.mentor_profile_edit, name="mentoring_mentor_edit"),
    path("mentoring/me/", mentees.mentee_home, name="mentoring_mentee_home"),
    path("mentoring/me/<int:pk>/edit/", mentees.mentee_edit, name="mentoring_mentee_edit"),
    path("mentoring/me/<int:pk>/pick/", mentees.mentee_pick, name="mentoring_mentee_pick"),
    path("mentoring/partner/", mentors.partner_page, name="mentoring_partner"),
    path("mentoring/pairs/<int:pk>/", pairs.mentorship_detail, name="mentorship_detail"),
    path("mentoring/pairs/<int:pk>/intro/", pairs.mentorship_intro, name="mentorship_intro"),
    path("mentoring/pairs/<int:pk>/answer/", pairs.mentorship_answer, name="mentorship_answer"),
    path("mentoring/pairs/<int:pk>/respond/", pairs.mentorship_respond, name="mentorship_respond"),
    path("mentoring/pairs/<int:pk>/decline/", pairs.mentorship_decline, name="mentorship_decline"),
    path("mentoring/pairs/<int:pk>/withdraw/", pairs.mentorship_withdraw, name="mentorship_withdraw"),
    path("mentoring/pairs/<int:pk>/end/", pairs.mentorship_end_early, name="mentorship_end_early"),
    path("mentoring/mentors/<int:pk>/", programme.mentor_review, name="mentoring_mentor_review"),
    path(
        "mentoring/mentees/<int:pk>/exclude/", matching.mentee_exclude_toggle, name="mentoring_mentee_exclude"
    ),
    path("mentoring/p/<slug:slug>/", programme.programme_overview, name="mentoring_programme"),
    path("mentoring/p/<slug:slug>/settings/", programme.programme_settings, name="mentoring_settings"),
    path("mentoring/p/<slug:slug>/mentors/", programme.mentor_list, name="mentoring_mentors"),
    path("mentoring/p/<slug:slug>/pairs/", programme.pair_list, name="mentoring_pairs"),
    path("mentoring/p/<slug:slug>/matching/", matching.matching_page, name="mentoring_matching"),
    path(
        "mentoring/p/<slug:slug>/matching/status/", matching.matching_status, name="mentoring_matching_status"
    ),
    path(
        "mentoring/p/<slug:slug>/matching/publish/",
        matching.matching_publish,
        name="mentoring_matching_publish",
    ),
    path(
        "mentoring/p/<slug:slug>/matching/publish/status/",
        matching.matching_publish_status,
        name="mentoring_matching_publish_status",
    ),
    path("mentoring/p/<slug:slug>/unmatched/", matching.unmatched_page, name="mentoring_unmatched"),
]
