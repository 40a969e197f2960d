"""Setting up an event and moving it through its statuses, per role."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kobling.core.models import AuditLog
from kobling.events import services
from kobling.events.models import Event, EventStatus
from tests.conftest import login
from tests.fixtures.events import event_data, make_event

pytestmark = pytest.mark.django_db


def form_data(venue, organisers, **overrides):
    data = event_data(**overrides)
    post = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
    post["breaks"] = ", ".join(data["breaks"])
    post["venue"] = venue.pk
    post["organisers"] = [o.pk for o in organisers]
    post["info_meeting_minutes"] = 30
    return {k: ("" if v is None else v) for k, v in post.items()}


def test_a_market_coordinator_creates_an_event_with_slots_breaks_and_defaults(
    client, market_coordinator, nav_office
):
    login(client, market_coordinator)
    response = client.post(reverse("event_new"), form_data(nav_office, [nav_office]))
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse("event_detail", args=[event.pk])
    assert event.status == EventStatus.DRAFT and event.min_interviews == 3 and event.max_interviews == 4
    # 16:00–19:00 in 30-minute slots, with a break 17:30–17:45: 16:00 … 17:00, then 17:45 … 18:15.
    assert [s.strftime("%H:%M") for s, _e in event.slots()] == ["16:00", "16:30", "17:00", "17:45", "18:15"]
    assert AuditLog.objects.filter(object_type="events.event", action="create").exists()


def test_a_provider_coordinator_creates_an_event_too(client, coordinator, provider, nav_office):
    login(client, coordinator)
    response = client.post(reverse("event_new"), form_data(nav_office, [provider]))
    assert response.status_code == 302
    assert list(Event.objects.get().organisers.all()) == [provider]


def test_bad_input_is_shown_beside_the_field_and_saves_nothing(
    client, market_coordinator, nav_office, provider
):
    login(client, market_coordinator)
    data = form_data(nav_office, [provider], ends_at="15:00", max_interviews=2, breaks="18-19:xx")
    response = client.post(reverse("event_new"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "ends_at" in form.errors and "max_interviews" in form.errors and "breaks" in form.errors
    assert "organisers" in form.errors  # one's own organisation must organise
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("role", ["advisor", "employer", "participant_user", "outsider", "staff"])
def test_only_organisers_may_create_events(client, request, role):
    login(client, request.getfixturevalue(role))
    assert client.get(reverse("event_new")).status_code == 404


def test_status_moves_only_along_the_path_and_says_why_not(market_coordinator, nav_office):
    event = make_event(nav_office, nav_office, market_coordinator, status=EventStatus.DRAFT)
    with translation.override("en"), pytest.raises(ValidationError, match="cannot go from"):
        services.event_change_status(actor=market_coordinator, event=event, status=EventStatus.PUBLISHED)
    services.event_change_status(actor=market_coordinator, event=event, status=EventStatus.OPEN)
    services.event_change_status(actor=market_coordinator, event=event, status=EventStatus.SCHEDULING)
    with translation.override("en"), pytest.raises(ValidationError, match="no schedule to publish"):
        services.event_change_status(actor=market_coordinator, event=event, status=EventStatus.PUBLISHED)
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULING
    assert [h.status for h in event.status_history.order_by("at", "id")] == ["draft", "open", "scheduling"]


def test_the_status_form_shows_a_refusal_as_a_message(client, market_coordinator, event):
    login(client, market_coordinator)
    response = client.post(reverse("event_status", args=[event.pk]), {"status": "held"}, follow=True)
    assert "cannot go from" in response.content.decode() or "kan ikke gå fra" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN


def test_a_draft_is_seen_only_by_its_organisers(
    client, market_coordinator, nav_office, advisor, other_coordinator, coordinator
):
    event = make_event(nav_office, nav_office, market_coordinator, status=EventStatus.DRAFT)
    for user in (advisor, other_coordinator, coordinator):
        login(client, user)
        assert client.get(reverse("event_detail", args=[event.pk])).status_code == 404
    login(client, market_coordinator)
    assert client.get(reverse("event_detail", args=[event.pk])).status_code == 200


def test_another_organisations_coordinator_cannot_manage_the_event(
    client, event, other_coordinator, coordinator
):
    for user in (other_coordinator, coordinator):
        login(client, user)
        assert client.get(reverse("event_detail", args=[event.pk])).status_code == 200  # open: may register
        assert client.get(reverse("event_edit", args=[event.pk])).status_code == 404
        assert client.get(reverse("event_schedule", args=[event.pk])).status_code == 404
        assert (
            client.post(reverse("event_status", args=[event.pk]), {"status": "scheduling"}).status_code == 404
        )


@pytest.mark.parametrize("role", ["employer", "participant_user", "outsider", "mentor"])
def test_people_without_a_part_in_an_event_do_not_see_it(client, request, event, role):
    login(client, request.getfixturevalue(role))
    assert client.get(reverse("event_detail", args=[event.pk])).status_code == 404
    assert event.title not in client.get(reverse("event_list")).content.decode()


def test_the_event_list_has_a_constant_number_of_queries(
    client, market_coordinator, nav_office, django_assert_max_num_queries
):
    login(client, market_coordinator)
    make_event(nav_office, nav_office, market_coordinator)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("event_list"))
    for _ in range(5):
        make_event(nav_office, nav_office, market_coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("event_list"))
    assert response.content.decode().count("Ta sjansen") >= 6


def test_the_edit_page_fills_the_date_pickers_in_either_language(client, market_coordinator, event):
    """A date picker shows only an ISO value: a date written the Norwegian way left it empty."""
    login(client, market_coordinator)
    for language in ("nb", "en"):
        client.cookies["django_language"] = language
        page = client.get(reverse("event_edit", args=[event.pk])).content.decode()
        assert f'type="date" name="date" value="{event.date.isoformat()}"' in page
        assert f'name="employer_deadline" value="{event.employer_deadline.isoformat()}"' in page
