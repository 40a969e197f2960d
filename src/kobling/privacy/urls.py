from django.urls import path

from kobling.privacy import views

urlpatterns = [
    path("me/", views.my_data, name="privacy_me"),
    path("me/copy/", views.my_data_copy, name="privacy_me_copy"),
    path("me/mentor/copy/", views.my_mentor_copy, name="privacy_me_mentor_copy"),
    path("me/employer-contact/copy/", views.my_contact_copy, name="privacy_me_contact_copy"),
    path("participants/<int:pk>/", views.participant_privacy, name="privacy_participant"),
    path("participants/<int:pk>/copy/", views.participant_copy, name="privacy_participant_copy"),
    path("participants/<int:pk>/erase/", views.participant_erase, name="privacy_erase"),
    path("mentors/<int:pk>/erase/", views.mentor_erase, name="privacy_mentor_erase"),
    path("employer-contacts/erase/", views.employer_contact_erase, name="privacy_employer_contact_erase"),
    path("records/", views.records, name="privacy_records"),
    path("records/find/", views.erase_find, name="privacy_erase_find"),
]
