"""Delivery on the real task worker to a real HTTP receiver: signed, retried with backoff, failed after
the last attempt, sent again on request; nothing to private addresses, even when a name changes its
address after the subscription was saved."""

import datetime
import shutil
import socket
import ssl
import subprocess
import time
from http.server import ThreadingHTTPServer

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook
from tests.conftest import login
from tests.webhooks.conftest import Receiver, emit, handler_for, run_worker, serve, subscribe

from kobling.core.models import AuditLog
from kobling.webhooks import services, transport
from kobling.webhooks.models import Delivery, Event

pytestmark = pytest.mark.django_db(transaction=True)


def states():
    return list(Delivery.objects.order_by("pk").values_list("state", "attempts", "response_code"))


def test_an_event_reaches_the_receiver_signed_with_the_subscriptions_secret(receiver, coordinator, provider):
    subscription, secret = subscribe(coordinator, provider, receiver.url)
    change = {"participant_id": 7, "enrolment_id": 9, "old_status": "applied", "new_status": "assessing"}
    [delivery] = emit(provider, **change)
    assert receiver.requests == []  # on the worker, not in the request
    run_worker()
    [got] = receiver.requests
    assert got.path == "/hook?source=kobling"
    assert Webhook(secret).verify(got.body, got.headers) == got.payload  # the receiver's copy verifies it
    assert got.headers["webhook-id"] == delivery.message_id
    assert got.headers["content-type"] == "application/json"
    assert got.payload["type"] == "participant.status_changed"
    assert got.payload["data"] == change
    assert states() == [("sent", 1, 200)]
    with pytest.raises(Exception, match="signature"):
        Webhook(services.new_secret()).verify(got.body, got.headers)  # another secret does not
    assert subscription.deliveries.get().sent_at is not None


def test_a_failed_attempt_is_tried_again_after_the_backoff_with_the_same_id(receiver, coordinator, provider):
    _subscription, secret = subscribe(coordinator, provider, receiver.url)
    receiver.answer(500)
    emit(provider)
    run_worker()
    assert states() == [("queued", 1, 500)]
    delivery = Delivery.objects.get()
    assert "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at >= delivery.last_attempt_at + datetime.timedelta(minutes=2)
    run_worker()  # the backoff has not passed: nothing is sent
    assert len(receiver.requests) == 1
    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
        run_worker()
        first, second = receiver.requests
        assert Webhook(secret).verify(second.body, second.headers)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body
    assert first.headers["webhook-timestamp"] < second.headers["webhook-timestamp"]
    assert states() == [("sent", 2, 200)]


def test_after_the_last_attempt_it_has_failed_and_send_again_delivers_it(
    client, settings, receiver, coordinator, provider
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    subscribe(coordinator, provider, receiver.url)
    receiver.answer(503, 503)
    emit(provider)
    run_worker()
    with time_machine.travel(Delivery.objects.get().next_attempt_at + datetime.timedelta(seconds=1)):
        run_worker()
    assert states() == [("failed", 2, 503)]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        run_worker()  # no task is left for a failed delivery
    assert len(receiver.requests) == 2

    delivery = Delivery.objects.get()
    login(client, coordinator)
    page = client.get(reverse("webhook_detail", args=[delivery.subscription_id])).content.decode()
    assert reverse("webhook_resend", args=[delivery.pk]) in page and "503" in page
    response = client.post(reverse("webhook_resend", args=[delivery.pk]))
    assert response.status_code == 302
    assert AuditLog.objects.filter(
        object_type="webhooks.delivery", object_id=str(delivery.pk), note="send again", actor=coordinator
    ).exists()
    run_worker()
    assert states() == [("sent", 1, 200)]
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1 and len(receiver.requests) == 3


def test_a_redirect_is_not_followed(receiver, coordinator, provider):
    subscribe(coordinator, provider, receiver.url)
    receiver.answer(302)
    emit(provider)
    run_worker()
    assert len(receiver.requests) == 1  # /elsewhere was never asked
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.response_code) == ("queued", 302)
    assert "not followed" in delivery.last_error


