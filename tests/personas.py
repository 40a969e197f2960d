"""The personas, one per role (healthchecks' way): each is a fixture in tests/conftest.py, a user with
that one role in the first organisation of its kind, plus the platform admin, someone with no role at
all, and a second provider's coordinator and a second advisor. Tests that check who reaches a page
parametrise over PERSONAS, so a persona added here is checked everywhere."""

PERSONAS = (
    "coordinator",
    "staff",
    "advisor",
    "other_advisor",
    "market_coordinator",
    "mentor",
    "employer",
    "participant_user",
    "admin",
    "outsider",
    "other_coordinator",
)
