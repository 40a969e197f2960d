"""URLs for feedback, offers and the recruitment reports (included from kobling/urls.py)."""

from django.urls import include, path

from kobling.recruitment import views

urlpatterns = [
    path("", views.home, name="recruitment_home"),
    path("interviews/<int:pk>/feedback/", views.interview_feedback, name="recruitment_feedback"),
    path("interviews/<int:pk>/reflection/", views.interview_reflection, name="recruitment_reflection"),
    path("feedback/<int:pk>/release/", views.feedback_release, name="recruitment_release"),
    path("offers/<int:pk>/", views.offer_detail, name="recruitment_offer"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="recruitment_offer_decline"),
    path("checks/<int:pk>/", views.check_answer, name="recruitment_check"),
    path("events/<int:pk>/", views.event_page, name="recruitment_event"),
    path("", include("kobling.recruitment.reports.urls")),
]
