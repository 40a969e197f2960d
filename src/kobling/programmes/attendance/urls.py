"""URLs for the daily attendance screen (included from kobling/urls.py)."""

from django.urls import path

from kobling.programmes.attendance import views

urlpatterns = [
    path("cohorts/<int:pk>/attendance/", views.attendance_today, name="attendance_today"),
    path("cohorts/<int:pk>/attendance/<str:day>/", views.attendance_day, name="attendance_day"),
]
