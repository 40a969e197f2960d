"""The "what works" answer for a set of enrolments: the factors (factors.py) through the engine
(`kobling.outcomes.engine.analyse`, the code `kobling analyse-outcomes` runs), with the labels and
the plain-language summary in the user's language.

The engine's own sentences (`outcomes.wording`) are English; the page builds the same sentences from
the same fields through gettext, with the engine's significance threshold and its rule for the
mirrored half of a two-level factor. Never causal: "people with X got jobs more often".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kobling.insights.factors import Rows, rows_for, table_of
from kobling.outcomes import wording
from kobling.outcomes.engine import analyse
from kobling.outcomes.table import InputError
from kobling.people.models import Source
from kobling.programmes.models import IntakeInterview

FACTOR_LABELS = {
    "intake_score": gettext_lazy("intake score"),
    "profile_type": gettext_lazy("profile type"),
    "it_evidence": gettext_lazy("documented IT interest"),
    "norwegian_level": gettext_lazy("Norwegian level (CEFR)"),
    "english_level": gettext_lazy("English level (CEFR)"),
    "barrier_income": gettext_lazy("income not sorted out"),
    "barrier_housing": gettext_lazy("housing not sorted out"),
    "barrier_childcare": gettext_lazy("needs childcare"),
    "attendance_rate": gettext_lazy("attendance"),
    "longest_absence": gettext_lazy("longest run of unexcused absences"),
    "certifications_passed": gettext_lazy("certifications passed"),
    "cv_done": gettext_lazy("CV done"),
    "mock_interview": gettext_lazy("mock interview done"),
    "work_practice": gettext_lazy("work practice"),
    "mentor": gettext_lazy("a mentor"),
    "source": gettext_lazy("came through"),
    "age": gettext_lazy("age"),
    "early_advisor_contact": gettext_lazy("early contact with the NAV advisor"),
    "group_age_spread": gettext_lazy("age spread in the group"),
}
LEVEL_LABELS = {
    "yes": gettext_lazy("yes"),
    "no": gettext_lazy("no"),
    **dict(IntakeInterview.ProfileType.choices),
    **dict(Source.choices),
}
OUTCOME_KEYS = (("factors", "job"), ("dropout_factors", "dropout"))


@dataclass
class Finding:
    """One row of the engine's answer, labelled for the page."""

    outcome: str  # "job" or "dropout"
    factor: str
    label: str
    level: str | None
    level_label: str
    n: int | None  # None when the group is small: the page never shows a count under 5
    rate: float | None
    ratio: float | None
    ci: tuple[float, float] | None
    p: float | None
    q: float | None
    small: bool
    numeric: bool

    @property
    def name(self) -> str:
        return f"{self.label}: {self.level_label}" if self.level is not None else str(self.label)


@dataclass
class Insight:
    """The page's answer, or `too_few` (with `finished`) when the engine refuses the scope."""

    n: int
    finished: int
    seconds: float
    job_rate: float | None = None
    dropout_rate: float | None = None
    findings: list[Finding] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    too_few: bool = False
    answer: dict | None = None
    computed_at: datetime | None = None
    stored: bool = False  # computed ahead on the task worker (precompute.py), not in this request
    pending: bool = False  # being computed on the task worker: nothing to show yet

    def shown(self, outcome: str) -> list[Finding]:
        return [f for f in self.findings if f.outcome == outcome and not f.small and f.ratio is not None]

    @property
    def suppressed(self) -> list[str]:
        """The groups too small to show, named only (never a count)."""
        return sorted({f.name for f in self.findings if f.small})


def finding_of(row: dict, outcome: str, labels: dict) -> Finding:
    level = row["level"]
    small = bool(row["small"])
    rate_key = "job_rate" if outcome == "job" else "dropout_rate"
    return Finding(
        outcome=outcome,
        factor=row["factor"],
        label=str(labels.get(row["factor"]) or FACTOR_LABELS.get(row["factor"], row["factor"])),
        level=level,
        level_label=str(LEVEL_LABELS.get(level, level)) if level is not None else "",
        n=None if small else row["n"],
        rate=None if small else row[rate_key],
        ratio=row["ratio"],
        ci=tuple(row["ci"]) if row["ci"] else None,
        p=row["p"],
        q=row["q"],
        small=small,
        numeric=level is None,
    )


