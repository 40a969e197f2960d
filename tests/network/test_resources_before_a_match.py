"""People still waiting for a mentor already get the programme's resources, through the network."""

import pytest
from django.urls import reverse

from kobling.mentorspace.models import Resource
from tests.conftest import login

pytestmark = pytest.mark.django_db


def article(programme, *, published=True, title="Slik skriver du en norsk CV"):
    return Resource.objects.create(
        organisation=programme.organisation,
        programme=programme,
        title=title,
        kind=Resource.Kind.ARTICLE,
        body="Kort, konkret og med resultater.",
        published=published,
    )


def test_a_waiting_mentee_sees_and_opens_an_article_before_any_match(client, network, participant_user):
    resource = article(network)
    login(client, participant_user)
    home = client.get(reverse("network_home", args=[network.slug])).content.decode()
    assert reverse("mentorspace_resource", args=[resource.pk]) in home
    page = client.get(reverse("mentorspace_resource", args=[resource.pk]))
    assert page.status_code == 200
    assert "Kort, konkret og med resultater." in page.content.decode()


def test_unpublished_resources_and_outsiders_get_nothing(client, network, participant_user, outsider):
    draft = article(network, published=False, title="Utkast")
    login(client, participant_user)
    assert client.get(reverse("mentorspace_resource", args=[draft.pk])).status_code == 404
    published = article(network)
    login(client, outsider)
    assert client.get(reverse("mentorspace_resource", args=[published.pk])).status_code == 404


def test_another_programmes_member_does_not_get_this_programmes_resources(client, network, foreign_member):
    resource = article(network)
    login(client, foreign_member)
    assert client.get(reverse("mentorspace_resource", args=[resource.pk])).status_code == 404