def test_a_rolled_back_change_sends_nothing(receiver, coordinator, provider):
    subscribe(coordinator, provider, receiver.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.webhook_event_emit(
            event=Event.OUTCOME_RECORDED, organisations=[provider], data={"outcome_id": 1}
        )
        raise RuntimeError("the change failed")
    run_worker()
    assert receiver.requests == [] and not Delivery.objects.exists()


def test_nothing_goes_to_another_organisation_or_a_turned_off_subscription(
    receiver, coordinator, provider, other_coordinator, other_provider
):
    subscribe(other_coordinator, other_provider, receiver.url)
    off, _secret = subscribe(coordinator, provider, receiver.url)
    mine, _secret = subscribe(coordinator, provider, receiver.url, events=[Event.OUTCOME_RECORDED])
    services.subscription_update(
        actor=coordinator, subscription=off, url=off.url, events=off.events, description="", active=False
    )
    assert emit(provider) == []  # the only active one of ours wants outcomes, not status changes
    [delivery] = emit(provider, Event.OUTCOME_RECORDED, outcome_id=3)
    assert delivery.subscription == mine
    run_worker()
    assert [r.payload["type"] for r in receiver.requests] == ["outcome.recorded"]


def test_the_address_is_checked_again_at_every_attempt(settings, receiver, coordinator, provider):
    """What was allowed when saved but is not now is not called (here: loopback, once allowed)."""
    port = receiver.server.server_address[1]
    subscribe(coordinator, provider, f"http://localhost:{port}/hook")
    settings.WEBHOOKS_ALLOW_LOOPBACK = False  # now localhost is as private as any internal address
    emit(provider)
    run_worker()
    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert delivery.state == "queued" and delivery.response_code is None
    assert delivery.last_error
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
        run_worker()
    assert len(receiver.requests) == 1


def test_a_name_that_resolves_to_a_private_address_at_delivery_is_refused(
    settings, monkeypatch, receiver, coordinator, provider
):
    """DNS rebinding: a public-looking name, saved without a look-up, that resolves to this machine when
    the message goes is refused, and nothing reaches the server behind it."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    port = receiver.server.server_address[1]
    subscribe(coordinator, provider, f"https://hooks.example.com:{port}/hook")
    real = socket.getaddrinfo

    def rebound(host, *args, **kwargs):
        return real("127.0.0.1" if host == "hooks.example.com" else host, *args, **kwargs)

    monkeypatch.setattr(transport.socket, "getaddrinfo", rebound)
    emit(provider)
    run_worker()
    delivery = Delivery.objects.get()
    assert "resolves to 127.0.0.1" in delivery.last_error and delivery.response_code is None
    assert receiver.requests == []


def test_an_answer_that_never_comes_ends_the_attempt_in_time(settings, coordinator, provider):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    silent = socket.create_server(("127.0.0.1", 0))
    try:
        subscribe(coordinator, provider, f"http://127.0.0.1:{silent.getsockname()[1]}/hook")
        emit(provider)
        started = time.monotonic()
        run_worker()
        assert time.monotonic() - started < 4
    finally:
        silent.close()
    delivery = Delivery.objects.get()
    assert delivery.state == "queued" and "timed out" in delivery.last_error.lower()


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """The receiver behind TLS, with a certificate for `localhost` that the sender is told to trust."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(receiver))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    serve(receiver, server)
    monkeypatch.setattr(transport, "tls_context", lambda: ssl.create_default_context(cafile=str(cert)))
    yield receiver
    server.shutdown()
    server.server_close()


def test_https_is_checked_against_the_host_name_while_the_connection_goes_to_the_checked_address(
    tls_receiver, coordinator, provider
):
    port = tls_receiver.server.server_address[1]
    url = f"https://localhost:{port}/hook"
    _subscription, secret = subscribe(coordinator, provider, url, events=[Event.PARTICIPANT_STATUS_CHANGED])
    emit(provider)
    run_worker()
    [got] = tls_receiver.requests
    assert got.headers["host"] == f"localhost:{port}" and Webhook(secret).verify(got.body, got.headers)
    # The same server named by its address: its certificate is for localhost, so the check fails.
    subscribe(coordinator, provider, f"https://127.0.0.1:{port}/hook", events=[Event.OUTCOME_RECORDED])
    emit(provider, Event.OUTCOME_RECORDED, outcome_id=1)
    run_worker()
    refused = Delivery.objects.get(event=Event.OUTCOME_RECORDED)
    assert refused.state == "queued" and "CERTIFICATE_VERIFY_FAILED" in refused.last_error
    assert len(tls_receiver.requests) == 1


def test_a_second_task_for_the_same_delivery_sends_nothing(receiver, coordinator, provider):
    subscribe(coordinator, provider, receiver.url)
    [delivery] = emit(provider)
    services.delivery_enqueue(delivery_id=delivery.pk)  # as requeue would after a lost task
    run_worker()
    assert len(receiver.requests) == 1 and states() == [("sent", 1, 200)]
    assert services.deliveries_requeue() == 0


def test_a_delivery_whose_task_was_lost_is_queued_again_by_the_command(receiver, coordinator, provider):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    subscribe(coordinator, provider, receiver.url)
    emit(provider)
    DBTaskResult.objects.all().delete()  # as if the process died between the commit and the enqueue
    run_worker()
    assert receiver.requests == []
    call_command("requeue_webhooks", verbosity=0)
    run_worker()
    assert len(receiver.requests) == 1 and states() == [("sent", 1, 200)]
