"""Server-side request forgery: only https to public addresses; plain http only to this machine and only
where the setting allows it; private, link-local, loopback and reserved addresses refused however they
are written. The check at delivery (which resolves the name) is in test_delivery."""

import ipaddress

import pytest
from django.core.exceptions import ValidationError

from kobling.webhooks import services, transport
from kobling.webhooks.models import Subscription

REFUSED_ALWAYS = [
    "http://hooks.example.com/x",  # plain http to the internet
    "https://10.0.0.5/x",
    "https://172.16.3.4/x",
    "https://192.168.1.10:8443/x",
    "https://169.254.169.254/latest/meta-data/",  # the cloud metadata service
    "https://100.64.0.1/x",  # shared address space (carrier NAT)
    "https://0.0.0.0/x",
    "https://[fc00::1]/x",
    "https://[fe80::1]/x",
    "https://[::ffff:10.0.0.1]/x",  # IPv4-mapped
    "https://[64:ff9b::a00:1]/x",  # NAT64 of 10.0.0.1
    "https://[2002:a00:1::]/x",  # 6to4 of 10.0.0.1
    "https://224.0.0.1/x",
    "https://intranet/x",  # a single-label name: the local network's
    "https://printer.local/x",
    "https://db.internal/x",
    "https://kobling.localhost/x",
    "https://user:secret@hooks.example.com/x",
    "https://hooks.example.com/x\r\nHost: evil",
    "ftp://hooks.example.com/x",
    "https://hooks.example.com:99999/x",
    "javascript:alert(1)",
    "",
]
REFUSED_WITHOUT_LOOPBACK = [
    "http://127.0.0.1:8000/hook",
    "https://127.0.0.1/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://localhost/hook",
    "http://localhost:8000/hook",
]


@pytest.mark.parametrize("url", REFUSED_ALWAYS)
@pytest.mark.parametrize("loopback", [False, True])
def test_these_addresses_are_refused_whatever_the_setting(settings, url, loopback):
    settings.WEBHOOKS_ALLOW_LOOPBACK = loopback
    with pytest.raises(transport.Refused):
        transport.parse(url)


@pytest.mark.parametrize("url", REFUSED_WITHOUT_LOOPBACK)
def test_this_machine_is_refused_unless_the_setting_allows_it(settings, url):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(transport.Refused):
        transport.parse(url)
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert transport.parse(url).port in (8000, 443)


def test_public_https_addresses_are_accepted(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    target = transport.parse("https://hooks.example.com/kobling/events?key=1")
    assert (target.scheme, target.host, target.port, target.path) == (
        "https",
        "hooks.example.com",
        443,
        "/kobling/events?key=1",
    )
    assert transport.parse("https://93.184.215.14:8443/").port == 8443


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.53", False),
        ("10.1.2.3", False),
        ("169.254.0.1", False),
        ("192.0.2.1", False),  # documentation
        ("::", False),
        ("::ffff:8.8.8.8", True),
        ("::ffff:192.168.0.1", False),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
        ("ff02::1", False),
    ],
)
def test_which_addresses_count_as_public(address, public):
    assert transport.is_public(ipaddress.ip_address(address)) is public


def test_the_resolver_refuses_a_name_with_any_private_address(settings, monkeypatch):
    """A name is refused when one of its addresses is not public: the connection could reach it."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    answers = [(2, 1, 6, "", ("93.184.215.14", 443)), (2, 1, 6, "", ("10.0.0.7", 443))]
    monkeypatch.setattr(transport.socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(transport.Refused, match="10.0.0.7"):
        transport.resolve(transport.parse("https://hooks.example.com/"))
    monkeypatch.setattr(transport.socket, "getaddrinfo", lambda *args, **kwargs: answers[:1])
    assert transport.resolve(transport.parse("https://hooks.example.com/")) == ["93.184.215.14"]


def test_the_subscription_service_refuses_a_private_address_at_the_field(db, settings, coordinator, provider):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(ValidationError) as refused:
        services.subscription_create(
            actor=coordinator,
            organisation=provider,
            url="https://169.254.169.254/latest/meta-data/",
            events=["participant.status_changed"],
        )
    assert "url" in refused.value.error_dict
    assert not Subscription.objects.exists()
