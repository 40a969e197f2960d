from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import LANGUAGE_CHOICES, Created, Occupation, Organisation, actor_ref, county_field


class CEFR(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Mother tongue")


CEFR_ORDER = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]


class EducationLevel(models.TextChoices):
    NONE = "none", _("No completed schooling")
    PRIMARY = "primary", _("Primary and lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Vocational certificate")
    BACHELOR = "bachelor", _("Bachelor's degree or similar")
    MASTER = "master", _("Master's degree or higher")


class ITEvidence(models.TextChoices):
    COURSES = "courses", _("Courses taken")
    SCHOOL = "school", _("IT programme at school")
    SELF_STUDY = "self_study", _("Self-study")
    CERTIFICATIONS = "certifications", _("Certifications")
    WORK = "work", _("IT work experience")


class Source(models.TextChoices):
    REFERRAL = "referral", _("Referred by NAV")
    APPLICATION = "application", _("Applied themselves")
    REGISTERED = "registered", _("Registered by the provider")


# The record's profile: what the provider's form, the intake and a linked duplicate may set (the
# services save only these). The form sets `national_id` through its own "new" and "remove" fields.
PROFILE_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_year",
    "region",
    "municipality",
    "preferred_language",
    "national_id",
    "education_level",
    "education_field",
    "education_completed",
    "education_abroad",
    "it_evidence",
    "it_interest_notes",
    "work_experience",
    "nav_user",
    "immigrant",
    "neet",
    "barrier_income",
    "barrier_housing",
    "barrier_childcare",
    "barrier_health",
    "referring_office",
    "advisor",
]


class Participant(models.Model):
    """A person in one provider's programmes. The provider owns the record."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participants")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="participant"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    region = county_field(blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=LANGUAGE_CHOICES, default="nb"
    )
    national_id = models.CharField(_("national identity number"), max_length=11, blank=True)

    education_level = models.CharField(
        _("highest education"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    education_field = models.CharField(_("field of study"), max_length=200, blank=True)
    education_completed = models.BooleanField(_("education completed"), default=False)
    education_abroad = models.BooleanField(_("education taken abroad"), default=False)

    it_evidence = models.JSONField(_("documented IT interest"), default=list, blank=True)
    it_interest_notes = models.TextField(_("IT interest, in words"), max_length=2000, blank=True)
    work_experience = models.TextField(_("work experience"), max_length=4000, blank=True)
    target_occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="+", verbose_name=_("target occupations")
    )

    nav_user = models.BooleanField(_("receives NAV follow-up"), default=False)
    immigrant = models.BooleanField(_("immigrant or refugee"), default=False)
    neet = models.BooleanField(_("young, outside school and work"), default=False)

    barrier_income = models.BooleanField(_("income or benefits not sorted out"), default=False)
    barrier_housing = models.BooleanField(_("housing not sorted out"), default=False)
    barrier_childcare = models.BooleanField(_("needs childcare"), default=False)
    barrier_health = models.BooleanField(_("health needs adaptation"), default=False)

    referring_office = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_participants",
        verbose_name=_("referring NAV office"),
        limit_choices_to={"kind": "nav_office"},
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_participants",
        verbose_name=_("NAV advisor"),
    )
    source = models.CharField(_("came through"), max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Kept up to date by the services that write timeline entries and tasks, so the lists can
    # sort and filter on them without a subquery per row.
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    next_meeting_at = models.DateTimeField(_("next meeting"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name", "id"]),
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["advisor", "last_name", "first_name"]),
            models.Index(Lower("email"), name="participant_email_lower"),
            models.Index(fields=["phone"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def masked_national_id(self) -> str:
        return f"{self.national_id[:2]}•••••••••" if self.national_id else ""


class ParticipantLanguage(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3)  # ISO 639-1 (or -3 where none exists)
    level = models.CharField(_("level"), max_length=6, choices=CEFR.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "language"], name="one_level_per_lang")]
        indexes = [models.Index(fields=["language", "participant"])]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"


class ConsentRecord(models.Model):
    """One give or withdraw of a consent, by its holder or recorded for them: a consent's history is
    its rows and its current state the newest row. Each table adds whose consent it is and `purpose`,
    what it is for."""

    given = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)
    recorded_by = actor_ref(blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose}: {'given' if self.given else 'withdrawn'}"


class Consent(ConsentRecord):
    """A participant's consents, one row per give or withdraw."""

    class Purpose(models.TextChoices):
        PROCESSING = "processing", _("Processing my information in the programme")
        MENTOR = "share_mentor", _("Sharing my profile with a mentor")
        EMPLOYERS = "share_employers", _("Sharing my CV with employers")
        DIRECTORY = "directory", _("Being visible in the network directory")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)

    class Meta(ConsentRecord.Meta):
        indexes = [models.Index(fields=["participant", "purpose", "-at"])]


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        CALL = "call", _("Phone call")
        DIALOGUE = "dialogue", _("Dialogue meeting")
        STATUS = "status", _("Status meeting")
        EMAIL = "email", _("E-mail")

    class Visibility(models.TextChoices):
        PROVIDER = "provider", _("Provider only")
        NAV = "nav", _("Provider and NAV advisor")
        PARTICIPANT = "participant", _("Also the participant")

    MEETING_KINDS = (Kind.DIALOGUE, Kind.STATUS)

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    visibility = models.CharField(
        _("who can see it"), max_length=20, choices=Visibility.choices, default=Visibility.NAV
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Only coordinators and the person's NAV advisor can read it, and every read is logged."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=10000, blank=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    author = actor_ref()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "-occurred_at"]),
            models.Index(fields=["kind", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class Task(Created):
    """A to-do with an assignee and a due date, usually about one person."""

    class WaitingOn(models.TextChoices):
        PROVIDER = "provider", _("the provider")
        NAV = "nav", _("NAV")
        PARTICIPANT = "participant", _("the person")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tasks")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(_("what"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="assigned_tasks",
        verbose_name=_("assignee"),
    )
    waiting_on = models.CharField(
        _("waiting on"), max_length=20, choices=WaitingOn.choices, default=WaitingOn.PROVIDER
    )
    due = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due", "id"]
        indexes = [
            models.Index(fields=["assignee", "done_at", "due"]),
            models.Index(fields=["participant", "done_at"]),
        ]

    def __str__(self) -> str:
        return self.title
