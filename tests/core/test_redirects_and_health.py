"""Low findings of the audit: `next` never leads off the site or to a 500, and /health/ says nothing
about how the server is set up."""

import pytest
from django.db import transaction
from django.urls import reverse

from kobling.people import services as people
from tests.conftest import login


@pytest.fixture
def task(coordinator, provider):
    with transaction.atomic():
        return people.task_create(
            actor=coordinator, organisation=provider, title="Ring Ola", assignee=coordinator
        )


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "not-a-url",
        "javascript:alert(1)",
        "http://testserver.evil/",
    ],
)
def test_ticking_a_task_off_never_follows_a_next_that_leaves_the_site(client, coordinator, task, target):
    login(client, coordinator)
    response = client.post(reverse("task_toggle", args=[task.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("task_list")
    task.refresh_from_db()
    assert task.done_at is not None


def test_a_next_on_this_site_is_followed(client, coordinator, task):
    login(client, coordinator)
    response = client.post(reverse("task_toggle", args=[task.pk]), {"next": "/participants/?page=2"})
    assert response["Location"] == "/participants/?page=2"


def test_health_tells_an_anonymous_caller_only_that_it_is_up(client, settings, db):
    settings.DEBUG = True
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"ok": True}


def test_the_favicon_is_there(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200


def test_the_demo_logins_point_at_the_port_the_server_uses(settings):
    from kobling.demo.generator import login_block

    settings.SITE_URL = "http://127.0.0.1:8101"
    assert login_block().splitlines()[0] == "Kobling demo: http://127.0.0.1:8101"


def test_the_error_pages_are_friendly_in_both_languages_and_fit_a_phone(client, db):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert 'name="viewport"' in page and "site.css" in page
    assert "Noe gikk galt" in page and "Something went wrong" in page and 'href="/"' in page
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and b'href="/"' in missing.content
