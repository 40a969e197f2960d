"""Follow-up shared by the provider, the participant and NAV: meetings, the activity plan,
placements and outcomes."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Created, Occupation, Organisation, actor_ref, is_it_occupation
from kobling.people.models import Participant
from kobling.programmes.models.base import Enrolment


class Meeting(models.Model):
    """A status or dialogue meeting with the person and their NAV advisor."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status meeting")
        DIALOGUE = "dialogue", _("Dialogue meeting")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    minutes_long = models.PositiveSmallIntegerField(_("length (minutes)"), default=45)
    place = models.CharField(_("place or video link"), max_length=300)
    agenda = models.TextField(_("agenda"), max_length=2000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=10000, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    organiser = actor_ref()
    sequence = models.PositiveIntegerField(default=0)  # ICS SEQUENCE, raised on every change
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class ActivityItem(Created):
    """An item of the activity plan (aktivitetsplan), shared by the person, NAV and the provider."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Goal")
        ACTIVITY = "activity", _("Activity")

    class State(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    LOCKED = (State.COMPLETED, State.CANCELLED)

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="activity_plan")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ACTIVITY)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.PROPOSAL)
    agreed_with_nav = models.BooleanField(_("agreed with NAV"), default=False)
    due = models.DateField(_("to be done by"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "due", "id"]
        indexes = [models.Index(fields=["participant", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def locked(self) -> bool:
        return self.state in self.LOCKED


class Placement(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Work practice")
        INTERNSHIP = "internship", _("Internship")
        HIRE_OUT = "hire_out", _("Hire-out period")
        JOB = "job", _("Job")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="placements",
        limit_choices_to={"kind": "employer"},
        verbose_name=_("host employer"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    supervisor = models.CharField(_("supervisor"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.host}"


class Outcome(models.Model):
    """What happened when the person left or completed. `it_job` is decided by the occupation code."""

    class Kind(models.TextChoices):
        IT_JOB = "it_job", _("IT job")
        OTHER_JOB = "other_job", _("Other job")
        EDUCATION = "education", _("Education")
        OTHER = "other", _("Other")
        DROPPED_OUT = "dropped_out", _("Dropped out")

    class DropoutReason(models.TextChoices):
        LEAVE = "leave", _("Leave")
        MOTIVATION = "motivation", _("Motivation")
        HEALTH = "health", _("Health")
        OTHER = "other", _("Other")

    JOBS = (Kind.IT_JOB, Kind.OTHER_JOB)

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="outcome")
    kind = models.CharField(_("outcome"), max_length=12, choices=Kind.choices)
    dropout_reason = models.CharField(_("why"), max_length=12, choices=DropoutReason.choices, blank=True)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation"),
    )
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "employer"},
        verbose_name=_("employer"),
    )
    employer_name = models.CharField(_("employer (if not in Kobling)"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = actor_ref()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="dropped_out") | ~Q(dropout_reason=""), name="dropout_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["it_job", "other_job"]) | Q(occupation__isnull=False),
                name="job_has_occupation",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @staticmethod
    def kind_for_job(occupation: Occupation) -> str:
        return Outcome.Kind.IT_JOB if is_it_occupation(occupation.code) else Outcome.Kind.OTHER_JOB


class TaskCheck(models.Model):
    """A yes-or-no check that falls due on a date and is asked through a task (after a job, after an
    accepted offer): the columns each such table has."""

    due = models.DateField()
    task = models.OneToOneField(
        "people.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class OutcomeFollowUp(TaskCheck):
    """The check at 3, 6 and 12 months: is the person still employed?"""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField()
    still_employed = models.BooleanField(null=True)

    class Meta:
        ordering = ["months"]
        constraints = [models.UniqueConstraint(fields=["outcome", "months"], name="one_follow_up_per_month")]

    def __str__(self) -> str:
        return f"{self.months} months"
