"""Recruitment events (speed-interview days): set-up, registrations, wishes and interviews.

Slots are numbered 0..n-1 from the event's time window, its slot length and its breaks
(`Event.slots()`); registrations store unavailable slots by number, as the scheduler does. An
Interview is the row that later feedback and offers attach to, so it is never deleted once it has
been published: a re-plan that drops it marks it cancelled.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import LANGUAGE_CHOICES, Created, Occupation, Organisation, actor_ref
from kobling.people.models import Participant


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    SCHEDULING = "scheduling", _("Scheduling")
    PUBLISHED = "published", _("Schedule published")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


class Event(Created):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    organisers = models.ManyToManyField(
        Organisation, related_name="organised_events", verbose_name=_("organisers")
    )
    venue = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        verbose_name=_("NAV office"),
        limit_choices_to={"kind": "nav_office"},
    )
    address = models.CharField(_("address"), max_length=300)
    rooms = models.CharField(_("rooms or tables"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("interviews start"))
    ends_at = models.TimeField(_("interviews end"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    # "HH:MM-HH:MM" pairs; a slot never overlaps a break.
    breaks = models.JSONField(_("breaks"), default=list, blank=True)
    info_meeting_at = models.TimeField(_("information meeting for employers"), null=True, blank=True)
    info_meeting_minutes = models.PositiveSmallIntegerField(_("information meeting (minutes)"), default=30)
    min_interviews = models.PositiveSmallIntegerField(_("minimum interviews per candidate"), default=3)
    max_interviews = models.PositiveSmallIntegerField(_("maximum interviews per candidate"), default=4)
    employer_deadline = models.DateField(_("registration deadline for employers"))
    candidate_deadline = models.DateField(_("registration deadline for candidates"))
    status = models.CharField(max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    schedule_version = models.PositiveIntegerField(default=0)  # the calendar files' SEQUENCE
    schedule_optimal = models.BooleanField(default=False)
    scheduled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%d.%m.%Y}"

    def break_windows(self) -> list[tuple[datetime.time, datetime.time]]:
        return [
            (datetime.time.fromisoformat(a), datetime.time.fromisoformat(b))
            for a, _, b in (item.partition("-") for item in self.breaks)
        ]

    def slots(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """(start, end) of every interview slot, as aware datetimes in the local time zone."""
        tz = timezone.get_current_timezone()
        day = self.date

        def at(t: datetime.time) -> datetime.datetime:
            return datetime.datetime.combine(day, t, tzinfo=tz)

        length = datetime.timedelta(minutes=max(5, self.slot_minutes))
        breaks = sorted((at(a), at(b)) for a, b in self.break_windows())
        start, end, result = at(self.starts_at), at(self.ends_at), []
        while start + length <= end:
            clash = next((b for b in breaks if start < b[1] and b[0] < start + length), None)
            if clash:
                start = clash[1]
                continue
            result.append((start, start + length))
            start += length
        return result

    def info_meeting(self) -> tuple[datetime.datetime, datetime.datetime] | None:
        if self.info_meeting_at is None:
            return None
        start = datetime.datetime.combine(
            self.date, self.info_meeting_at, tzinfo=timezone.get_current_timezone()
        )
        return start, start + datetime.timedelta(minutes=self.info_meeting_minutes)


class EventStatusChange(models.Model):
    """The event's status history: one row per change, with who and why."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=20, choices=EventStatus.choices)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = actor_ref()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.status}"


class InclusionTag(models.TextChoices):
    ADAPTED_HOURS = "adapted_hours", _("Adapted working hours")
    PHYSICAL = "physical", _("Physical adaptation")
    YOUNG = "young", _("Young, under 30")
    CV_GAP = "cv_gap", _("Gap in CV")
    OUTSIDE_EEA = "outside_eea", _("From outside the EEA")


class Registration(models.Model):
    """What scheduling and the day itself need of a registration, an employer's or a candidate's: the
    slots it cannot take (by number), and on the day its check-in or its no-show."""

    unavailable = models.JSONField(_("unavailable slots"), default=list, blank=True)
    no_show = models.BooleanField(default=False)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class EmployerRegistration(Registration):
    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        REGISTERED = "registered", _("Registered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="employers")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_registrations", verbose_name=_("employer")
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.INVITED)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="nb")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    tables = models.PositiveSmallIntegerField(_("interviewers (tables)"), default=1)
    arrives_at = models.TimeField(_("arrival time"), null=True, blank=True)
    looking_for = models.TextField(_("what you look for"), max_length=2000, blank=True)
    # On the day, late until this slot (the slots before it are lost).
    late_until_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    invited_at = models.DateTimeField(default=timezone.now)
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="one_registration_per_employer")
        ]

    def __str__(self) -> str:
        return self.organisation.name


class Opening(models.Model):
    class Kind(models.TextChoices):
        JOB = "job", _("Job")
        PRACTICE = "practice", _("Work practice")
        INTERNSHIP = "internship", _("Internship")

    registration = models.ForeignKey(EmployerRegistration, on_delete=models.CASCADE, related_name="openings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (STYRK-08)")
    )
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    inclusion_tags = models.JSONField(_("inclusion"), default=list, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.occupation}"

    def tag_labels(self) -> list[str]:
        labels = dict(InclusionTag.choices)
        return [str(labels[t]) for t in self.inclusion_tags if t in labels]


