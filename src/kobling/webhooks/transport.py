"""How a webhook leaves Kobling: which addresses it may go to, and one POST to an address checked just
before it is sent.

An organisation's coordinator chooses the URL, so the URL is untrusted: it must not make the server
call itself or the network it sits in (server-side request forgery). Only `https` to public addresses
is allowed; plain `http` only to this machine, and only where `WEBHOOKS_ALLOW_LOOPBACK` says so (tests,
trials). The URL is checked when it is saved, and again at every attempt, where the host name is
resolved and *every* address it gives must be public; the connection then goes to the address that was
checked (the name is kept for the Host header, TLS's SNI and the certificate check), so a name that
resolves to something else a moment later (DNS rebinding) changes nothing. Redirects are not followed,
and one attempt has `WEBHOOK_TIMEOUT_SECONDS` in all, however slowly the other end answers."""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Names that never lead to a public address.
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".corp")
MAX_URL_LENGTH = 500
MAX_RESPONSE_BYTES = 64 * 1024


class Refused(Exception):
    """The address may not be called; the message says why (in the active language)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # lower case, IDNA, without brackets
    port: int
    path: str  # path and query, as sent in the request line


@dataclass(frozen=True)
class Answer:
    status: int | None  # the HTTP status, or None when no answer came
    error: str  # empty when the answer was a 2xx


def loopback_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_LOOPBACK", False))


def _embedded_v4(ip: IP) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), so that it is judged too."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_loopback(ip: IP) -> bool:
    inner = _embedded_v4(ip)
    return ip.is_loopback or (inner is not None and inner.is_loopback)


def is_public(ip: IP) -> bool:
    """A global unicast address: not private, loopback, link-local, shared, reserved or multicast."""
    if ip.version == 6 and ip.teredo:
        return False
    ip = _embedded_v4(ip) or ip
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def address_allowed(ip: IP) -> bool:
    return is_public(ip) or (loopback_allowed() and is_loopback(ip))


def _literal(host: str) -> IP | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def parse(url: str) -> Target:
    """Check a URL's form and what it names, without a DNS look-up; refuse what may not be called."""
    if not url or len(url) > MAX_URL_LENGTH:
        raise Refused(_("Give an address of at most %(count)s characters.") % {"count": MAX_URL_LENGTH})
    if not url.isascii() or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise Refused(_("The address may not hold spaces, control characters or letters outside ASCII."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused(_("This is not a valid address."))
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme not in ("https", "http") or not host:
        raise Refused(_("The address must start with https:// and name a host."))
    if parts.username is not None or parts.password is not None:
        raise Refused(_("The address may not hold a user name or password."))
    ip = _literal(host)
    local_name = host == "localhost" or host.endswith(LOCAL_SUFFIXES) or ("." not in host and ip is None)
    loopback = (ip is not None and is_loopback(ip)) or host == "localhost"
    if loopback and loopback_allowed():
        pass  # this machine, for tests and trials
    elif local_name or (ip is not None and not is_public(ip)):
        raise Refused(_("Webhooks go only to public addresses, not to local or private networks."))
    if parts.scheme == "http" and not (loopback and loopback_allowed()):
        raise Refused(_("The address must use https://."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path)


def resolve(target: Target) -> list[str]:
    """The addresses to connect to, in order: every address the host resolves to must be allowed."""
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Refused(f"The host {target.host} could not be resolved ({exc}).")
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    refused = [str(ip) for ip in addresses if not address_allowed(ip)]
    if refused or not addresses:
        raise Refused(f"Refused: {target.host} resolves to {', '.join(refused)}, which is not public.")
    if target.scheme == "http" and not all(is_loopback(ip) for ip in addresses):
        raise Refused(f"Refused: plain http only to this machine, not to {target.host}.")
    return list(dict.fromkeys(str(ip) for ip in addresses))


def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class _Pinned:
    """A connection to the checked addresses (the first that answers), while the host name stays in the
    Host header, SNI and the certificate check. http.client opens its socket through
    `_create_connection`; that is the one thing changed."""

    def pin(self, addresses: list[str]) -> None:
        def connect_to_checked(address, timeout=None, source_address=None):
            error = OSError(f"No address to connect to for {self.host}.")
            for ip in addresses:
                try:
                    return socket.create_connection((ip, address[1]), timeout, source_address)
                except OSError as exc:
                    error = exc
            raise error

        self._create_connection = connect_to_checked


class PinnedHTTPConnection(_Pinned, http.client.HTTPConnection):
    pass


class PinnedHTTPSConnection(_Pinned, http.client.HTTPSConnection):
    pass


def _cut(connection: http.client.HTTPConnection, fired: threading.Event) -> None:
    """The attempt's time is up: end the socket, which wakes a read that is still waiting."""
    fired.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST the body to the URL, once: checked, pinned, no redirects, within the time limit."""
    try:
        target = parse(url)
        addresses = resolve(target)
    except Refused as refused:
        return Answer(None, str(refused)[:500])
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    if target.scheme == "https":
        connection = PinnedHTTPSConnection(target.host, target.port, timeout=timeout, context=tls_context())
    else:
        connection = PinnedHTTPConnection(target.host, target.port, timeout=timeout)
    connection.pin(addresses)
    fired = threading.Event()
    deadline = threading.Timer(timeout, _cut, args=(connection, fired))
    deadline.daemon = True
    deadline.start()
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(MAX_RESPONSE_BYTES)
    except (OSError, http.client.HTTPException) as exc:
        if fired.is_set():
            return Answer(None, f"Timed out: no answer within {timeout} seconds.")
        return Answer(None, f"{type(exc).__name__}: {exc}"[:500])
    finally:
        deadline.cancel()
        connection.close()
    if 200 <= response.status < 300:
        return Answer(response.status, "")
    note = " (redirects are not followed)" if 300 <= response.status < 400 else ""
    return Answer(response.status, f"HTTP {response.status} {response.reason}{note}"[:500])
