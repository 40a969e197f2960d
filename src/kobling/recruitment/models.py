"""What follows a recruitment event's interviews: feedback, the candidate's reflection, offers and the
checks after an accepted offer.

The event app owns events, registrations and interviews; this app hangs its rows on them (one-to-one
on Interview and Event) so the two can grow apart. `Offer` repeats the event, employer and candidate
of its interview so the reports group offers per event with one aggregate query.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Occupation, actor_ref
from kobling.events.models import CandidateRegistration, EmployerRegistration, Event, Interview
from kobling.programmes.models import TaskCheck

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class EventSettings(models.Model):
    """Per-event choices about feedback."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="recruitment_settings")
    release_automatically = models.BooleanField(
        _("candidates see feedback at once"),
        default=False,
        help_text=_("Otherwise the candidate's NAV advisor reads it first and releases it."),
    )

    def __str__(self) -> str:
        return f"{self.event_id}: {'auto' if self.release_automatically else 'advisor'}"


class FeedbackOutcome(models.TextChoices):
    JOB_OFFER = "job_offer", _("Job offer")
    PRACTICE_OFFER = "practice_offer", _("Work-practice offer")
    SECOND_INTERVIEW = "second_interview", _("Second interview")
    NOT_NOW = "not_now", _("Not now")


CRITERIA = [
    ("motivation", _("Motivation")),
    ("communication", _("Communication")),
    ("skills", _("Relevant skills")),
    ("fit", _("Fit for the workplace")),
]


class Feedback(models.Model):
    """The employer's feedback on one interview."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="feedback")
    motivation = models.PositiveSmallIntegerField(_("Motivation"), validators=SCORE)
    communication = models.PositiveSmallIntegerField(_("Communication"), validators=SCORE)
    skills = models.PositiveSmallIntegerField(_("Relevant skills"), validators=SCORE)
    fit = models.PositiveSmallIntegerField(_("Fit for the workplace"), validators=SCORE)
    strengths = models.TextField(_("strengths"), max_length=1000, blank=True)
    advice = models.TextField(_("advice for the candidate"), max_length=1000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=FeedbackOutcome.choices)
    given_by = actor_ref()
    given_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = actor_ref(blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(motivation__range=(1, 5))
                & Q(communication__range=(1, 5))
                & Q(skills__range=(1, 5))
                & Q(fit__range=(1, 5)),
                name="feedback_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interview_id}: {self.outcome}"

    def scores(self) -> list[tuple[str, int]]:
        return [(str(label), getattr(self, name)) for name, label in CRITERIA]


class Reflection(models.Model):
    """The candidate's own short reflection on one interview."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="reflection")
    text = models.TextField(_("your reflection"), max_length=1000)
    written_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.interview_id}"


class Offer(models.Model):
    """A job or work-practice offer from an interview, until it is accepted or declined."""

    class Kind(models.TextChoices):
        JOB = "job", _("Job")
        PRACTICE = "practice", _("Work practice")

    class State(models.TextChoices):
        MADE = "made", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="offer")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="offers")
    employer = models.ForeignKey(EmployerRegistration, on_delete=models.CASCADE, related_name="offers")
    candidate = models.ForeignKey(CandidateRegistration, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.MADE)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation (STYRK-08)"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = actor_ref(blank=True)
    placement = models.OneToOneField(
        "programmes.Placement", on_delete=models.SET_NULL, null=True, blank=True, related_name="offer"
    )
    outcome = models.ForeignKey(
        "programmes.Outcome", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["event", "kind", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(start_date__isnull=False), name="accepted_offer_has_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"


class OfferCheck(TaskCheck):
    """After an accepted offer: at 30 days, did it start? At 90 days, does it hold?"""

    STARTED, HOLDS = 30, 90
    DAYS = (STARTED, HOLDS)

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="checks")
    days = models.PositiveSmallIntegerField()
    answer = models.BooleanField(null=True)
    answered_by = actor_ref(blank=True)

    class Meta:
        ordering = ["days"]
        constraints = [models.UniqueConstraint(fields=["offer", "days"], name="one_check_per_offer_and_day")]
        indexes = [models.Index(fields=["days", "answer"])]

    def __str__(self) -> str:
        return f"{self.offer_id} +{self.days}"

    @property
    def question(self) -> str:
        return str(_("Did it start?") if self.days == self.STARTED else _("Does it hold?"))
