from django.urls import path

from kobling.network import views, views_meetups

urlpatterns = [
    path("", views.network_index, name="network_index"),
    path("<slug:slug>/", views.network_home, name="network_home"),
    path("<slug:slug>/visibility/", views.visibility, name="network_visibility"),
    path("<slug:slug>/people/", views.directory, name="network_directory"),
    path("<slug:slug>/questions/", views.questions, name="network_questions"),
    path("<slug:slug>/questions/ask/", views.question_ask, name="network_ask"),
    path("<slug:slug>/questions/<int:pk>/", views.question_detail, name="network_question"),
    path("<slug:slug>/questions/<int:pk>/moderate/", views.moderate, name="network_moderate"),
    path("<slug:slug>/meetups/", views_meetups.meetup_list, name="network_meetups"),
    path("<slug:slug>/meetups/new/", views_meetups.meetup_new, name="network_meetup_new"),
    path("<slug:slug>/meetups/<int:pk>/", views_meetups.meetup_detail, name="network_meetup"),
    path("<slug:slug>/meetups/<int:pk>/edit/", views_meetups.meetup_edit, name="network_meetup_edit"),
    path("<slug:slug>/meetups/<int:pk>/signup/", views_meetups.meetup_signup, name="network_meetup_signup"),
    path("<slug:slug>/meetups/<int:pk>/cancel/", views_meetups.meetup_cancel, name="network_meetup_cancel"),
    path(
        "<slug:slug>/meetups/<int:pk>/attendance/",
        views_meetups.meetup_attendance,
        name="network_meetup_attendance",
    ),
    path("<slug:slug>/meetups/<int:pk>/meetup.ics", views_meetups.meetup_ics, name="network_meetup_ics"),
]
