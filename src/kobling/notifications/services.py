"""E-mail goes through the outbox: a row first, then a task that sends it and records the result.

`email_deliver` is the one way an e-mail leaves: the delivery task, `kobling requeue_mail` and a
retry all end there. It locks the row (a second worker skips it), sends only a queued e-mail whose
time has come, and after sending cuts login and invitation tokens out of the stored body."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import SafeMIMEText
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core.audit import save_and_log
from kobling.core.models import Organisation
from kobling.notifications.models import OutboxEmail, without_tokens

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
    tokens: Sequence[str] = (),
    tokens_expire_at: datetime | None = None,
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
        tokens=tokens,
        tokens_expire_at=tokens_expire_at,
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
    tokens: Sequence[str] = (),
    tokens_expire_at: datetime | None = None,
) -> OutboxEmail:
    """Put an already written e-mail in the outbox; it is sent after the transaction commits.

    `attachments` are dicts of filename, mimetype and text content (the outbox row is JSON).
    `tokens` are the secrets in the body (a login or invitation link's token): the link holding one
    is cut out of the stored body once the e-mail is sent, or when `tokens_expire_at` has passed."""
    tokens = [_checked_token(token, body) for token in tokens]
    items = [_checked_attachment(item) for item in attachments or []]
    email = OutboxEmail.objects.create(
        organisation=organisation,
        to=to,
        language=language,
        template=template,
        subject=subject,
        body=body,
        attachments=items,
        tokens=tokens,
        tokens_expire_at=tokens_expire_at if tokens else None,
    )
    transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
    return email


def _checked_token(token: str, body: str) -> str:
    # A short "token" would cut ordinary words out of the body; one missing from it is a mistake.
    if not (isinstance(token, str) and len(token) >= 16 and token in body):
        raise ValueError("A token to remove must be a secret of 16 characters or more found in the body.")
    return token


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
    """Send one e-mail if it is queued and its time has come; record the result.

    The row stays locked while it is sent, so two workers never send it twice: the second skips it
    (`skip_locked`). A failed or sent e-mail is never sent by a leftover task, and a task that runs
    before `next_attempt_at` (the backoff) does nothing. On failure the error is recorded and the
    e-mail tried again later, with backoff, until `EMAIL_MAX_ATTEMPTS`; then it is failed."""
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        now = timezone.now()
        if email is None or email.state != OutboxEmail.State.QUEUED or email.next_attempt_at > now:
            return email
        if email.tokens and email.tokens_expire_at and email.tokens_expire_at <= now:
            _expire(email, now)  # a link that no longer works is not worth sending
            return email
        email.attempts += 1
        error = _send(email)
        if error is None:
            email.state, email.sent_at, email.last_error = OutboxEmail.State.SENT, now, ""
            _forget_tokens(email, now)
        else:
            email.last_error = error
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.state = OutboxEmail.State.FAILED
            else:
                email.next_attempt_at = now + timedelta(minutes=2**email.attempts)
        email.save(
            update_fields=[
                "attempts",
                "state",
                "sent_at",
                "last_error",
                "next_attempt_at",
                "body",
                "tokens",
                "redacted_at",
            ]
        )
    if email.state == OutboxEmail.State.QUEUED:
        transaction.on_commit(lambda: email_enqueue(email_id=email.pk, run_after=email.next_attempt_at))
    return email


def _send(email: OutboxEmail) -> str | None:
    """Hand the e-mail to the mail server; the error as text, or None when it was taken."""
    try:
        message = EmailMessage(
            subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
        )
        for item in email.attachments or []:
            _attach(message, item)
        message.send()
    except Exception as exc:  # noqa: BLE001 - any transport error is recorded, never lost
        return f"{type(exc).__name__}: {exc}"[:2000]
    return None


def _forget_tokens(email: OutboxEmail, now) -> None:
    if email.tokens:
        email.body = without_tokens(email.body, email.tokens, email.language)
        email.tokens, email.redacted_at = [], now


def _expire(email: OutboxEmail, now) -> None:
    """The e-mail's link no longer works: forget its token, and give up if it was still waiting."""
    _forget_tokens(email, now)
    if email.state == OutboxEmail.State.QUEUED:
        email.state = OutboxEmail.State.FAILED
        with translation.override(email.language):
            email.last_error = _("The link in the e-mail expired before it could be sent.")
    email.save(update_fields=["body", "tokens", "redacted_at", "state", "last_error"])


def outbox_expire_tokens() -> int:
    """Forget the tokens of unsent e-mails whose links have expired (run by `kobling requeue_mail`).

    A failed e-mail keeps its token until then, so that trying it again still helps the person."""
    now = timezone.now()
    count = 0
    with transaction.atomic():
        waiting = OutboxEmail.objects.select_for_update(skip_locked=True).filter(
            tokens_expire_at__lte=now, redacted_at__isnull=True
        )
        for email in waiting:
            _expire(email, now)
            count += 1
    return count


def email_retry(*, actor, email: OutboxEmail) -> bool:
    """Someone who reads the outbox asks for a failed e-mail to be tried again. A sent e-mail is never
    sent again, and one whose link has expired (its token is gone) cannot help: both are refused."""
    with transaction.atomic(durable=True):
        email = OutboxEmail.objects.select_for_update().get(pk=email.pk)
        if email.state != OutboxEmail.State.FAILED or email.redacted_at is not None:
            return False
        email.state, email.attempts, email.next_attempt_at = OutboxEmail.State.QUEUED, 0, timezone.now()
        save_and_log(
            email,
            actor=actor,
            organisation=email.organisation,
            fields=["state", "attempts", "next_attempt_at"],
            logged=["state"],
        )
        transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
    return True


def emails_requeue() -> int:
    """Enqueue a delivery task for every queued e-mail whose time has come: one whose task was lost
    (the process died between the commit and the enqueue, or while sending). Each task goes through
    `email_deliver`, which locks the row and sends only what is still due: a task queued twice sends
    once."""
    due = list(
        OutboxEmail.objects.filter(
            state=OutboxEmail.State.QUEUED, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)
    )
    for pk in due:
        email_enqueue(email_id=pk)
    return len(due)
