from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    """Stands in for an SMTP server that is down: the one part outside the system."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server is down")