class CandidateRegistration(Registration):
    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="candidates")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="event_registrations")
    state = models.CharField(max_length=20, choices=State.choices, default=State.REGISTERED)
    registered_by = actor_ref()
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_candidates",
        verbose_name=_("NAV advisor"),
    )
    advisor_attends = models.BooleanField(_("the advisor comes along"), default=False)
    looking_for = models.TextField(_("what they look for"), max_length=1000)
    experience = models.TextField(_("experience"), max_length=2000, blank=True)
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    needs_interpreter = models.CharField(_("interpreter needed (language)"), max_length=100, blank=True)
    needs_accessibility = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    consent_at = models.DateTimeField()  # when consent to share the short profile was confirmed
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["participant__first_name", "participant__last_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="one_registration_per_candidate")
        ]

    def __str__(self) -> str:
        return self.participant.full_name

    @property
    def short_name(self) -> str:
        """What employers see: the first name only."""
        return self.participant.first_name


class CandidateWish(models.Model):
    """The candidate's ranking of employers: rank 1 is the first choice."""

    candidate = models.ForeignKey(CandidateRegistration, on_delete=models.CASCADE, related_name="wishes")
    employer = models.ForeignKey(EmployerRegistration, on_delete=models.CASCADE, related_name="wished_by")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["candidate", "employer"], name="one_wish_per_pair")]

    def __str__(self) -> str:
        return f"{self.candidate_id} → {self.employer_id} ({self.rank})"


class EmployerInterest(models.Model):
    employer = models.ForeignKey(EmployerRegistration, on_delete=models.CASCADE, related_name="interests")
    candidate = models.ForeignKey(CandidateRegistration, on_delete=models.CASCADE, related_name="interested")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employer", "candidate"], name="one_interest_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} → {self.candidate_id}"


class Veto(models.Model):
    """Either side says a pair must not meet."""

    class Side(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        EMPLOYER = "employer", _("Employer")

    class Reason(models.TextChoices):
        MET_BEFORE = "met_before", _("Met before")
        NO = "no", _("Not relevant")

    candidate = models.ForeignKey(CandidateRegistration, on_delete=models.CASCADE, related_name="vetoes")
    employer = models.ForeignKey(EmployerRegistration, on_delete=models.CASCADE, related_name="vetoes")
    side = models.CharField(max_length=20, choices=Side.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "employer", "side"], name="one_veto_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} × {self.employer_id} ({self.side})"


class Interview(models.Model):
    """One planned meeting; feedback and offers (later) attach here."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interviews")
    candidate = models.ForeignKey(CandidateRegistration, on_delete=models.CASCADE, related_name="interviews")
    employer = models.ForeignKey(EmployerRegistration, on_delete=models.CASCADE, related_name="interviews")
    slot = models.PositiveSmallIntegerField()
    table = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PLANNED)
    locked = models.BooleanField(default=False)
    published = models.BooleanField(default=False)  # was part of a published schedule
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slot", "employer_id", "table"]
        indexes = [models.Index(fields=["event", "state", "slot"])]
        # A live interview holds its candidate's slot and one of its employer's tables in that slot;
        # the database refuses a second one, whatever the code above it does (the audit's H2).
        # Table 0 means "not yet seated": the scheduling code numbers tables in the same transaction.
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "employer"],
                condition=~models.Q(state="cancelled"),
                name="pair_meets_once",
            ),
            models.UniqueConstraint(
                fields=["candidate", "slot"],
                condition=models.Q(state__in=["planned", "held"]),
                name="candidate_slot_once",
            ),
            models.UniqueConstraint(
                fields=["employer", "slot", "table"],
                condition=models.Q(state__in=["planned", "held"], table__gt=0),
                name="employer_table_slot_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.employer} ({self.slot})"


class ScheduleRun(models.Model):
    """One generation of an event's schedule: its progress for the schedule page while the solver works
    on the task worker, its outcome, and the guard that an event has one run at a time (the partial
    unique constraint, behind the event row lock that starting a run takes)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (State.QUEUED, State.RUNNING)
    # A run still waiting or running this long after it was started has lost its worker (the solve
    # itself takes seconds): it no longer holds the event up, and the next run marks it failed.
    STALE_AFTER = datetime.timedelta(minutes=15)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    background = models.BooleanField(default=False)  # solved on the task worker, not in the request
    requested_by = actor_ref()
    language = models.CharField(max_length=5, default="nb")  # of the page it was started from
    time_limit = models.FloatField()
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    interviews = models.PositiveIntegerField(null=True, blank=True)
    shortfall = models.PositiveIntegerField(null=True, blank=True)
    optimal = models.BooleanField(default=False)
    error = models.TextField(blank=True)  # why it failed, in `language`

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(state__in=["queued", "running"]),
                name="one_schedule_run_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.state}"

    @property
    def in_progress(self) -> bool:
        """Waiting or running, and not yet given up (see STALE_AFTER)."""
        return self.state in self.ACTIVE and self.created_at > timezone.now() - self.STALE_AFTER
