"""Issue 9: two-factor login (TOTP and recovery codes) for platform admins, provider coordinators and
NAV advisors, optional for everyone else."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from kobling.core.devices import Authenticator, RecoveryCode, RecoveryCodes, recovery_code_digests
from kobling.core.models import AuditLog
from tests.conftest import (
    PASSWORD,
    authenticator,
    enrol_authenticator,
    log_in_with_password,
    login,
    make_participant,
    totp_code,
)

START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


def password_only(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def mfa_notes(user) -> list[str]:
    return list(
        AuditLog.objects.filter(object_id=str(user.pk), action=AuditLog.Action.MFA)
        .order_by("id")
        .values_list("note", flat=True)
    )


def test_a_coordinator_needs_the_code_after_the_password(client, coordinator):
    device = authenticator(coordinator)
    password_only(client, coordinator)
    response = client.get(reverse("participant_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_verify") + "?next=%2Fparticipants%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'name="code"' in page and reverse("participant_list") not in page.split("<main")[0]  # no menu
    response = client.post(
        reverse("mfa_verify"), {"code": totp_code(device), "next": reverse("participant_list")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("participant_list")
    assert client.get(reverse("participant_list")).status_code == 200


def test_a_wrong_code_is_refused_counted_and_audited(client, coordinator):
    device = authenticator(coordinator)
    with time_machine.travel(START, tick=False) as clock:
        password_only(client, coordinator)
        response = client.post(
            reverse("mfa_verify"), {"code": "000000" if totp_code(device) != "000000" else "1"}
        )
        assert response.status_code == 200 and 'id="id_code_error"' in response.content.decode()
        assert client.get(reverse("home")).status_code == 302
        assert mfa_notes(coordinator) == ["wrong two-factor code"]
        clock.shift(datetime.timedelta(seconds=5))  # django-otp's own pause after a wrong code
        response = client.post(reverse("mfa_verify"), {"code": totp_code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_code_is_never_accepted_twice(client, coordinator):
    device = authenticator(coordinator)
    with time_machine.travel(START, tick=False):
        code = totp_code(device)
        password_only(client, coordinator)
        assert client.post(reverse("mfa_verify"), {"code": code}).status_code == 302
        client.post(reverse("logout"))
        password_only(client, coordinator)
        response = client.post(reverse("mfa_verify"), {"code": code})
    assert response.status_code == 200 and client.get(reverse("home")).status_code == 302


def test_five_wrong_codes_pause_the_code_step_and_log_out(client, coordinator, settings):
    device = authenticator(coordinator)
    with time_machine.travel(START, tick=False) as clock:
        password_only(client, coordinator)
        for _ in range(4):
            assert client.post(reverse("mfa_verify"), {"code": "abcdefgh"}).status_code == 200
        response = client.post(reverse("mfa_verify"), {"code": "abcdefgh"})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        # The right password and the right code do not help during the pause.
        password_only(client, coordinator)
        assert client.post(reverse("mfa_verify"), {"code": totp_code(device)}).status_code == 429
        assert (
            AuditLog.objects.filter(object_id=str(coordinator.pk), action=AuditLog.Action.LOCKED_OUT).count()
            == 1
        )
        clock.shift(datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES + 1))
        password_only(client, coordinator)
        response = client.post(reverse("mfa_verify"), {"code": totp_code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_recovery_code_works_once(client, coordinator):
    with time_machine.travel(START, tick=False) as clock:
        password_only(client, coordinator)
        codes = enrol_authenticator(client)
        assert len(codes) == len(set(codes)) == 10
        client.post(reverse("logout"))
        password_only(client, coordinator)
        response = client.post(reverse("mfa_verify"), {"code": codes[0].upper()}, follow=True)
        assert response.status_code == 200 and "9" in str(list(response.context["messages"])[0])
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))
        password_only(client, coordinator)
        assert client.post(reverse("mfa_verify"), {"code": codes[0]}).status_code == 200  # used
        clock.shift(datetime.timedelta(seconds=5))
        assert client.post(reverse("mfa_verify"), {"code": codes[1]}).status_code == 302
    assert "recovery code used, 9 left" in mfa_notes(coordinator)
    assert "recovery code used, 8 left" in mfa_notes(coordinator)


@pytest.mark.parametrize("who", ["coordinator", "advisor", "admin"])
def test_a_required_role_without_an_authenticator_gets_only_the_enrolment(client, request, who, participant):
    user = request.getfixturevalue(who)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    pages = [
        reverse("home"),
        reverse("participant_list"),
        reverse("participant_detail", args=[participant.pk]),
        reverse("audit_log"),
        reverse("password_change"),
        reverse("mfa_manage"),
        reverse("invitation_list"),
        reverse("mfa_verify"),
        "/account/login/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_setup")), url
    # A write is stopped too, and nothing is written.
    before = participant.timeline.count()
    response = client.post(
        reverse("timeline_add", args=[participant.pk]), {"kind": "note", "title": "x", "body": "y"}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_setup"))
    assert participant.timeline.count() == before
    page = client.get(reverse("mfa_setup")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and "<script" not in page.split("</head>")[1]
    assert client.get(reverse("health")).status_code == 200
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_enrolment_at_first_login_then_the_page_asked_for(client, coordinator):
    password_only(client, coordinator)
    first = client.get(reverse("participant_list"))
    assert first["Location"] == reverse("mfa_setup") + "?next=%2Fparticipants%2F"
    client.get(first["Location"])
    wrong = client.post(first["Location"], {"code": "123456"})
    assert wrong.status_code == 200 and 'id="id_code_error"' in wrong.content.decode()
    assert not Authenticator.objects.filter(user=coordinator).exists()
    codes = enrol_authenticator(client)
    assert len(codes) == 10
    assert RecoveryCodes.objects.get(user=coordinator).codes.count() == 10
    assert client.get(reverse("participant_list")).status_code == 200
    assert mfa_notes(coordinator) == ["two-factor login turned on"]


def test_the_api_refuses_a_session_without_the_code_step(client, coordinator):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/api/participants")
    assert response.status_code == 403 and response["Content-Type"].startswith("application/json")
    authenticator(coordinator)
    password_only(client, coordinator)
    assert client.get("/api/participants").status_code == 403
    login(client, coordinator)
    assert client.get("/api/participants").status_code == 200


def test_with_mfa_not_enforced_the_password_alone_works(client, coordinator, settings):
    """`make run` (DEBUG on) turns the requirement off so the printed demo logins work."""
    settings.MFA_ENFORCED = False
    password_only(client, coordinator)
    assert client.get(reverse("participant_list")).status_code == 200
    settings.MFA_ENFORCED = True
    assert client.get(reverse("participant_list")).status_code == 302


def test_a_password_alone_never_adds_a_second_authenticator(client, coordinator):
    device = authenticator(coordinator)
    password_only(client, coordinator)
    response = client.get(reverse("mfa_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_verify"))
    response = client.post(reverse("mfa_setup"), {"code": "123456"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_verify"))
    assert list(Authenticator.objects.filter(user=coordinator)) == [device]


def test_turning_it_off_is_refused_for_a_coordinator(client, coordinator):
    login(client, coordinator)
    device = authenticator(coordinator)
    page = client.get(reverse("mfa_manage")).content.decode()
    assert reverse("mfa_turn_off") not in page
    client.cookies["django_language"] = "en"
    response = client.post(reverse("mfa_turn_off"), {"off-code": totp_code(device)}, follow=True)
    assert "cannot be turned off" in response.content.decode()
    assert Authenticator.objects.filter(pk=device.pk).exists()
    assert "two-factor login turned off" not in mfa_notes(coordinator)


def test_a_mentor_turns_it_on_renews_the_codes_and_turns_it_off_each_audited(client, mentor):
    with time_machine.travel(START, tick=False) as clock:
        login(client, mentor)
        assert client.get(reverse("home")).status_code == 200  # optional: nothing asked
        assert reverse("mfa_setup") in client.get(reverse("mfa_manage")).content.decode()
        old_codes = enrol_authenticator(client)
        device = Authenticator.objects.get(user=mentor)
        clock.shift(datetime.timedelta(seconds=31))
        response = client.post(reverse("mfa_recovery_codes"), {"renew-code": totp_code(device)})
        assert response.status_code == 200
        old_digests = [recovery_code_digests(mentor.pk, code)[0] for code in old_codes]
        assert RecoveryCode.objects.filter(device__user=mentor).count() == 10
        assert not RecoveryCode.objects.filter(digest__in=old_digests).exists()
        # From now on the mentor's login has the code step.
        client.post(reverse("logout"))
        password_only(client, mentor)
        assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_verify"))
        clock.shift(datetime.timedelta(seconds=31))
        assert client.post(reverse("mfa_verify"), {"code": totp_code(device)}).status_code == 302
        wrong = client.post(reverse("mfa_turn_off"), {"off-code": "nope1234"})
        assert wrong.status_code == 302 and Authenticator.objects.filter(user=mentor).exists()
        clock.shift(datetime.timedelta(seconds=31))
        client.post(reverse("mfa_turn_off"), {"off-code": totp_code(device)})
    assert not Authenticator.objects.filter(user=mentor).exists()
    assert not RecoveryCodes.objects.filter(user=mentor).exists()
    assert mfa_notes(mentor) == [
        "two-factor login turned on",
        "new recovery codes",
        "wrong two-factor code",
        "two-factor login turned off",
    ]
    client.post(reverse("logout"))
    password_only(client, mentor)
    assert client.get(reverse("home")).status_code == 200


def test_the_platform_admin_resets_a_lost_authenticator_from_the_command_line(client, coordinator, capsys):
    log_in_with_password(client, coordinator)
    call_command("mfa", "status", coordinator.email)
    assert "is on since" in capsys.readouterr().out
    call_command("mfa", "reset", coordinator.email.upper())
    assert not Authenticator.objects.filter(user=coordinator).exists()
    assert mfa_notes(coordinator)[-1] == "two-factor login reset by a platform admin (kobling mfa reset)"
    # The old session's code step no longer counts: enrolment again.
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_setup"))
    with pytest.raises(CommandError) as error:
        call_command("mfa", "reset", "nobody@example.no")
    assert error.value.returncode == 2


def test_a_coordinator_sees_the_two_factor_events_of_their_own_people_only(
    client, coordinator, staff, other_coordinator, provider
):
    make_participant(provider)
    for user in (staff, other_coordinator):
        password_only(client, user)
        client.post(reverse("mfa_setup"))  # no code: refused, nothing audited
        client.post(reverse("logout"))
    password_only(client, other_coordinator)
    enrol_authenticator(client)
    client.post(reverse("logout"))
    login(client, staff)
    enrol_authenticator(client)
    login(client, coordinator)
    page = client.get(reverse("audit_log"), {"action": "mfa"}).content.decode()
    assert staff.full_name in page and other_coordinator.full_name not in page


def test_the_printed_demo_logins_say_when_two_factor_login_is_skipped(settings):
    from kobling.demo.generator import login_block

    settings.MFA_ENFORCED = False
    assert "Two-factor login is skipped because DEBUG is on" in login_block()
    settings.MFA_ENFORCED = True
    assert "set up two-factor login" in login_block()
