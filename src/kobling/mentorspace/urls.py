from django.urls import path

from kobling.mentorspace.views import coordinator, resources, space

urlpatterns = [
    path("", space.space_index, name="mentorspace_index"),
    path("<int:pk>/", space.space_detail, name="mentorspace_space"),
    path("<int:pk>/meetings/", space.meeting_list, name="mentorspace_meetings"),
    path("<int:pk>/meetings/new/", space.meeting_new, name="mentorspace_meeting_new"),
    path("<int:pk>/meetings/<int:meeting_id>/note/", space.private_note, name="mentorspace_private_note"),
    path("<int:pk>/goals/", space.goal_add, name="mentorspace_goal_add"),
    path("<int:pk>/goals/progress/", space.goal_progress, name="mentorspace_goal_progress"),
    path("<int:pk>/messages/", space.message_thread, name="mentorspace_messages"),
    path("<int:pk>/check-in/", space.checkin, name="mentorspace_checkin"),
    path("<int:pk>/evaluation/", space.evaluation, name="mentorspace_evaluation"),
    path("<int:pk>/resources/", resources.resource_list, name="mentorspace_resources"),
    path("<int:pk>/outcome/", coordinator.outcome, name="mentorspace_outcome"),
    path("resources/<int:rid>/", resources.resource_detail, name="mentorspace_resource"),
    path("resources/<int:rid>/file/", resources.resource_file, name="mentorspace_resource_file"),
    path("p/<slug:slug>/board/", coordinator.board, name="mentorspace_board"),
    path("p/<slug:slug>/settings/", coordinator.space_settings, name="mentorspace_settings"),
    path("p/<slug:slug>/resources/", resources.resource_admin, name="mentorspace_resource_admin"),
    path("p/<slug:slug>/resources/new/", resources.resource_edit, name="mentorspace_resource_new"),
    path(
        "p/<slug:slug>/resources/<int:rid>/edit/", resources.resource_edit, name="mentorspace_resource_edit"
    ),
]
