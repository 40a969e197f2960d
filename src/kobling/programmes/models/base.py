from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Organisation, actor_ref
from kobling.people.models import Participant


class Programme(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Cohort course")
        MENTOR = "mentor", _("Mentor programme")
        PRACTICE = "practice", _("Work practice")
        EVENT = "event", _("Recruitment event")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.PLANNED)
    description = models.TextField(_("description"), blank=True)
    intake_criteria = models.TextField(_("intake criteria"), max_length=4000, blank=True)
    accepts_applications = models.BooleanField(_("open for applications"), default=True)
    # The intake interview's questions and weights; empty means the default set (intake.py).
    intake_questions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    """NAV's DeltakerStatus."""

    DRAFT = "draft", _("Draft")
    APPLIED = "applied", _("Applied")
    ASSESSING = "assessing", _("Under assessment")
    WAITING_LIST = "waiting_list", _("Waiting list")
    WAITING_START = "waiting_start", _("Waiting to start")
    PARTICIPATING = "participating", _("Participating")
    LEFT = "left", _("Has left")
    COMPLETED = "completed", _("Completed")
    BROKEN_OFF = "broken_off", _("Broken off")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class Reason(models.TextChoices):
    ILL = "ill", _("Ill")
    GOT_JOB = "got_job", _("Got a job")
    OTHER_SUPPORT = "other_support", _("Needs other support")
    NO_PLACE = "no_place", _("Did not get a place")
    NO_SHOW = "no_show", _("Did not show up")
    EDUCATION = "education", _("Education")
    REQUIREMENTS = "requirements", _("Requirements not met")
    COURSE_FULL = "course_full", _("Course full")
    OTHER = "other", _("Other")


OPEN_INTAKE = (Status.APPLIED, Status.ASSESSING)
ENDED = (Status.LEFT, Status.COMPLETED, Status.BROKEN_OFF, Status.NOT_RELEVANT)


class Enrolment(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="enrolments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    # A copy of the newest history row's status, written only by enrolment_change_status in the
    # same transaction, so that lists can filter on it with an index.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    status_since = models.DateTimeField(_("since"), default=timezone.now)
    referred_by = actor_ref(blank=True)
    referral_note = models.TextField(_("why this programme"), max_length=4000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cohort = models.ForeignKey(
        "programmes.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments"
    )
    # Job readiness, each the date it was done.
    cv_done_on = models.DateField(_("CV done"), null=True, blank=True)
    profile_online_on = models.DateField(_("profile online"), null=True, blank=True)
    mock_interview_on = models.DateField(_("mock interview done"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["status", "participant"]),
            models.Index(fields=["participant", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.programme}"


class EnrolmentStatus(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    reason_text = models.CharField(max_length=300, blank=True)
    valid_from = models.DateTimeField(default=timezone.now)
    valid_to = models.DateTimeField(null=True, blank=True)
    changed_by = actor_ref(blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=models.Q(valid_to__isnull=True), name="one_open_status_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} from {self.valid_from:%Y-%m-%d}"


class IntakeInterview(models.Model):
    class ProfileType(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        PROBLEM_SOLVER = "problem_solver", _("Problem solver")
        PRACTICAL = "practical", _("Practical")

    class Path(models.TextChoices):
        SUPPORT = "support", _("Support desk")
        OPERATIONS = "operations", _("Operations")
        DEVELOPMENT = "development", _("Development")

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="interview")
    answers = models.JSONField(default=dict)  # question key -> score 1..5
    notes = models.JSONField(default=dict, blank=True)  # question key -> free text
    score = models.DecimalField(max_digits=5, decimal_places=1)  # weighted, 0..100
    norwegian_level = models.CharField(max_length=6, blank=True)
    english_level = models.CharField(max_length=6, blank=True)
    profile_type = models.CharField(_("profile type"), max_length=20, choices=ProfileType.choices)
    recommended_path = models.CharField(_("recommended path"), max_length=20, choices=Path.choices)
    interviewer = actor_ref()
    held_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Intake interview {self.enrolment_id}"


class IntakeMatch(models.Model):
    """A record made from a referral or an application that looks like a person the provider
    already has. Nobody gains access to the existing record through it: a coordinator of the
    provider looks at both and links them (one person) or keeps them apart."""

    class State(models.TextChoices):
        PENDING = "pending", _("To be checked")
        LINKED = "linked", _("Same person, linked")
        SEPARATE = "separate", _("Different people")

    class Reason(models.TextChoices):
        EMAIL = "email", _("Same e-mail address")
        NATIONAL_ID = "national_id", _("Same national identity number")
        NAME = "name", _("Same name and birth year")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The submitted record; empty once it has been linked into the existing one.
    new = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="possible_matches"
    )
    existing = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = actor_ref(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["new", "existing"], name="one_match_per_pair")]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return f"Possible match {self.new_id} ~ {self.existing_id}"

    def reason_labels(self) -> list[str]:
        return [str(self.Reason(r).label) for r in self.reasons if r in self.Reason.values]
