"""The REST API (OpenAPI at /api/docs). Session-authenticated; every endpoint uses the access helpers."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from kobling.api.docs import VendoredSwagger
from kobling.people.selectors import participant_for_user, participants_visible_to, works_with
from kobling.programmes.models import Enrolment

# The docs page and schema stay open to anyone, as before; every endpoint needs a session.
api = NinjaAPI(
    title="Kobling API", version="1", auth=django_auth, urls_namespace="api", docs=VendoredSwagger()
)


class EnrolmentOut(Schema):
    id: int
    programme: str
    status: str
    status_since: datetime


class ParticipantOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    region: str
    municipality: str
    organisation: str
    last_activity_at: datetime | None
    next_meeting_at: datetime | None

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name


class ParticipantDetailOut(ParticipantOut):
    enrolments: list[EnrolmentOut]

    @staticmethod
    def resolve_enrolments(obj):
        return [
            EnrolmentOut(id=e.pk, programme=e.programme.name, status=e.status, status_since=e.status_since)
            for e in obj.enrolments.select_related("programme")
        ]


@api.get("/participants", response=list[ParticipantOut])
@paginate(LimitOffsetPagination)
def list_participants(request):
    return (
        participants_visible_to(request.user)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )


@api.get("/participants/{pk}", response=ParticipantDetailOut)
def get_participant(request, pk: int):
    return participant_for_user(request.user, pk)


@api.get("/enrolments/{pk}", response=EnrolmentOut)
def get_enrolment(request, pk: int):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("programme", "participant").filter(
            participant__in=participants_visible_to(request.user)
        ),
        pk=pk,
    )
    if (
        not works_with(request.user, enrolment.participant)
        and enrolment.participant.user_id != request.user.pk
    ):
        from django.http import Http404

        raise Http404
    return EnrolmentOut(
        id=enrolment.pk,
        programme=enrolment.programme.name,
        status=enrolment.status,
        status_since=enrolment.status_since,
    )
