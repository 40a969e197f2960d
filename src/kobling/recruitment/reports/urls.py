"""URLs for the organisers' reports (included from recruitment/urls.py)."""

from django.urls import path

from kobling.recruitment.reports import views

urlpatterns = [
    path("series/", views.series_page, name="recruitment_series"),
    path("series.csv", views.series_csv, name="recruitment_series_csv"),
    path("series.xlsx", views.series_xlsx, name="recruitment_series_xlsx"),
    path("employers/", views.employers_page, name="recruitment_employers"),
    path("employers/<int:pk>/", views.employer_history, name="recruitment_employer"),
]
