"""Mentor programmes: settings, mentor and mentee profiles, matching runs and mentorships.

A Mentorship is the pair. Everything the pair does later (goals, meeting log, messages,
check-ins, completion) hangs off it with a foreign key, so those parts can be added without
changing what is here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import LANGUAGE_CHOICES, Created, Occupation, Organisation, actor_ref, county_field
from kobling.people.models import CEFR
from kobling.programmes.models import Enrolment, Programme


class Topic(models.TextChoices):
    NETWORK = "network", _("Professional network")
    CV = "cv", _("CV")
    JOB_SEARCH = "job_search", _("Job search in the field")
    WORK_CULTURE = "work_culture", _("Norwegian work culture")
    INTERVIEWS = "interviews", _("Job interviews")
    CERTIFICATION = "certification", _("A certification or technology")


class Industry(models.TextChoices):
    ICT = "ict", _("IT and telecom")
    FINANCE = "finance", _("Banking, finance and insurance")
    ENERGY = "energy", _("Energy, oil and gas")
    CONSTRUCTION = "construction", _("Construction and architecture")
    MANUFACTURING = "manufacturing", _("Industry and manufacturing")
    HEALTH = "health", _("Health and care")
    EDUCATION = "education", _("Education and research")
    PUBLIC = "public", _("Public administration")
    CONSULTING = "consulting", _("Consulting")
    RETAIL = "retail", _("Trade and retail")
    TRANSPORT = "transport", _("Transport and logistics")


class Availability(models.TextChoices):
    WEEKDAYS = "weekdays", _("Weekdays, daytime")
    EVENINGS = "evenings", _("Weekday evenings")
    WEEKENDS = "weekends", _("Weekends")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person only")
    DIGITAL = "digital", _("Digital only")
    BOTH = "both", _("In person or digital")


class Gender(models.TextChoices):
    """Only ever what the person says about themselves; used for a same-gender wish and nothing else."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")


class ChoiceMode(models.TextChoices):
    BATCH = "batch", _("The coordinator matches everyone in one run")
    MENTEE_PICKS = "mentee_picks", _("Each mentee picks from their top three; the mentor accepts")


# The criteria of the score, in the order they are shown.
CRITERIA = ("occupation", "industry", "topics", "region", "availability", "language")
DEFAULT_WEIGHTS = {
    "occupation": 5,
    "industry": 2,
    "topics": 3,
    "region": 2,
    "availability": 1,
    "language": 1,
}


# The mentor profile's fields a mentor fills in (and a partner company's contact sets `partner`).
MENTOR_FIELDS = (
    "full_name",
    "email",
    "phone",
    "language",
    "gender",
    "occupation",
    "industries",
    "employer",
    "partner",
    "region",
    "municipality",
    "mode",
    "capacity",
    "availability",
    "topics",
    "topic_detail",
    "bio",
)


# The programme settings a coordinator edits (the weights are one field, a criterion -> weight map).
SETTINGS_FIELDS = (
    "weights",
    "period_months",
    "choice_mode",
    "nudge_no_meeting_weeks",
    "nudge_unanswered_days",
    "nudge_period_end_days",
)


