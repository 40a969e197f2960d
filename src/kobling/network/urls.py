from django.urls import path

from kobling.network.views import home, meetups, questions

urlpatterns = [
    path("", home.network_index, name="network_index"),
    path("<slug:slug>/", home.network_home, name="network_home"),
    path("<slug:slug>/visibility/", home.visibility, name="network_visibility"),
    path("<slug:slug>/people/", home.directory, name="network_directory"),
    path("<slug:slug>/questions/", questions.questions, name="network_questions"),
    path("<slug:slug>/questions/ask/", questions.question_ask, name="network_ask"),
    path("<slug:slug>/questions/<int:pk>/", questions.question_detail, name="network_question"),
    path("<slug:slug>/questions/<int:pk>/moderate/", questions.moderate, name="network_moderate"),
    path("<slug:slug>/meetups/", meetups.meetup_list, name="network_meetups"),
    path("<slug:slug>/meetups/new/", meetups.meetup_new, name="network_meetup_new"),
    path("<slug:slug>/meetups/<int:pk>/", meetups.meetup_detail, name="network_meetup"),
    path("<slug:slug>/meetups/<int:pk>/edit/", meetups.meetup_edit, name="network_meetup_edit"),
    path("<slug:slug>/meetups/<int:pk>/signup/", meetups.meetup_signup, name="network_meetup_signup"),
    path("<slug:slug>/meetups/<int:pk>/cancel/", meetups.meetup_cancel, name="network_meetup_cancel"),
    path(
        "<slug:slug>/meetups/<int:pk>/attendance/",
        meetups.meetup_attendance,
        name="network_meetup_attendance",
    ),
    path("<slug:slug>/meetups/<int:pk>/meetup.ics", meetups.meetup_ics, name="network_meetup_ics"),
]
