"""URLs for programme set-up, cohorts and certifications (included from kobling/urls.py)."""

from django.urls import include, path

from kobling.programmes.courses import views

programme = [
    path("", views.programme_detail, name="programme_detail"),
    path("edit/", views.programme_edit, name="programme_edit"),
    path("phases/", views.phase_add, name="phase_add"),
    path("phases/<int:pk>/move/", views.phase_move, name="phase_move"),
    path("phases/<int:pk>/remove/", views.phase_remove, name="phase_remove"),
    path("certifications/", views.certification_add, name="certification_add"),
    path("certifications/<int:pk>/", views.certification_edit, name="certification_edit"),
    path("certifications/<int:pk>/remove/", views.certification_remove, name="certification_remove"),
    path("cohorts/new/", views.cohort_new, name="cohort_new"),
]
cohort = [
    path("", views.cohort_detail, name="cohort_detail"),
    path("edit/", views.cohort_edit, name="cohort_edit"),
    path("enrol/", views.cohort_enrol, name="cohort_enrol"),
    path("start/", views.cohort_start, name="cohort_start"),
    path("people/<int:enrolment_pk>/status/", views.member_status, name="member_status"),
    path("people/<int:enrolment_pk>/phase/", views.member_phase, name="member_phase"),
    path("people/<int:enrolment_pk>/readiness/", views.member_readiness, name="member_readiness"),
    path("certifications/", views.certification_matrix, name="certification_matrix"),
    path(
        "certifications/<int:enrolment_pk>/<int:certification_pk>/", views.attempt_edit, name="attempt_edit"
    ),
]
urlpatterns = [
    path("programmes/new/", views.programme_new, name="programme_new"),
    path("programmes/<slug:slug>/", include(programme)),
    path("cohorts/<int:pk>/", include(cohort)),
]
