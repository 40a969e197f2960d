"""The calendar invitation is valid RFC 5545: CRLF, folded at 75 octets, text escaped, times in UTC."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kobling.notifications import ics

OSLO = ZoneInfo("Europe/Oslo")


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF, never a bare LF"
    return text.replace("\r\n ", "").removesuffix("\r\n").split("\r\n")


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(char)
    return "".join(out)


def parse(text: str) -> dict[str, list[tuple[str, str]]]:
    """name -> [(parameters, value)], splitting at the first colon outside double quotes."""
    props: dict[str, list[tuple[str, str]]] = {}
    for line in unfold(text):
        quoted, cut = False, None
        for i, char in enumerate(line):
            if char == '"':
                quoted = not quoted
            elif char == ":" and not quoted:
                cut = i
                break
        head, value = line[:cut], line[cut + 1 :]
        name, _, params = head.partition(";")
        props.setdefault(name, []).append((params, value))
    return props


def value(props, name):
    return props[name][0][1]


def invitation(**overrides):
    start = datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)
    fields = {
        "method": "REQUEST",
        "uid": "meeting-7@kobling",
        "sequence": 0,
        "start": start,
        "end": start + timedelta(minutes=45),
        "summary": "Statusmøte: Salesforce-kurs",
        "organiser": ics.Person("kari@example.no", "Kari Koordinator"),
        "attendees": [ics.Person("amina@example.no", "Amina Hassan"), ics.Person("vera@nav.no", "Vera")],
        "location": "Møterom 2, Storgata 1",
        "description": "Hvordan går det?\nNeste steg; praksis",
        "stamp": datetime(2026, 2, 20, 8, 30, tzinfo=UTC),
    }
    return ics.calendar(**{**fields, **overrides})


def test_an_invitation_is_a_request_with_one_event_in_utc():
    props = parse(invitation())
    assert [v for _p, v in props["BEGIN"]] == ["VCALENDAR", "VEVENT"]
    assert value(props, "VERSION") == "2.0" and value(props, "METHOD") == "REQUEST"
    assert value(props, "UID") == "meeting-7@kobling"
    # 10:00 in Oslo in March is winter time, UTC+1.
    assert value(props, "DTSTART") == "20260302T090000Z"
    assert value(props, "DTEND") == "20260302T094500Z"
    assert value(props, "DTSTAMP") == "20260220T083000Z"
    assert value(props, "SEQUENCE") == "0" and value(props, "STATUS") == "CONFIRMED"
    assert unescape(value(props, "SUMMARY")) == "Statusmøte: Salesforce-kurs"


def test_summer_time_is_converted_to_utc_too():
    start = datetime(2026, 6, 15, 9, 0, tzinfo=OSLO)
    props = parse(invitation(start=start, end=start + timedelta(hours=1)))
    assert value(props, "DTSTART") == "20260615T070000Z"


def test_organiser_and_attendees_are_mailto_addresses_with_names():
    props = parse(invitation())
    assert props["ORGANIZER"] == [("CN=Kari Koordinator", "mailto:kari@example.no")]
    assert [v for _p, v in props["ATTENDEE"]] == ["mailto:amina@example.no", "mailto:vera@nav.no"]
    assert props["ATTENDEE"][0][0].startswith("CN=Amina Hassan;ROLE=REQ-PARTICIPANT")


def test_a_name_with_a_comma_or_colon_is_quoted_and_a_double_quote_is_dropped():
    props = parse(invitation(organiser=ics.Person("a@example.no", 'Hansen, "Kari": leder')))
    params, address = props["ORGANIZER"][0]
    assert params == "CN=\"Hansen, 'Kari': leder\"" and address == "mailto:a@example.no"


def test_text_is_escaped_and_survives_a_round_trip():
    text = invitation(description="Linje 1\nLinje 2; med komma, og \\ skråstrek", location="Rom 1, 2. etg")
    raw = "".join(unfold(text))
    assert "Linje 1\\nLinje 2\\; med komma\\, og \\\\ skråstrek" in raw
    props = parse(text)
    assert unescape(value(props, "DESCRIPTION")) == "Linje 1\nLinje 2; med komma, og \\ skråstrek"
    assert unescape(value(props, "LOCATION")) == "Rom 1, 2. etg"


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    agenda = "Gjennomgang av aktivitetsplanen, æøå og emoji 🙂 " * 6
    text = invitation(description=agenda)
    physical = text.split("\r\n")[:-1]
    assert max(len(line.encode()) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical), "the description was long enough to fold"
    for line in physical:
        line.encode().decode()  # a split UTF-8 sequence would not decode
    assert unescape(value(parse(text), "DESCRIPTION")) == agenda


def test_a_cancellation_has_method_cancel_and_a_cancelled_event():
    props = parse(invitation(method="CANCEL", sequence=2))
    assert value(props, "METHOD") == "CANCEL"
    assert value(props, "STATUS") == "CANCELLED" and value(props, "SEQUENCE") == "2"


def test_nonsense_is_refused():
    start = datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)
    with pytest.raises(ValueError):
        invitation(method="PUBLISHX")
    with pytest.raises(ValueError):
        invitation(end=start)
    with pytest.raises(ValueError):
        invitation(start=datetime(2026, 3, 2, 10, 0), end=datetime(2026, 3, 2, 11, 0))


@pytest.mark.django_db
def test_an_outbox_email_carries_its_calendar_attachment_to_the_mail_server():
    from django.core import mail
    from django.db import transaction

    from kobling.notifications.models import OutboxEmail
    from kobling.notifications.services import email_deliver, email_send

    with transaction.atomic():
        email = email_send(
            to="amina@example.no",
            template="application_received",
            context={"name": "Amina", "programme": "Salesforce-kurs", "provider": "Fjordkompetanse"},
            attachments=[
                {
                    "filename": "invitation.ics",
                    "mimetype": "text/calendar; method=REQUEST",
                    "content": invitation(),
                }
            ],
        )
    stored = OutboxEmail.objects.get(pk=email.pk)
    assert stored.attachments[0]["filename"] == "invitation.ics"
    email_deliver(email_id=email.pk)
    raw = mail.outbox[0].message().as_string()
    assert 'Content-Type: text/calendar; charset="utf-8"; method="REQUEST"' in raw
    assert 'filename="invitation.ics"' in raw and "BEGIN:VCALENDAR" in raw


@pytest.mark.django_db
def test_an_attachment_without_content_is_refused_before_anything_is_stored():
    from kobling.notifications.models import OutboxEmail
    from kobling.notifications.services import email_queue

    with pytest.raises(ValueError):
        email_queue(
            to="a@example.no",
            subject="x",
            body="y",
            template="t",
            language="nb",
            attachments=[{"filename": "a.ics", "mimetype": "text/calendar"}],
        )
    assert not OutboxEmail.objects.exists()
