"""E-mail goes through the outbox: a row first, then a task that sends it and records the result."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import SafeMIMEText
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kobling.core.models import Organisation
from kobling.notifications.models import OutboxEmail

LANGUAGES = ("nb", "en")


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    """Render `email/<template>.<language>.txt`; its first line is `Subject: …`."""
    with translation.override(language):
        text = render_to_string(
            f"email/{template}.{language}.txt", {**context, "site_url": settings.SITE_URL}
        )
    first, _, body = text.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"email/{template}.{language}.txt must start with a Subject: line")
    return first.removeprefix("Subject:").strip(), body.strip() + "\n"


def email_send(
    *,
    to: str,
    template: str,
    context: dict,
    language: str = "nb",
    organisation: Organisation | None = None,
    attachments: list[dict] | None = None,
) -> OutboxEmail:
    language = language if language in LANGUAGES else "nb"
    subject, body = _render(template, context, language)
    return email_queue(
        to=to,
        subject=subject,
        body=body,
        template=template,
        language=language,
        organisation=organisation,
        attachments=attachments,
    )


def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    template: str,
    language: str,
    organisation: Organisation | None = None,
    attachments: list[dict] | None = None,
) -> OutboxEmail:
    """Put an already written e-mail in the outbox; it is sent after the transaction commits.

    `attachments` are dicts of filename, mimetype and text content (the outbox row is JSON)."""
    items = [_checked_attachment(item) for item in attachments or []]
    email = OutboxEmail.objects.create(
        organisation=organisation,
        to=to,
        language=language,
        template=template,
        subject=subject,
        body=body,
        attachments=items,
    )
    transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
    return email


def _checked_attachment(item: dict) -> dict:
    filename, mimetype, content = item.get("filename"), item.get("mimetype"), item.get("content")
    if not (isinstance(filename, str) and filename and isinstance(content, str)):
        raise ValueError("An attachment needs a filename and text content.")
    if not (isinstance(mimetype, str) and "/" in mimetype):
        raise ValueError(f"Attachment {filename}: mimetype must look like type/subtype.")
    return {"filename": filename, "mimetype": mimetype, "content": content}


def _attach(message: EmailMessage, item: dict) -> None:
    mimetype, *params = [part.strip() for part in item["mimetype"].split(";")]
    maintype, _, subtype = mimetype.partition("/")
    if not params or maintype != "text":
        message.attach(item["filename"], item["content"], mimetype)
        return
    # EmailMessage.attach() cannot carry parameters such as a calendar's `method=REQUEST`, which
    # Outlook needs to show an invitation rather than a file, so the part is built here.
    part = SafeMIMEText(item["content"], subtype, "utf-8")
    for param in params:
        key, _, value = param.partition("=")
        if key and value:
            part.set_param(key.strip(), value.strip().strip('"'))
    filename = item["filename"]
    if not filename.isascii():
        filename = ("utf-8", "", filename)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    message.attach(part)


def email_enqueue(*, email_id: int, run_after=None) -> None:
    from kobling.notifications.tasks import deliver_email

    task = deliver_email.using(run_after=run_after) if run_after else deliver_email
    task.enqueue(email_id)


def email_deliver(*, email_id: int) -> OutboxEmail | None:
    """Send one queued e-mail; on failure record the error and try again later, with backoff."""
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.state == OutboxEmail.State.SENT:
            return email
        email.attempts += 1
        try:
            message = EmailMessage(
                subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
            )
            for item in email.attachments or []:
                _attach(message, item)
            message.send()
        except Exception as exc:  # noqa: BLE001 - any transport error is recorded, never lost
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.state = OutboxEmail.State.FAILED
            else:
                email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
        else:
            email.state = OutboxEmail.State.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["attempts", "state", "sent_at", "last_error", "next_attempt_at"])
    if email.state == OutboxEmail.State.QUEUED:
        transaction.on_commit(lambda: email_enqueue(email_id=email.pk, run_after=email.next_attempt_at))
    return email


def email_retry(*, email: OutboxEmail) -> None:
    """A coordinator asks for a failed e-mail to be tried again."""
    with transaction.atomic():
        OutboxEmail.objects.filter(pk=email.pk, state=OutboxEmail.State.FAILED).update(
            state=OutboxEmail.State.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
