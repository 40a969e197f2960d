"""Erasure: afterwards nothing in the database identifies the person, every count stays, the audit
log says that someone was erased without saying who, and a failure leaves everything as it was."""

import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Q
from django.utils import translation

from kobling.accounts.sso.models import ProviderSession
from kobling.core.devices import Authenticator
from kobling.core.models import AuditLog, Membership, User
from kobling.mentorspace.models import Resource
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Participant, TimelineEntry
from kobling.privacy import services
from kobling.privacy.erasure import ERASED, ERASED_LABEL, Eraser
from kobling.privacy.models import Erasure
from tests.conftest import make_participant
from tests.privacy.conftest import IDENTIFIERS, leftovers

pytestmark = pytest.mark.django_db


def erase(rich, actor) -> dict:
    return services.participant_erase(actor=actor, participant=rich.participant)


def test_nothing_in_the_database_identifies_her_afterwards(rich, admin):
    assert len(leftovers(IDENTIFIERS)) > 40  # she is everywhere before
    Authenticator.objects.create(user=rich.user, name="phone", confirmed=True)
    ProviderSession.objects.create(
        user=rich.user, issuer="https://idporten.no", sid="s1", session_key="k" * 32
    )
    counts = erase(rich, admin)
    assert leftovers(IDENTIFIERS) == []
    assert counts["timeline_entries"] == 3 and counts["login_attempts"] == 3
    assert counts["two_factor_devices"] == 1 and counts["audit_labels"] > 0
    assert counts["provider_sessions"] == 1 and not ProviderSession.objects.exists()


def test_rows_stay_anonymised_and_her_login_is_closed(rich, admin):
    participant = rich.participant
    enrolments = list(participant.enrolments.values_list("pk", "status", "status_since"))
    county = participant.region
    erase(rich, admin)
    participant.refresh_from_db()
    assert participant.full_name == ERASED
    assert (participant.email, participant.phone, participant.national_id, participant.birth_year) == (
        "",
        "",
        "",
        None,
    )
    assert participant.region == county == "46"  # the county stays for figures by county
    assert list(participant.enrolments.values_list("pk", "status", "status_since")) == enrolments
    assert participant.timeline.count() == 3 and set(participant.timeline.values_list("body", flat=True)) == {
        ""
    }
    user = User.objects.get(pk=rich.user.pk)
    assert not user.is_active and not user.has_usable_password() and user.full_name == ERASED
    assert not Membership.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    # The pair's space stays (the mentor's counts too), without its words.
    assert rich.pair.space_messages.count() == 2
    assert set(rich.pair.space_messages.values_list("body", flat=True)) == {""}


def test_mail_to_and_about_her_loses_its_text_and_what_waits_is_never_sent(rich, admin):
    stranger = OutboxEmail.objects.create(
        to="nabo@example.no", template="x", subject="Hei", body="Hilsen Amina B."
    )
    queued = OutboxEmail.objects.get(subject="Snart")
    erase(rich, admin)
    queued.refresh_from_db()
    assert (
        queued.state == OutboxEmail.State.FAILED
        and queued.body == ""
        and queued.to != "amina.hassan@example.no"
    )
    about = OutboxEmail.objects.get(to=rich.participant.advisor.email, template="x")
    assert about.body == "" and about.subject == ERASED
    stranger.refresh_from_db()
    assert stranger.body == "Hilsen Amina B."  # another Amina, written to someone outside her case


def test_the_erasure_is_audited_without_naming_her(rich, admin):
    erase(rich, admin)
    row = AuditLog.objects.get(action=AuditLog.Action.ERASE)
    assert (row.actor, row.object_type, row.object_id) == (
        admin,
        "people.participant",
        str(rich.participant.pk),
    )
    assert row.object_label == ERASED_LABEL and "Amina" not in row.note
    # Rows about her keep their actions, times and actors; only their labels changed.
    reads = AuditLog.objects.filter(action=AuditLog.Action.READ)
    assert reads.count() == 2 and set(reads.values_list("object_label", flat=True)) == {ERASED_LABEL}