def decimal(value: float) -> str:
    """A ratio with two decimals in the user's language, rounded as the table's floatformat rounds."""
    return number_format(round(value, 2), 2)


def sentence(finding: Finding) -> str:
    """The finding in plain words, in the user's language: what went with it, never what caused it."""
    more = finding.ratio > 1
    values = {
        "factor": finding.label,
        "level": finding.level_label,
        "ratio": decimal(finding.ratio),
        "low": decimal(finding.ci[0]),
        "high": decimal(finding.ci[1]),
    }
    if finding.numeric:
        texts = {
            ("job", True): _("People with a higher %(factor)s got jobs more often"),
            ("job", False): _("People with a higher %(factor)s got jobs less often"),
            ("dropout", True): _("People with a higher %(factor)s dropped out more often"),
            ("dropout", False): _("People with a higher %(factor)s dropped out less often"),
        }
        detail = _("(odds ratio %(ratio)s per standard deviation, 95 %% CI %(low)s–%(high)s).")
    else:
        texts = {
            ("job", True): _("People with %(factor)s: %(level)s got jobs more often than the others"),
            ("job", False): _("People with %(factor)s: %(level)s got jobs less often than the others"),
            ("dropout", True): _("People with %(factor)s: %(level)s dropped out more often than the others"),
            ("dropout", False): _("People with %(factor)s: %(level)s dropped out less often than the others"),
        }
        detail = _("(risk ratio %(ratio)s, 95 %% CI %(low)s–%(high)s).")
    return f"{texts[(finding.outcome, more)] % values} {detail % values}"


def summary_of(answer: dict, findings: list[Finding]) -> list[str]:
    """The significant findings, strongest evidence first (the engine's rules), then the caveat."""
    lines = []
    for key, outcome in OUTCOME_KEYS:
        for row, found in zip(answer[key], [f for f in findings if f.outcome == outcome], strict=True):
            if not wording.mirrored(row, answer[key]) and wording.finding(row, outcome):
                lines.append((row["q"], sentence(found)))
    texts = [text for _q, text in sorted(lines, key=lambda item: item[0])]
    texts.append(
        _(
            "These are associations in the programme's own records, not causes: a factor can go with an "
            "outcome because of something else that goes with both."
        )
    )
    return texts


@dataclass
class Computed:
    """The engine's answer on a scope (None when it has too few finished people), how long the
    factors and the engine took, and when. Plain data, so the task worker can store it."""

    answer: dict | None
    n: int
    finished: int
    seconds: float
    computed_at: datetime


def compute(rows: Rows, began: float, numeric=()) -> Computed:
    """Run the engine on `rows` (timed from `began`, before the rows were read)."""
    finished = sum(outcome != "participating" for outcome in rows.outcomes)
    try:
        answer = analyse(table_of(rows, numeric))
    except InputError:
        answer = None
    seconds = time.perf_counter() - began
    return Computed(answer, len(rows.ids), finished, seconds, timezone.now())


def insight_from(computed: Computed, labels: dict | None = None, stored: bool = False) -> Insight:
    """The page's answer in the user's language (`labels` adds factor labels)."""
    base = {"n": computed.n, "finished": computed.finished, "seconds": computed.seconds}
    base.update(computed_at=computed.computed_at, stored=stored)
    answer = computed.answer
    if answer is None:
        return Insight(**base, too_few=True)
    labels = labels or {}
    findings = [finding_of(row, outcome, labels) for key, outcome in OUTCOME_KEYS for row in answer[key]]
    return Insight(
        **base,
        job_rate=answer["job_rate"],
        dropout_rate=answer["dropout_rate"],
        findings=findings,
        summary=summary_of(answer, findings),
        answer=answer,
    )


def insight_for(enrolments) -> Insight:
    """The analysis of the started enrolments of a queryset, computed now."""
    began = time.perf_counter()
    return insight_from(compute(rows_for(enrolments), began))
