from django.urls import path

from kobling.mentorspace import views, views_coord

urlpatterns = [
    path("", views.space_index, name="mentorspace_index"),
    path("<int:pk>/", views.space_detail, name="mentorspace_space"),
    path("<int:pk>/meetings/", views.meeting_list, name="mentorspace_meetings"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="mentorspace_meeting_new"),
    path("<int:pk>/meetings/<int:meeting_id>/note/", views.private_note, name="mentorspace_private_note"),
    path("<int:pk>/goals/", views.goal_add, name="mentorspace_goal_add"),
    path("<int:pk>/goals/progress/", views.goal_progress, name="mentorspace_goal_progress"),
    path("<int:pk>/messages/", views.message_thread, name="mentorspace_messages"),
    path("<int:pk>/check-in/", views.checkin, name="mentorspace_checkin"),
    path("<int:pk>/evaluation/", views.evaluation, name="mentorspace_evaluation"),
    path("<int:pk>/resources/", views.resource_list, name="mentorspace_resources"),
    path("<int:pk>/outcome/", views_coord.outcome, name="mentorspace_outcome"),
    path("resources/<int:rid>/", views.resource_detail, name="mentorspace_resource"),
    path("resources/<int:rid>/file/", views.resource_file, name="mentorspace_resource_file"),
    path("p/<slug:slug>/board/", views_coord.board, name="mentorspace_board"),
    path("p/<slug:slug>/settings/", views_coord.space_settings, name="mentorspace_settings"),
    path("p/<slug:slug>/resources/", views_coord.resource_admin, name="mentorspace_resource_admin"),
    path("p/<slug:slug>/resources/new/", views_coord.resource_edit, name="mentorspace_resource_new"),
    path(
        "p/<slug:slug>/resources/<int:rid>/edit/", views_coord.resource_edit, name="mentorspace_resource_edit"
    ),
]
