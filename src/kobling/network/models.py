"""The mentor programme's network: who is visible in the directory, the question board, meetups.

A participant's directory consent is people.Consent (purpose "directory"); a mentor has no
participant record, so the mentor's opt-in lives here, as history rows in the same shape: one row
per give or withdraw, the newest row is the current state.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Created, actor_ref, county_field
from kobling.mentoring.models import MentorProfile, Topic
from kobling.people.models import Consent, ConsentRecord
from kobling.programmes.models import Programme


class MentorDirectoryConsent(ConsentRecord):
    purpose = Consent.Purpose.DIRECTORY  # the one consent a mentor gives here

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="directory_consents")

    class Meta(ConsentRecord.Meta):
        indexes = [models.Index(fields=["mentor", "-at", "-id"])]


class Moderated(models.Model):
    """Hidden by a coordinator, with the reason; restoring clears it (both are in the audit log)."""

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = actor_ref(blank=True)
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Question(Moderated):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="network_questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="network_questions"
    )
    author_name = models.CharField(max_length=200)  # as shown when asked; kept if the account goes
    # The asker's county when asking, so the board can show the reader's own county first.
    region = county_field(blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    title = models.CharField(_("your question, in one line"), max_length=200)
    body = models.TextField(_("more detail"), max_length=4000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answer_count = models.PositiveIntegerField(default=0)  # visible answers, kept by the services

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["programme", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class Answer(Moderated):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="network_answers"
    )
    author_name = models.CharField(max_length=200)
    body = models.TextField(_("your answer"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Answer {self.pk} to {self.question_id}"


class Meetup(Created):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="network_meetups")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    region = county_field(blank=True, help_text=_("Empty for a digital meetup."))
    capacity = models.PositiveSmallIntegerField(_("seats"), default=30)
    waiting_list = models.BooleanField(_("keep a waiting list when full"), default=True)
    sequence = models.PositiveIntegerField(default=0)  # ICS SEQUENCE, raised on each change

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["programme", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)


class MeetupSignup(models.Model):
    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Has a seat")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)  # "mentor" or "mentee", for the coordinator's list
    state = models.CharField(max_length=10, choices=State.choices)
    signed_up_at = models.DateTimeField(default=timezone.now)  # the waiting list's order
    attended = models.BooleanField(null=True)  # None until the coordinator marks it

    class Meta:
        ordering = ["signed_up_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meetup", "user"], name="one_signup_per_meetup")]
        indexes = [models.Index(fields=["meetup", "state", "signed_up_at"])]

    def __str__(self) -> str:
        return f"{self.name} · {self.meetup_id} · {self.state}"
