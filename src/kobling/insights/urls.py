"""URLs for the "what works" pages (included from kobling/urls.py under insights/)."""

from django.urls import path

from kobling.insights import views

# The downloads: one view, told the file's kind.
CSV, XLSX = {"kind": "csv"}, {"kind": "xlsx"}

urlpatterns = [
    path("", views.insights_index, name="insights_index"),
    path("warnings/", views.insights_warnings, name="insights_warnings"),
    path("warnings/<int:pk>/task/", views.insights_warning_task, name="insights_warning_task"),
    path("provider/<int:pk>/", views.insights_provider, name="insights_provider"),
    path("provider/<int:pk>/what-works.csv", views.insights_download, CSV, name="insights_provider_csv"),
    path("provider/<int:pk>/what-works.xlsx", views.insights_download, XLSX, name="insights_provider_xlsx"),
    path("<slug:slug>/", views.insights_programme, name="insights_programme"),
    path("<slug:slug>/intake/", views.insights_intake, name="insights_intake"),
    path("<slug:slug>/what-works.csv", views.insights_download, CSV, name="insights_programme_csv"),
    path("<slug:slug>/what-works.xlsx", views.insights_download, XLSX, name="insights_programme_xlsx"),
]
