"""URLs for programme set-up, cohorts and certifications (included from kobling/urls.py)."""

from django.urls import path

from kobling.programmes.courses import views

urlpatterns = [
    path("programmes/new/", views.programme_new, name="programme_new"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<slug:slug>/phases/", views.phase_add, name="phase_add"),
    path("programmes/<slug:slug>/phases/<int:pk>/move/", views.phase_move, name="phase_move"),
    path("programmes/<slug:slug>/phases/<int:pk>/remove/", views.phase_remove, name="phase_remove"),
    path("programmes/<slug:slug>/certifications/", views.certification_add, name="certification_add"),
    path(
        "programmes/<slug:slug>/certifications/<int:pk>/", views.certification_edit, name="certification_edit"
    ),
    path(
        "programmes/<slug:slug>/certifications/<int:pk>/remove/",
        views.certification_remove,
        name="certification_remove",
    ),
    path("programmes/<slug:slug>/cohorts/new/", views.cohort_new, name="cohort_new"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/enrol/", views.cohort_enrol, name="cohort_enrol"),
    path("cohorts/<int:pk>/start/", views.cohort_start, name="cohort_start"),
    path("cohorts/<int:pk>/people/<int:enrolment_pk>/status/", views.member_status, name="member_status"),
    path("cohorts/<int:pk>/people/<int:enrolment_pk>/phase/", views.member_phase, name="member_phase"),
    path(
        "cohorts/<int:pk>/people/<int:enrolment_pk>/readiness/",
        views.member_readiness,
        name="member_readiness",
    ),
    path("cohorts/<int:pk>/certifications/", views.certification_matrix, name="certification_matrix"),
    path(
        "cohorts/<int:pk>/certifications/<int:enrolment_pk>/<int:certification_pk>/",
        views.attempt_edit,
        name="attempt_edit",
    ),
]
