"""URLs for the programme list and the intake (included from kobling/urls.py)."""

from django.urls import path

from kobling.programmes.intake import views

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<slug:slug>/intake-questions/", views.intake_questions, name="intake_questions"),
    path("intake/", views.intake_queue, name="intake_queue"),
    path("intake/<int:pk>/", views.intake_screen, name="intake_screen"),
    path("intake/<int:pk>/decide/", views.intake_decide, name="intake_decide"),
    path("intake/matches/<int:pk>/", views.intake_match, name="intake_match"),
    path("intake/matches/<int:pk>/decide/", views.intake_match_decide, name="intake_match_decide"),
    path("refer/", views.referral_create, name="referral_create"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.apply_thanks, name="apply_thanks"),
]
