from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    """Stands in for an SMTP server that is down: the one part outside the system."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server is down")


class SlowBackend(BaseEmailBackend):
    """A mail server that takes its time, so two workers can meet over one e-mail."""

    def send_messages(self, email_messages):
        import time

        from django.core.mail.backends.locmem import EmailBackend

        time.sleep(0.5)
        return EmailBackend().send_messages(email_messages)
