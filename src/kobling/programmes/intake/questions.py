"""The structured intake interview: its default questions and how answers become a score."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

# Each question is scored 1–5; the weights decide how much each counts in the 0–100 total.
DEFAULT_QUESTIONS = [
    {"key": "motivation", "weight": 3},
    {"key": "it_interest", "weight": 3},
    {"key": "basic_it", "weight": 2},
    {"key": "resilience", "weight": 2},
    {"key": "learning", "weight": 2},
    {"key": "collaboration", "weight": 1},
]

QUESTION_TEXT = {
    "motivation": (_("Motivation"), _("Why do they want this, and why now?")),
    "it_interest": (
        _("IT interest and its evidence"),
        _("Courses, school programme, self-study, certifications: what can they show?"),
    ),
    "basic_it": (_("Basic IT and programming"), _("Files, accounts, networks; any code written?")),
    "resilience": (_("Coping when things get hard"), _("An example of a setback and what they did.")),
    "learning": (_("Ability to learn"), _("Something they learnt recently on their own.")),
    "collaboration": (_("Group and collaboration skills"), _("How do they work with others?")),
}


def questions_for(programme) -> list[dict]:
    """Questions with weight 0 are not asked; custom questions carry their own label."""
    return [q for q in (programme.intake_questions or DEFAULT_QUESTIONS) if q["weight"] > 0]


def question_text(question: dict) -> tuple[str, str]:
    if question.get("label"):
        return question["label"], ""
    return QUESTION_TEXT.get(question["key"], (question["key"], ""))


def weighted_score(questions: list[dict], answers: dict[str, int]) -> Decimal:
    """0 when every answer is 1, 100 when every answer is 5."""
    total_weight = sum(q["weight"] for q in questions)
    if not total_weight:
        return Decimal(0)
    points = sum(q["weight"] * (answers[q["key"]] - 1) for q in questions)
    return (Decimal(points) * 100 / (4 * total_weight)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
