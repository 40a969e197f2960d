"""Curated resources: coordinators add links, files and articles; the pair sees them, own region first."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kobling.mentorspace import services
from kobling.mentorspace.models import Resource
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)


def add(coordinator, organisation, **data):
    return services.resource_save(actor=coordinator, organisation=organisation, data=data)


def test_the_pair_sees_its_own_region_first_then_national_then_other_regions(
    client, pair, coordinator, participant_user
):
    participant = participant_user.participant
    participant.region = "46"
    participant.save(update_fields=["region"])
    org = pair.programme.organisation
    add(
        coordinator,
        org,
        title="A Oslo-kurs",
        kind="course",
        url="https://oslo.example",
        region="03",
        topics=["cv"],
    )
    add(
        coordinator,
        org,
        title="B Nasjonal artikkel",
        kind="article",
        body="Om janteloven",
        topics=["work_culture"],
    )
    add(
        coordinator,
        org,
        title="C Vestland-nettverk",
        kind="link",
        url="https://vest.example",
        region="46",
        topics=["network"],
    )
    add(coordinator, org, title="D Upublisert", kind="link", url="https://x.example", published=False)
    login(client, participant_user)
    page = client.get(reverse("mentorspace_resources", args=[pair.pk])).content.decode()
    assert (
        page.index("C Vestland") < page.index("B Nasjonal") < page.index("A Oslo")
        and "D Upublisert" not in page
    )
    page = client.get(
        reverse("mentorspace_resources", args=[pair.pk]) + "?topic=work_culture"
    ).content.decode()
    assert "B Nasjonal" in page and "A Oslo" not in page
    article = Resource.objects.get(title__startswith="B")
    assert "janteloven" in client.get(reverse("mentorspace_resource", args=[article.pk])).content.decode()


def test_another_providers_resources_are_invisible(
    client, pair, other_pair, other_coordinator, participant_user
):
    theirs = add(
        other_coordinator,
        other_pair.programme.organisation,
        title="Deres ressurs",
        kind="link",
        url="https://a.example",
    )
    login(client, participant_user)
    assert (
        "Deres ressurs" not in client.get(reverse("mentorspace_resources", args=[pair.pk])).content.decode()
    )
    assert client.get(reverse("mentorspace_resource", args=[theirs.pk])).status_code == 404


def test_the_coordinator_uploads_a_file_that_only_the_programmes_people_can_download(
    client, pair, coordinator, mentor, employer, outsider, other_coordinator
):
    login(client, coordinator)
    slug = pair.programme.slug
    response = client.post(
        reverse("mentorspace_resource_new", args=[slug]),
        {
            "title": "CV-mal",
            "kind": "file",
            "file": SimpleUploadedFile("cv-mal.pdf", b"%PDF-1.4 test"),
            "topics": ["cv"],
            "stage": "applying",
            "region": "",
            "programme": pair.programme.pk,
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get()
    url = reverse("mentorspace_resource_file", args=[resource.pk])
    for user, status in (
        (coordinator, 200),
        (mentor, 200),
        (employer, 404),
        (outsider, 404),
        (other_coordinator, 404),
    ):
        login(client, user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_a_bad_resource_is_refused_with_errors_beside_the_fields(client, pair, coordinator):
    login(client, coordinator)
    slug = pair.programme.slug
    response = client.post(
        reverse("mentorspace_resource_new", args=[slug]),
        {"title": "Lenke", "kind": "link", "published": "on"},
    )
    assert response.status_code == 400 and "id_url_error" in response.content.decode()
    response = client.post(
        reverse("mentorspace_resource_new", args=[slug]),
        {"title": "Virus", "kind": "file", "file": SimpleUploadedFile("x.exe", b"MZ"), "published": "on"},
    )
    assert response.status_code == 400 and "id_file_error" in response.content.decode()
    assert not Resource.objects.exists()


def test_only_coordinators_manage_resources(client, request, pair, coordinator):
    resource = add(
        coordinator, pair.programme.organisation, title="Lenke", kind="link", url="https://a.example"
    )
    slug = pair.programme.slug
    for role in ("mentor", "participant_user", "employer", "other_coordinator", "staff"):
        login(client, request.getfixturevalue(role))
        assert client.get(reverse("mentorspace_resource_admin", args=[slug])).status_code == 404, role
        assert (
            client.get(reverse("mentorspace_resource_edit", args=[slug, resource.pk])).status_code == 404
        ), role
    login(client, coordinator)
    response = client.post(
        reverse("mentorspace_resource_edit", args=[slug, resource.pk]),
        {"title": "Ny tittel", "kind": "link", "url": "https://b.example", "published": "on"},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.url) == ("Ny tittel", "https://b.example")
