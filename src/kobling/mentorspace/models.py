"""The pair's space: goals, meeting log, messages, check-ins, final evaluations, nudges and resources.

Everything hangs off `mentoring.Mentorship` with a foreign key; the mentoring app owns the pair itself.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Created, Organisation, actor_ref, county_field
from kobling.mentoring.models import Mentorship
from kobling.programmes.models import Programme


class Side(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class CoordinatorView(models.TextChoices):
    """How much of a pair's space the programme's coordinators see. Private notes: never."""

    SUMMARY = "summary", _("Goals, progress and meeting dates")
    NOTES = "notes", _("Also the shared meeting notes")
    MESSAGES = "messages", _("Also the messages between the two")


class SpaceSettings(models.Model):
    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="space_settings")
    coordinator_view = models.CharField(
        _("what coordinators see of a pair's space"),
        max_length=10,
        choices=CoordinatorView.choices,
        default=CoordinatorView.SUMMARY,
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Space settings · {self.programme}"

    @property
    def coordinators_see_notes(self) -> bool:
        return self.coordinator_view in (CoordinatorView.NOTES, CoordinatorView.MESSAGES)

    @property
    def coordinators_see_messages(self) -> bool:
        return self.coordinator_view == CoordinatorView.MESSAGES


class Goal(Created):
    class Progress(models.IntegerChoices):
        NOT_STARTED = 0, _("Not started")
        STARTED = 25, _("Started")
        HALFWAY = 50, _("Halfway")
        NEARLY = 75, _("Nearly there")
        REACHED = 100, _("Reached")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="space_goals")
    title = models.CharField(_("goal"), max_length=200)
    progress = models.PositiveSmallIntegerField(
        _("progress"), choices=Progress.choices, default=Progress.NOT_STARTED
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["mentorship", "progress"])]

    def __str__(self) -> str:
        return self.title


class MeetingLog(Created):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="space_meetings")
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    shared_notes = models.TextField(_("notes you both see"), max_length=4000, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["mentorship", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d}"


class PrivateNote(models.Model):
    """A note about a meeting that only its author ever sees (not the other side, not coordinators)."""

    meeting = models.ForeignKey(MeetingLog, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private note, only you see it"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "author"], name="one_private_note_each")]

    def __str__(self) -> str:
        return f"Private note {self.pk}"


class Message(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="space_messages")
    sender = actor_ref()
    side = models.CharField(max_length=6, choices=Side.choices)
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["mentorship", "created_at"])]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class CheckIn(models.Model):
    class Kind(models.TextChoices):
        FIT = "fit", _("Is this a good fit?")
        MONTHLY = "monthly", _("Monthly check-in")

    LOW_SCORE = 2

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="space_checkins")
    side = models.CharField(max_length=6, choices=Side.choices)
    user = actor_ref()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    month = models.PositiveSmallIntegerField(default=0)  # 0 for the fit question, else months since start
    good_fit = models.BooleanField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    low = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["mentorship", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "side", "kind", "month"], name="one_checkin_per_occasion"
            )
        ]

    def __str__(self) -> str:
        return f"Check-in {self.kind} {self.month}"


class Evaluation(models.Model):
    class Outcome(models.TextChoices):
        JOB = "job", _("I got a job")
        EDUCATION = "education", _("I started an education")
        NOT_YET = "not_yet", _("Not yet")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="space_evaluations")
    side = models.CharField(max_length=6, choices=Side.choices)
    user = actor_ref()
    rating = models.PositiveSmallIntegerField(_("how useful was the mentor period?"))
    goals_met = models.BooleanField(_("we reached our most important goal"), default=False)
    outcome = models.CharField(_("where are you now?"), max_length=10, choices=Outcome.choices, blank=True)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    comment = models.TextField(_("what should we know?"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mentorship", "side"], name="one_evaluation_per_side")]

    def __str__(self) -> str:
        return f"Evaluation {self.side}"


class Nudge(models.Model):
    """One reminder e-mail, recorded so each occasion is reminded once however often the job runs."""

    class Kind(models.TextChoices):
        NO_MEETING = "no_meeting", _("No meeting logged for a while")
        UNANSWERED = "unanswered", _("Unanswered proposal")
        PERIOD_END = "period_end", _("The period ends soon")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="space_nudges")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    occasion = models.CharField(max_length=60)
    side = models.CharField(max_length=6, choices=Side.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "kind", "occasion", "side"], name="one_nudge_per_occasion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occasion} {self.side}"


class PrivateStorage(FileSystemStorage):
    """Uploaded resources live outside the static and media URLs; a view checks access and serves them."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)


def private_storage():
    return PrivateStorage()


class ResourceTopic(models.TextChoices):
    WORK_CULTURE = "work_culture", _("Norwegian work culture")
    CV = "cv", _("CV")
    INTERVIEWS = "interviews", _("Job interviews")
    CERTIFICATION = "certification", _("Certifications")
    NETWORK = "network", _("Professional network")
    JOB_SEARCH = "job_search", _("Job search in the field")


class Resource(Created):
    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        FILE = "file", _("File")
        ARTICLE = "article", _("Article")
        COURSE = "course", _("Course")

    class Stage(models.TextChoices):
        ANY = "", _("Any stage")
        START = "start", _("Getting started")
        APPLYING = "applying", _("Applying for jobs")
        INTERVIEWING = "interviewing", _("Interviews and offers")
        NEW_JOB = "new_job", _("The first months in a job")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mentor_resources")
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentor_resources",
        verbose_name=_("programme"),
        help_text=_("Empty: every mentor programme of ours."),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.LINK)
    url = models.URLField(_("web address"), blank=True)
    file = models.FileField(_("file"), upload_to="mentorspace/%Y/", storage=private_storage, blank=True)
    body = models.TextField(_("text"), max_length=20000, blank=True)
    summary = models.CharField(_("in one sentence"), max_length=300, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.ANY, blank=True)
    region = county_field(blank=True, help_text=_("Empty: the whole country."))
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["organisation", "published"])]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="link") | ~Q(url=""), name="a_link_resource_has_a_url")
        ]

    def __str__(self) -> str:
        return self.title