def test_she_cannot_be_erased_twice(rich, admin):
    erase(rich, admin)
    with pytest.raises(ValidationError) as error:
        erase(rich, admin)
    assert error.value.code == "erased"
    assert Erasure.objects.count() == 1 and AuditLog.objects.filter(action=AuditLog.Action.ERASE).count() == 1


REFUSE_UPDATES = {
    "sqlite": [
        "CREATE TRIGGER refuse_message_update BEFORE UPDATE ON mentorspace_message "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
        "CREATE TRIGGER refuse_message_update BEFORE UPDATE ON mentorspace_message "
        "FOR EACH ROW EXECUTE FUNCTION refuse_update()",
    ],
}


def test_a_failing_step_leaves_everything_as_it_was(rich, admin):
    """A real database error half-way (the pair's messages refuse to change, after the timeline and
    the programmes were done): the whole erasure rolls back."""
    before = leftovers(IDENTIFIERS)
    with connection.cursor() as cursor:
        for statement in REFUSE_UPDATES[connection.vendor]:
            cursor.execute(statement)
    with pytest.raises(Exception, match="refused by the test"):
        erase(rich, admin)
    assert leftovers(IDENTIFIERS) == before
    assert not Erasure.objects.exists()
    assert User.objects.get(pk=rich.user.pk).is_active
    assert not AuditLog.objects.filter(action=AuditLog.Action.ERASE).exists()
    assert TimelineEntry.objects.get(pk=rich.sensitive.pk).body == "Amina har ryggplager"


def test_uploaded_files_go_after_commit_and_stay_after_a_rollback(
    tmp_path, settings, coordinator, provider, django_capture_on_commit_callbacks
):
    """The eraser's file step, on the one model with files today (a mentor resource): every model an
    erasure scrubs gets the same treatment, so a file about a person goes the same way."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    resource = Resource.objects.create(organisation=provider, title="CV", kind="file")
    resource.file.save("cv.pdf", ContentFile(b"%PDF"))
    path = tmp_path / resource.file.name
    person = make_participant(provider, actor=coordinator)

    def scrub_and_finish():
        eraser = Eraser(person)
        eraser.scrub(Resource.objects.filter(pk=resource.pk), "resources")
        eraser.finish()
        assert path.exists()  # never before the commit

    class Rollback(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        scrub_and_finish()
        raise Rollback
    assert callbacks == [] and path.exists() and Resource.objects.get(pk=resource.pk).file.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        scrub_and_finish()
    assert len(callbacks) == 1 and not path.exists()
    assert Resource.objects.get(pk=resource.pk).file.name == ""


def status(*argv) -> int:
    """The exit status `kobling privacy ...` ends with (Django exits with the error's returncode)."""
    try:
        with translation.override("en"):
            call_command(*argv)
    except CommandError as error:
        sys.stderr.write(str(error))
        return error.returncode
    return 0


def test_the_command_refuses_an_unknown_id_and_a_missing_yes(rich, capsys):
    assert status("privacy", "erase", "999999") == 2
    assert "999999" in capsys.readouterr().err
    assert status("privacy", "export", "not-a-number") == 2
    assert status("privacy", "erase", str(rich.participant.pk)) == 2
    assert "--yes" in capsys.readouterr().err
    assert Participant.objects.get(pk=rich.participant.pk).first_name == "Amina"
    assert status("privacy", "erase", str(rich.participant.pk), "--yes") == 0
    assert "is erased" in capsys.readouterr().out
    assert Participant.objects.get(pk=rich.participant.pk).first_name == ERASED
    row = AuditLog.objects.get(action=AuditLog.Action.ERASE)
    assert row.actor is None and row.object_label == ERASED_LABEL
    assert status("privacy", "erase", str(rich.participant.pk), "--yes") == 1
    assert "nothing left to erase" in capsys.readouterr().err


def test_names_are_searched_only_when_long_enough(coordinator, provider):
    """A one-letter name would match every e-mail; it is not searched for."""
    short = make_participant(provider, first="A", last="B", actor=coordinator)
    OutboxEmail.objects.create(to="someone@example.no", template="x", subject="A B", body="A B C")
    eraser = Eraser(short)
    assert (
        eraser.names == []
        and OutboxEmail.objects.filter(eraser.mentions("body")).filter(~Q(to="")).count() == 0
    )
