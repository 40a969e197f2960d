"""Outbox rows learn which tokens their body holds; rows written before that are brought in line:
a sent e-mail's login and invitation links are cut out, an unsent one's tokens are recorded so the
outbox page hides them and they are cut out once it is sent."""

import re

from django.db import migrations, models
from django.utils import timezone, translation
from django.utils.translation import gettext

# The three links that carry a secret: password reset, invitation, an employer's event sign-up.
TOKEN_LINK = re.compile(
    r"\S*/(?:account/password-reset/[^/\s]+|invitation|events/join)/([A-Za-z0-9_-]{16,})/?\S*"
)


def record_tokens(apps, schema_editor):
    OutboxEmail = apps.get_model("notifications", "OutboxEmail")
    now = timezone.now()
    for email in OutboxEmail.objects.filter(body__regex=r"/(password-reset|invitation|join)/").iterator():
        tokens = TOKEN_LINK.findall(email.body)
        if not tokens:
            continue
        if email.state == "sent":
            with translation.override(email.language):
                note = gettext("[link removed]")
            email.body = TOKEN_LINK.sub(lambda _match: note, email.body)
            email.redacted_at = now
            email.save(update_fields=["body", "redacted_at"])
        else:
            email.tokens = sorted(set(tokens))
            email.save(update_fields=["tokens"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxemail",
            name="redacted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="tokens",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="tokens_expire_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(record_tokens, migrations.RunPython.noop),
    ]
