"""Large scopes are computed ahead on the task worker (the real database worker: a transactional test)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.insights import precompute
from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _occupations(db):
    if not Occupation.objects.exists():  # transactional tests flush the data migrations' rows
        load_occupations(Occupation)


def test_a_large_scope_is_computed_by_the_worker_and_shown_with_its_time(
    client, seed, coordinator, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(precompute, "COMPUTE_IN_REQUEST", 10)  # the seed's 30 count as many
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    login(client, coordinator)
    url = reverse("insights_programme", args=[seed.programme.slug])
    first = client.get(url)
    assert first.context["insight"].pending and "being computed now" in first.content.decode()
    client.get(url)  # asked once, not twice
    assert DBTaskResult.objects.filter(task_path__endswith="insights_precompute").count() == 1
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
    ready = client.get(url)
    insight = ready.context["insight"]
    assert insight.stored and not insight.pending and insight.finished == 30
    assert "Computed ahead by the task worker" in ready.content.decode()
