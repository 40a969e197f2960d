"""Messages are signed as the Standard Webhooks specification says, checked against its published
test vector; a rotated secret signs alongside the new one for a day."""

import base64
import datetime

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from kobling.webhooks import services
from kobling.webhooks.models import Delivery, Subscription

UTC = datetime.UTC
# The specification's test vector (standard-webhooks/spec, "Signature scheme").
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = '{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_headers_match_the_specifications_test_vector():
    subscription = Subscription(secret=SPEC_SECRET)
    delivery = Delivery(message_id=SPEC_ID, body=SPEC_BODY)
    at = datetime.datetime.fromtimestamp(SPEC_TIMESTAMP, tz=UTC)
    headers = services.signed_headers(delivery, subscription, at)
    assert headers["webhook-id"] == SPEC_ID
    assert headers["webhook-timestamp"] == str(SPEC_TIMESTAMP)
    assert headers["webhook-signature"] == SPEC_SIGNATURE
    assert headers["Content-Type"] == "application/json"


def test_a_new_secret_is_32_random_bytes_in_the_whsec_form():
    first, second = services.new_secret(), services.new_secret()
    assert first.startswith("whsec_") and first != second
    assert len(base64.b64decode(first.removeprefix("whsec_"))) == 32
    Webhook(first)  # the library reads it


def test_after_a_rotation_both_secrets_sign_for_a_day_then_only_the_new_one():
    now = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    old, new = services.new_secret(), services.new_secret()
    subscription = Subscription(
        secret=new, previous_secret=old, previous_secret_until=now + datetime.timedelta(hours=24)
    )
    delivery = Delivery(message_id="msg_rotation", body='{"type":"x"}')
    headers = services.signed_headers(delivery, subscription, now)
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        assert Webhook(secret).sign("msg_rotation", now, delivery.body) in headers["webhook-signature"]
    later = now + datetime.timedelta(hours=25)
    headers = services.signed_headers(delivery, subscription, later)
    assert headers["webhook-signature"] == Webhook(new).sign("msg_rotation", later, delivery.body)


def test_a_changed_body_does_not_verify():
    now = datetime.datetime.now(tz=UTC)
    subscription = Subscription(secret=services.new_secret())
    delivery = Delivery(message_id="msg_tamper", body='{"data":{"participant_id":1}}')
    headers = services.signed_headers(delivery, subscription, now)
    webhook = Webhook(subscription.secret)
    assert webhook.verify(delivery.body, headers) == {"data": {"participant_id": 1}}
    with pytest.raises(WebhookVerificationError):
        webhook.verify('{"data":{"participant_id":2}}', headers)
