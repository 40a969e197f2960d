"""Intake criteria against outcomes: which of a programme's intake questions and scores went with
getting a job and with dropping out (the other side of completing), through the same engine.

One row per started enrolment of the programme with an intake interview. The factors: each asked
question's answer (1–5, numeric; a question not answered is unknown), the weighted intake score and
the profile type the interviewer chose. The outcome as in factors.py. A programme can use this to
adjust its criteria between cohorts, as the pilot did.
"""

from __future__ import annotations

from kobling.insights.factors import Rows, outcome_of
from kobling.programmes.intake.questions import question_text, questions_for
from kobling.programmes.models import Enrolment
from kobling.reports.results import STARTED

QUESTION_PREFIX = "question_"


def intake_rows_for(enrolments, questions: list[dict]) -> Rows:
    """The answers, score and profile type of the started, interviewed enrolments of a queryset."""
    records = (
        enrolments.filter(status__in=STARTED, interview__isnull=False)
        .order_by("pk")
        .values(
            "pk",
            "participant_id",
            "status",
            "outcome__kind",
            "interview__answers",
            "interview__score",
            "interview__profile_type",
        )
    )
    names = [QUESTION_PREFIX + q["key"] for q in questions]
    rows = Rows(values={name: [] for name in [*names, "intake_score", "profile_type"]})
    for record in records:
        rows.ids.append(record["pk"])
        rows.participants.append(record["participant_id"])
        rows.outcomes.append(outcome_of(record["outcome__kind"], record["status"]))
        answers = record["interview__answers"] or {}
        for question, name in zip(questions, names, strict=True):
            answer = answers.get(question["key"])
            rows.values[name].append(float(answer) if isinstance(answer, int | float) else None)
        score = record["interview__score"]
        rows.values["intake_score"].append(float(score) if score is not None else None)
        rows.values["profile_type"].append(record["interview__profile_type"] or None)
    return rows


def question_labels(programme) -> dict[str, str]:
    """The factor name of each asked question → its text (the page's labels)."""
    return {QUESTION_PREFIX + q["key"]: str(question_text(q)[0]) for q in questions_for(programme)}


def intake_rows_of_programme(programme) -> Rows:
    """The rows of the programme's started, interviewed enrolments."""
    return intake_rows_for(Enrolment.objects.filter(programme=programme), questions_for(programme))