class MentorProgrammeSettings(models.Model):
    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="mentor_settings")
    weights = models.JSONField(default=dict, blank=True)  # criterion -> 0..10; missing means the default
    period_months = models.PositiveSmallIntegerField(_("length of the mentor period (months)"), default=6)
    choice_mode = models.CharField(
        _("how pairs are made"), max_length=20, choices=ChoiceMode.choices, default=ChoiceMode.BATCH
    )
    nudge_no_meeting_weeks = models.PositiveSmallIntegerField(
        _("remind a pair after this many weeks without a logged meeting"), default=4
    )
    nudge_unanswered_days = models.PositiveSmallIntegerField(
        _("remind about an unanswered proposal after this many days"), default=5
    )
    nudge_period_end_days = models.PositiveSmallIntegerField(
        _("tell the pair this many days before the period ends"), default=14
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Mentor settings · {self.programme}"

    def weight_map(self) -> dict[str, int]:
        return {c: int((self.weights or {}).get(c, DEFAULT_WEIGHTS[c])) for c in CRITERIA}


class MentorProfile(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ERASED = "erased", _("Erased")  # on the mentor's request (privacy.services.mentor_erase)

    class Source(models.TextChoices):
        SIGNUP = "signup", _("Signed up on the web")
        PARTNER = "partner", _("Invited by a partner company")
        REGISTERED = "registered", _("Registered by the coordinator")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="mentor_profiles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_profiles",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language for e-mails"), max_length=5, choices=LANGUAGE_CHOICES, default="nb"
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (STYRK-08)")
    )
    industries = models.JSONField(_("industries"), default=list, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_mentors",
        verbose_name=_("partner company"),
        limit_choices_to={"kind": Organisation.Kind.EMPLOYER},
    )
    region = county_field()
    municipality = models.CharField(_("municipality"), max_length=100)
    mode = models.CharField(_("how you can meet"), max_length=10, choices=Mode.choices, default=Mode.BOTH)
    capacity = models.PositiveSmallIntegerField(_("mentees at a time"), default=1)
    availability = models.JSONField(_("when you can meet"), default=list, blank=True)
    topics = models.JSONField(_("what you can help with"), default=list, blank=True)
    topic_detail = models.CharField(_("certification or technology"), max_length=200, blank=True)
    bio = models.TextField(_("about you"), max_length=2000, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.SIGNUP)
    review_note = models.CharField(_("note to the mentor"), max_length=500, blank=True)
    reviewed_by = actor_ref(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [
            models.Index(fields=["programme", "state"]),
            models.Index(fields=["partner", "state"]),
            models.Index(fields=["email"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_mentor_profile_per_programme")
        ]

    def __str__(self) -> str:
        return self.full_name


class MentorLanguage(models.Model):
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3)
    level = models.CharField(_("level"), max_length=6, choices=CEFR.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentor", "language"], name="one_level_per_mentor_lang")
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"


class MenteeProfile(models.Model):
    """The mentor-programme side of an enrolment: what the participant wants from a mentor."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="mentee_profile")
    goals = models.TextField(_("your goals for the period"), max_length=2000, blank=True)
    topics = models.JSONField(_("what you want help with"), default=list, blank=True)
    industries = models.JSONField(_("industries you aim for"), default=list, blank=True)
    mode = models.CharField(_("how you can meet"), max_length=10, choices=Mode.choices, default=Mode.BOTH)
    availability = models.JSONField(_("when you can meet"), default=list, blank=True)
    gender = models.CharField(_("your gender"), max_length=10, choices=Gender.choices, blank=True)
    same_gender_wish = models.BooleanField(_("I want a mentor of my own gender"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Mentee · {self.enrolment}"


class MatchConstraint(Created):
    """A coordinator's lock or exclusion for the next batch runs of a programme."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("Locked pair")
        EXCLUDE_PAIR = "exclude_pair", _("Excluded pair")
        EXCLUDE_MENTEE = "exclude_mentee", _("Mentee left out")
        EXCLUDE_MENTOR = "exclude_mentor", _("Mentor left out")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_constraints")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    mentee = models.ForeignKey(
        MenteeProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["programme", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.mentee_id}/{self.mentor_id}"


class MatchRun(Created):
    """One run of the batch matching: the proposals as the engine found them, until published.

    A small run is made in the coordinator's request and saved done; a large one is queued for the task
    worker, which moves it through scoring and solving to done (or failed) while the page polls.
    Publishing its proposals goes the same way (`publish_state`): a few in the request, many by the
    worker, once, and all or nothing."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        SCORING = "scoring", _("Scoring the pairs")
        SOLVING = "solving", _("Finding the best pairs")
        DONE = "done", _("Done")
        FAILED = "failed", _("Did not finish")

    IN_PROGRESS = (State.QUEUED, State.SCORING, State.SOLVING)

    class Publish(models.TextChoices):
        """Publishing the run's proposals: a large run is published by the task worker, all or nothing."""

        NOT_YET = "", _("Not published")
        QUEUED = "queued", _("Waiting for the worker")
        SENDING = "sending", _("Sending the proposals")
        DONE = "done", _("Published")
        FAILED = "failed", _("Did not finish")

    PUBLISHING = (Publish.QUEUED, Publish.SENDING)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_runs")
    pairs = models.JSONField(default=list)  # [[mentee profile id, mentor profile id, score], ...]
    unmatched = models.JSONField(default=list)  # mentee profile ids
    pool_mentees = models.PositiveIntegerField(default=0)
    pool_mentors = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0)
    seconds = models.FloatField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DONE)
    finished_at = models.DateTimeField(null=True, blank=True)
    publish_state = models.CharField(max_length=10, choices=Publish.choices, blank=True, default="")
    published_by = actor_ref(blank=True)
    publish_started_at = models.DateTimeField(null=True, blank=True)
    proposals_made = models.PositiveIntegerField(default=0)
    proposals_left_out = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        constraints = [
            # One run in progress per programme (the start service also locks the programme row).
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(state__in=["queued", "scoring", "solving"]),
                name="one_match_run_in_progress",
            ),
            # One publish in progress per programme (the publish service also locks the programme row).
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(publish_state__in=["queued", "sending"]),
                name="one_match_run_publishing",
            ),
        ]

    def __str__(self) -> str:
        return f"Run {self.pk} · {self.programme}"

    @property
    def in_progress(self) -> bool:
        return self.state in self.IN_PROGRESS

    @property
    def is_done(self) -> bool:
        return self.state == self.State.DONE

    @property
    def publishing(self) -> bool:
        """Its proposals are being published (queued for the task worker or being sent)."""
        return self.publish_state in self.PUBLISHING

    @property
    def is_published(self) -> bool:
        return self.publish_state == self.Publish.DONE or self.published_at is not None


