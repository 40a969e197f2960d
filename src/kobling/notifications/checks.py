"""Start-up refuses to print e-mail into the log in production by accident.

The console and file back-ends write every e-mail, password-reset and invitation links included, where
anyone who reads the logs or the disk can use them. With DEBUG off, settings.py defaults to SMTP; this
check makes sure no other path (a settings module of one's own, say) ends up with such a back-end
unless EMAIL_BACKEND names it in the environment on purpose."""

import os

from django.conf import settings

LOCAL_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)


def email_backend_problem() -> str | None:
    if settings.DEBUG or settings.EMAIL_BACKEND not in LOCAL_BACKENDS:
        return None
    if os.environ.get("EMAIL_BACKEND", "").strip() == settings.EMAIL_BACKEND:
        return None  # chosen on purpose
    return (
        f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} with DEBUG off, but the environment does not ask "
        "for it: e-mails (with their login links) would go to the log. Set EMAIL_BACKEND explicitly "
        "to use it, or leave it unset for SMTP."
    )
