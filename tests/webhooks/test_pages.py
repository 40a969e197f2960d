"""The webhook pages: an organisation's administrators make, change, turn off and rotate subscriptions;
the secret is shown once; another organisation's subscription or delivery is a 404, to read and to
send again."""

import pytest
from django.urls import reverse
from standardwebhooks import Webhook
from tests.conftest import login
from tests.webhooks.conftest import emit, subscribe

from kobling.core.models import AuditLog
from kobling.webhooks.models import Delivery, Event, Subscription

pytestmark = pytest.mark.django_db
URL = "https://hooks.example.com/kobling"


def create(client, organisation, url=URL, events=(Event.PARTICIPANT_STATUS_CHANGED, Event.OUTCOME_RECORDED)):
    return client.post(
        reverse("webhook_new"),
        {"organisation": organisation.pk, "url": url, "events": list(events), "description": "Fagsystemet"},
    )


def test_a_coordinator_subscribes_and_sees_the_secret_once(client, coordinator, provider):
    login(client, coordinator)
    assert client.get(reverse("webhook_new")).status_code == 200
    response = create(client, provider)
    subscription = Subscription.objects.get()
    assert response.status_code == 200 and subscription.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert subscription.events == ["participant.status_changed", "outcome.recorded"]
    Webhook(subscription.secret)  # a secret the library takes
    assert AuditLog.objects.filter(object_type="webhooks.subscription", action="create").exists()
    for name in ("webhook_list", "webhook_detail", "webhook_edit"):
        args = [] if name == "webhook_list" else [subscription.pk]
        page = client.get(reverse(name, args=args)).content.decode()
        assert subscription.secret not in page and URL in page, name


def test_a_private_address_is_refused_at_the_field(client, coordinator, provider):
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    response = create(client, provider, url="https://192.168.0.10/hook")
    assert response.status_code == 200 and not Subscription.objects.exists()
    assert "only to public addresses" in response.content.decode()
    response = create(client, provider, url="http://hooks.example.com/hook")
    assert "must use https://" in response.content.decode() and not Subscription.objects.exists()


def test_rotating_shows_a_new_secret_once_and_is_audited(client, coordinator, provider):
    subscription, old = subscribe(coordinator, provider, URL)
    login(client, coordinator)
    response = client.post(reverse("webhook_rotate", args=[subscription.pk]))
    subscription.refresh_from_db()
    body = response.content.decode()
    assert subscription.secret != old and subscription.secret in body and old not in body
    assert subscription.previous_secret == old and subscription.previous_secret_until
    assert AuditLog.objects.filter(object_id=str(subscription.pk), fields=["secret"]).exists()
    assert client.get(reverse("webhook_rotate", args=[subscription.pk])).status_code == 405


def test_changing_and_turning_off(client, coordinator, provider):
    subscription, _secret = subscribe(coordinator, provider, URL)
    login(client, coordinator)
    response = client.post(
        reverse("webhook_edit", args=[subscription.pk]),
        {"url": URL + "/v2", "events": [Event.ATTENDANCE_ALERT], "description": ""},
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.url, subscription.events, subscription.active) == (
        URL + "/v2",
        ["attendance.alert"],
        False,
    )
    entry = AuditLog.objects.filter(object_id=str(subscription.pk), action="update").get()
    assert entry.fields == ["active", "events", "url"]


def test_the_delivery_log_shows_status_attempts_and_the_response(client, coordinator, provider):
    subscription, _secret = subscribe(coordinator, provider, URL)
    emit(provider)
    Delivery.objects.update(state="failed", attempts=8, response_code=502, last_error="HTTP 502 Bad Gateway")
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("webhook_detail", args=[subscription.pk])).content.decode()
    assert "participant.status_changed" in page and "HTTP 502 Bad Gateway" in page and "Failed" in page
    assert reverse("webhook_resend", args=[Delivery.objects.get().pk]) in page
    listing = client.get(reverse("webhook_list")).content.decode()
    assert URL in listing


def test_another_organisation_neither_sees_nor_sends_again(
    client, coordinator, provider, other_coordinator, market_coordinator
):
    subscription, _secret = subscribe(coordinator, provider, URL)
    [delivery] = emit(provider)
    Delivery.objects.update(state="failed")
    for user in (other_coordinator, market_coordinator):
        login(client, user)
        assert URL not in client.get(reverse("webhook_list")).content.decode()
        for name in ("webhook_detail", "webhook_edit"):
            assert client.get(reverse(name, args=[subscription.pk])).status_code == 404
        assert client.post(reverse("webhook_rotate", args=[subscription.pk])).status_code == 404
        assert client.post(reverse("webhook_resend", args=[delivery.pk])).status_code == 404
        # Nor can they make one for our organisation: the form offers only their own.
        response = create(client, provider)
        assert response.status_code == 200 and Subscription.objects.count() == 1
    delivery.refresh_from_db()
    assert delivery.state == "failed"
    subscription.refresh_from_db()
    assert subscription.url == URL


def test_the_platform_admin_manages_every_organisations_subscriptions(client, admin, coordinator, provider):
    subscription, _secret = subscribe(coordinator, provider, URL)
    login(client, admin)
    assert client.get(reverse("webhook_detail", args=[subscription.pk])).status_code == 200
    response = create(client, provider, url="https://other.example.com/hook")
    assert response.status_code == 200 and Subscription.objects.count() == 2


@pytest.mark.parametrize(
    "persona", ["staff", "advisor", "mentor", "employer", "participant_user", "outsider"]
)
def test_no_one_else_reaches_the_pages(client, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("webhook_list")).status_code == 404
    assert client.get(reverse("webhook_new")).status_code == 404


def test_the_list_costs_the_same_queries_for_one_or_many(
    client, coordinator, provider, django_assert_max_num_queries
):
    subscribe(coordinator, provider, URL)
    login(client, coordinator)
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("webhook_list"))
    for n in range(5):
        subscribe(coordinator, provider, f"{URL}/{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("webhook_list"))


def test_the_delivery_log_costs_the_same_queries_for_one_or_many(
    client, coordinator, provider, django_assert_max_num_queries
):
    subscription, _secret = subscribe(coordinator, provider, URL)
    emit(provider)
    login(client, coordinator)
    url = reverse("webhook_detail", args=[subscription.pk])
    with django_assert_max_num_queries(50) as few:
        client.get(url)
    for _n in range(5):
        emit(provider)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_an_organisation_has_at_most_ten_subscriptions(client, coordinator, provider):
    for n in range(10):
        subscribe(coordinator, provider, f"{URL}/{n}")
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    response = create(client, provider)
    assert "at most 10 subscriptions" in response.content.decode()
    assert Subscription.objects.count() == 10
