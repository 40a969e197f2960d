import re

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Organisation, Outgoing


class OutboxEmail(Outgoing):
    """Every e-mail is a row here before it is sent, so none is lost while the worker is down."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to = models.EmailField()
    language = models.CharField(max_length=5, default="nb")
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # [{"filename", "mimetype", "content"}]; text content only (a calendar invitation, say).
    attachments = models.JSONField(default=list, blank=True)
    last_error = models.TextField(blank=True)
    # Login and invitation tokens the body carries. They stay only while the e-mail may still be sent:
    # once it is sent, or its link has expired, they are cut out of the body and forgotten.
    tokens = models.JSONField(default=list, blank=True)
    tokens_expire_at = models.DateTimeField(null=True, blank=True)
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta(Outgoing.Meta):
        indexes = [*Outgoing.Meta.indexes, models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def shown_body(self) -> str:
        """The body as people may read it on the outbox page: never with a live token."""
        return without_tokens(self.body, self.tokens, self.language)


def without_tokens(text: str, tokens: list[str], language: str) -> str:
    """Replace every word (a link, say) that holds one of the tokens by a note that it was removed."""
    if not tokens:
        return text
    with translation.override(language):
        note = str(_("[link removed]"))
    pattern = "|".join(r"\S*" + re.escape(token) + r"\S*" for token in tokens)
    return re.sub(pattern, lambda _match: note, text)
