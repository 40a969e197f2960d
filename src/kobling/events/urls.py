"""URLs for recruitment events (included from kobling/urls.py)."""

from django.urls import path

from kobling.events import views
from kobling.events.day import views as day
from kobling.events.personal import views as personal
from kobling.events.schedule import views as schedule

urlpatterns: list = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_new, name="event_new"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/status/", views.event_status, name="event_status"),
    # Employers
    path("<int:pk>/employers/invite/", views.employer_invite, name="event_employer_invite"),
    path("<int:pk>/employers/new/", views.employer_new, name="event_employer_new"),
    path("employers/<int:pk>/", views.employer_detail, name="event_employer"),
    path("employers/<int:pk>/openings/", views.opening_add, name="event_opening_add"),
    path("openings/<int:pk>/remove/", views.opening_remove, name="event_opening_remove"),
    path("employers/<int:pk>/candidates/", views.employer_interest, name="event_employer_interest"),
    path("join/<str:token>/", views.event_join, name="event_join"),
    # Candidates
    path("<int:pk>/candidates/new/", views.candidate_new, name="event_candidate_new"),
    path("candidates/<int:pk>/", views.candidate_edit, name="event_candidate"),
    path("candidates/<int:pk>/withdraw/", views.candidate_withdraw, name="event_candidate_withdraw"),
    path("candidates/<int:pk>/wishes/", views.candidate_wishes, name="event_candidate_wishes"),
    # The schedule
    path("<int:pk>/schedule/", schedule.schedule, name="event_schedule"),
    path("<int:pk>/schedule/generate/", schedule.schedule_generate, name="event_schedule_generate"),
    path("<int:pk>/schedule/run/", schedule.schedule_run, name="event_schedule_run"),
    path("<int:pk>/schedule/publish/", schedule.schedule_publish, name="event_schedule_publish"),
    path("interviews/<int:pk>/move/", schedule.interview_move, name="event_interview_move"),
    path("interviews/<int:pk>/lock/", schedule.interview_lock, name="event_interview_lock"),
    # Personal schedules
    path("<int:pk>/my/", personal.my_schedule, name="event_my_schedule"),
    path("<int:pk>/my/schedule.ics", personal.my_schedule_ics, name="event_my_schedule_ics"),
    # On the day
    path("<int:pk>/day/", day.event_day, name="event_day"),
    path("day/candidates/<int:pk>/", day.day_candidate, name="event_day_candidate"),
    path("day/employers/<int:pk>/", day.day_employer, name="event_day_employer"),
    path("<int:pk>/day/replan/", day.day_replan, name="event_day_replan"),
]
