"""URLs for the results tables (included from kobling/urls.py under results/)."""

from django.urls import path

from kobling.reports import views

urlpatterns = [
    path("", views.results_index, name="results_index"),
    path("<slug:slug>/", views.results_programme, name="results_programme"),
    path("<slug:slug>/results.csv", views.results_csv, name="results_csv"),
    path("<slug:slug>/results.xlsx", views.results_xlsx, name="results_xlsx"),
]
