from django.urls import path

from kobling.mentoring import views, views_people

urlpatterns = [
    path("mentor/signup/", views_people.mentor_signup, name="mentor_signup"),
    path("mentor/signup/thanks/", views_people.mentor_signup_thanks, name="mentor_signup_thanks"),
    path("mentoring/", views.mentoring_index, name="mentoring_index"),
    path("mentoring/mentor/", views_people.mentor_home, name="mentoring_mentor_home"),
    path("mentoring/mentor/new/", views_people.mentor_profile_new, name="mentoring_mentor_new"),
    path("mentoring/mentor/<int:pk>/edit/", views_people.mentor_profile_edit, name="mentoring_mentor_edit"),
    path("mentoring/me/", views_people.mentee_home, name="mentoring_mentee_home"),
    path("mentoring/me/<int:pk>/edit/", views_people.mentee_edit, name="mentoring_mentee_edit"),
    path("mentoring/me/<int:pk>/pick/", views_people.mentee_pick, name="mentoring_mentee_pick"),
    path("mentoring/partner/", views_people.partner_page, name="mentoring_partner"),
    path("mentoring/pairs/<int:pk>/", views_people.mentorship_detail, name="mentorship_detail"),
    path("mentoring/pairs/<int:pk>/intro/", views_people.mentorship_intro, name="mentorship_intro"),
    path("mentoring/pairs/<int:pk>/answer/", views_people.mentorship_answer, name="mentorship_answer"),
    path("mentoring/pairs/<int:pk>/respond/", views_people.mentorship_respond, name="mentorship_respond"),
    path("mentoring/pairs/<int:pk>/decline/", views_people.mentorship_decline, name="mentorship_decline"),
    path("mentoring/pairs/<int:pk>/withdraw/", views_people.mentorship_withdraw, name="mentorship_withdraw"),
    path("mentoring/mentors/<int:pk>/", views.mentor_review, name="mentoring_mentor_review"),
    path("mentoring/mentees/<int:pk>/exclude/", views.mentee_exclude_toggle, name="mentoring_mentee_exclude"),
    path("mentoring/p/<slug:slug>/", views.programme_overview, name="mentoring_programme"),
    path("mentoring/p/<slug:slug>/settings/", views.programme_settings, name="mentoring_settings"),
    path("mentoring/p/<slug:slug>/mentors/", views.mentor_list, name="mentoring_mentors"),
    path("mentoring/p/<slug:slug>/pairs/", views.pair_list, name="mentoring_pairs"),
    path("mentoring/p/<slug:slug>/matching/", views.matching_page, name="mentoring_matching"),
    path(
        "mentoring/p/<slug:slug>/matching/publish/", views.matching_publish, name="mentoring_matching_publish"
    ),
    path("mentoring/p/<slug:slug>/unmatched/", views.unmatched_page, name="mentoring_unmatched"),
]