class Mentorship(models.Model):
    """The pair, from proposal through the intro meeting (koblingsmøte) to the mentor period."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Chosen by the mentee, waiting for the mentor")
        PROPOSED = "proposed", _("Proposed")
        INTRO = "intro", _("Intro meeting planned")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    class DeclineReason(models.TextChoices):
        CHEMISTRY = "chemistry", _("The chemistry was not right")
        EXPECTATIONS = "expectations", _("Our expectations differ")
        TIME = "time", _("No time just now")
        PROFESSION = "profession", _("Our fields are too far apart")
        PRACTICAL = "practical", _("Practical reasons (distance, times)")
        OTHER = "other", _("Other")

    # Who said no, or ended the pair.
    DECLINED_BY = [("mentee", _("Mentee")), ("mentor", _("Mentor")), ("coordinator", _("Coordinator"))]

    class Answer(models.TextChoices):
        YES = "yes", _("Yes, let us go on")
        NO = "no", _("No")

    OPEN = (State.REQUESTED, State.PROPOSED, State.INTRO, State.ACTIVE)
    # The states in which a mentor's place is taken.
    TAKES_CAPACITY = OPEN

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="mentorships")
    mentee = models.ForeignKey(MenteeProfile, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="mentorships")
    state = models.CharField(_("status"), max_length=12, choices=State.choices)
    score = models.FloatField(_("score"), default=0)
    explanation = models.JSONField(default=list, blank=True)  # the parts, as scoring.explain() gives them
    run = models.ForeignKey(MatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    proposed_by = actor_ref(blank=True)
    intro_starts_at = models.DateTimeField(_("intro meeting starts"), null=True, blank=True)
    intro_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=45)
    intro_place = models.CharField(_("place"), max_length=300, blank=True)
    intro_video_url = models.URLField(_("video link"), blank=True)
    intro_sequence = models.PositiveIntegerField(default=0)  # ICS SEQUENCE
    mentee_answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    mentor_answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    decline_text = models.CharField(_("in your own words"), max_length=300, blank=True)
    declined_by = models.CharField(max_length=12, choices=DECLINED_BY, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["programme", "state"]),
            models.Index(fields=["mentor", "state"]),
            models.Index(fields=["mentee", "state"]),
        ]
        constraints = [
            # A mentee has at most one pair in progress.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(state__in=["requested", "proposed", "intro", "active"]),
                name="one_open_mentorship_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} · {self.mentor}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    @property
    def intro_held(self) -> bool:
        """Whether the intro meeting has begun. Before it, either side may say no to the proposal;
        from then on the two answer "shall we go on?"."""
        return self.intro_starts_at is not None and self.intro_starts_at <= timezone.now()

    @property
    def before_intro(self) -> bool:
        """Proposed, or the intro meeting planned but not yet begun."""
        return self.state == self.State.PROPOSED or (self.state == self.State.INTRO and not self.intro_held)


class MentorshipStatus(models.Model):
    """The pair's status history: one row per change, with who and why."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="history")
    state = models.CharField(max_length=12, choices=Mentorship.State.choices)
    at = models.DateTimeField(default=timezone.now)
    changed_by = actor_ref(blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.state} {self.at:%Y-%m-%d}"
