"""Cohort courses: phases, certifications, cohorts, daily attendance."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import actor_ref
from kobling.programmes.models.base import Enrolment, Programme


class Phase(models.Model):
    """One step of a programme's template, e.g. "get to know" → competence → work practice → job search."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["programme", "order"]
        constraints = [models.UniqueConstraint(fields=["programme", "order"], name="phase_order_unique")]

    def __str__(self) -> str:
        return self.name


class Certification(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(_("name"), max_length=200)
    vendor = models.CharField(_("vendor"), max_length=100)
    exam_code = models.CharField(_("exam code"), max_length=40, blank=True)

    class Meta:
        ordering = ["programme", "id"]

    def __str__(self) -> str:
        return self.name


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Cohort(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    weekdays = models.JSONField(_("teaching days"), default=list)  # 0 = Monday … 6 = Sunday
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cohorts_taught", verbose_name=_("instructors")
    )
    absence_alert_after = models.PositiveSmallIntegerField(
        _("alert after this many unexcused absences in a row"), default=3
    )

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="cohort_dates_in_order")
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.name}"


class PhaseRecord(models.Model):
    """Which phase a person is in, from when to when; the open row is the current phase."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="phase_history")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    recorded_by = actor_ref(blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(ended_on__isnull=True), name="one_current_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.phase} from {self.started_on}"


class AttendanceRecord(models.Model):
    class Mark(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused absence")
        UNEXCUSED = "unexcused", _("Unexcused absence")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField()
    mark = models.CharField(max_length=10, choices=Mark.choices)
    recorded_by = actor_ref(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="one_mark_per_day")]
        indexes = [models.Index(fields=["enrolment", "-day"])]

    def __str__(self) -> str:
        return f"{self.day}: {self.mark}"


class CertificationAttempt(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        BOOKED = "booked", _("Exam booked")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="certification_attempts")
    certification = models.ForeignKey(Certification, on_delete=models.PROTECT, related_name="attempts")
    attempt = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    exam_date = models.DateField(_("exam date"), null=True, blank=True)
    fee = models.DecimalField(_("fee (NOK)"), max_digits=8, decimal_places=2, default=0)
    nav_pays = models.DecimalField(_("NAV pays (NOK)"), max_digits=8, decimal_places=2, default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["certification", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "certification", "attempt"], name="one_row_per_attempt"
            ),
            models.CheckConstraint(condition=Q(nav_pays__lte=F("fee")), name="nav_pays_at_most_the_fee"),
        ]

    def __str__(self) -> str:
        return f"{self.certification} #{self.attempt}: {self.state}"
