"""URLs for the followup pages (included from kobling/urls.py)."""

from django.urls import path

from kobling.programmes.followup import views

urlpatterns: list = [
    # Meetings
    path("participants/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/invitation.ics", views.meeting_ics, name="meeting_ics"),
    # The activity plan
    path("participants/<int:pk>/plan/", views.participant_plan, name="participant_plan"),
    path("me/plan/", views.my_plan, name="my_plan"),
    path("plan/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("plan/<int:pk>/status/", views.activity_state, name="activity_state"),
    path("plan/<int:pk>/agreed/", views.activity_agreed, name="activity_agreed"),
    # Placements
    path("participants/<int:pk>/placements/new/", views.placement_new, name="placement_new"),
    path("placements/<int:pk>/edit/", views.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/delete/", views.placement_delete, name="placement_delete"),
    # Outcomes
    path("enrolments/<int:pk>/outcome/", views.outcome_new, name="outcome_new"),
    path("enrolments/<int:pk>/outcome/remove/", views.outcome_remove, name="outcome_remove"),
    path("follow-ups/<int:pk>/", views.follow_up_answer, name="follow_up_answer"),
]
