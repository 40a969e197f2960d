"""URLs for import and export (included from kobling/urls.py under exchange/)."""

from django.urls import path

from kobling.exchange import views

urlpatterns = [
    path("", views.index, name="exchange_index"),
    path("participants/import/", views.participants_import, name="exchange_participants_import"),
    path("participants/export/", views.participants_export, name="exchange_participants_export"),
    path("mentors/import/", views.mentors_import, name="exchange_mentors_import"),
    path("mentors/export/", views.mentors_export, name="exchange_mentors_export"),
    path("employer-contacts/import/", views.contacts_import, name="exchange_contacts_import"),
    path("employer-contacts/export/", views.contacts_export, name="exchange_contacts_export"),
    path("import/<str:token>/", views.preview, name="exchange_preview"),
    path("import/<str:token>/done/", views.result, name="exchange_result"),
]
