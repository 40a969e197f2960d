"""The REST API (OpenAPI at /api/docs). Session-authenticated; every endpoint reads through the same
selectors as the pages, so it reaches exactly what they do."""

from datetime import datetime

from ninja import NinjaAPI, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from kobling.api.docs import VendoredSwagger
from kobling.people.selectors import participant_for_user, participants_visible_to
from kobling.programmes.followup.selectors import enrolment_for_user

# The docs page and schema stay open to anyone, as before; every endpoint needs a session.
api = NinjaAPI(
    title="Kobling API", version="1", auth=django_auth, urls_namespace="api", docs=VendoredSwagger()
)


class EnrolmentOut(Schema):
    id: int
    programme: str
    status: str
    status_since: datetime

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.name


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
        return list(obj.enrolments.select_related("programme"))


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
    # The record page's own read: the enrolments of the people the user may see, and a 404 otherwise.
    return enrolment_for_user(request.user, pk)
