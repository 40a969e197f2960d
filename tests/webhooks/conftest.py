"""A real HTTP receiver on this machine (http.server in a thread, on a free port) that records every
request and answers with the status codes it is told, and the real task worker."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import transaction

from kobling.webhooks import services
from kobling.webhooks.models import Event


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records each POST; answers with the queued status codes in turn, then 200."""

    requests: list[Received] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook?source=kobling"

    def answer(self, *codes: int) -> None:
        self.codes.extend(codes)


def handler_for(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            receiver.requests.append(Received(self.path, headers, body))
            code = receiver.codes.pop(0) if receiver.codes else 200
            self.send_response(code)
            if 300 <= code < 400:
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    return Handler


def serve(receiver: Receiver, server: ThreadingHTTPServer):
    receiver.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def receiver():
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(receiver))
    serve(receiver, server)
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _loopback(settings):
    """The receiver runs on this machine: tests allow loopback, as production never does."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


def subscribe(actor, organisation, url, events=tuple(Event.values)):
    subscription, secret = services.subscription_create(
        actor=actor, organisation=organisation, url=url, events=list(events)
    )
    return subscription, secret


def emit(organisation, event=Event.PARTICIPANT_STATUS_CHANGED, **data):
    with transaction.atomic():
        return services.webhook_event_emit(
            event=event,
            organisations=[organisation],
            data=data or {"participant_id": 1, "old_status": "applied", "new_status": "assessing"},
        )
