"""The audit log is append-only in the database itself, and readable only by those who may."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kobling.core.audit import audit_rewrite, log_security_event
from kobling.core.models import AuditLog, AuditRewrite
from tests.conftest import login


@pytest.fixture
def entry(coordinator, provider):
    with transaction.atomic():
        return AuditLog.objects.create(
            actor=coordinator,
            organisation=provider,
            action=AuditLog.Action.READ,
            object_type="people.participant",
            object_id="1",
            object_label="Ingrid Hansen",
        )


def refused(operation) -> bool:
    try:
        with transaction.atomic():
            operation()
    except DatabaseError as exc:
        return "append-only" in str(exc)
    return False


def test_the_database_refuses_to_change_an_entry(entry):
    assert refused(lambda: AuditLog.objects.filter(pk=entry.pk).update(object_label="Someone else"))
    assert AuditLog.objects.get(pk=entry.pk).object_label == "Ingrid Hansen"


def test_the_database_refuses_to_delete_an_entry(entry):
    assert refused(lambda: AuditLog.objects.filter(pk=entry.pk)._raw_delete(AuditLog.objects.db))
    assert AuditLog.objects.filter(pk=entry.pk).exists()


def test_raw_sql_is_refused_too(entry):
    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditlog SET note = 'tampered' WHERE id = %s", [entry.pk])

    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditlog WHERE id = %s", [entry.pk])

    assert refused(raw_update)
    assert refused(raw_delete)
    assert AuditLog.objects.get(pk=entry.pk).note == ""


def test_the_model_refuses_as_well(entry):
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_a_rewrite_permit_lets_erasure_anonymise_and_leaves_no_permit_behind(entry):
    with transaction.atomic(), audit_rewrite("erasure"):
        AuditLog.objects.filter(pk=entry.pk).update(object_label="Erased person")
    assert AuditLog.objects.get(pk=entry.pk).object_label == "Erased person"
    assert not AuditRewrite.objects.exists()
    assert refused(lambda: AuditLog.objects.filter(pk=entry.pk).update(object_label="again"))


def test_a_failed_rewrite_takes_its_permit_with_it(entry):
    with pytest.raises(ValueError), transaction.atomic(), audit_rewrite("erasure"):
        AuditLog.objects.filter(pk=entry.pk).update(object_label="Half done")
        raise ValueError("stop")
    assert AuditLog.objects.get(pk=entry.pk).object_label == "Ingrid Hansen"
    assert not AuditRewrite.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_rewrite_needs_a_transaction():
    with pytest.raises(RuntimeError), audit_rewrite("erasure"):
        pass


def test_the_audit_page_answers_405_to_writes(client, coordinator, entry):
    login(client, coordinator)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(reverse("audit_log")).status_code == 405, method
    assert AuditLog.objects.get(pk=entry.pk).object_label == "Ingrid Hansen"


def test_a_coordinator_sees_their_own_organisation_and_an_admin_sees_everything(
    client, coordinator, other_coordinator, admin, entry
):
    unknown = log_security_event(action=AuditLog.Action.LOGIN_FAILED, label="nobody@example.no")
    login(client, other_coordinator)
    body = client.get(reverse("audit_log")).content.decode()
    assert "Ingrid Hansen" not in body and "nobody@example.no" not in body
    login(client, coordinator)
    body = client.get(reverse("audit_log")).content.decode()
    assert "Ingrid Hansen" in body and "nobody@example.no" not in body
    login(client, admin)
    body = client.get(reverse("audit_log")).content.decode()
    assert "Ingrid Hansen" in body and unknown.object_label in body


def test_a_security_event_goes_to_the_accounts_organisation(coordinator, provider):
    event = log_security_event(action=AuditLog.Action.LOCKED_OUT, user=coordinator)
    assert event.organisation == provider
    assert event.object_type == "core.user" and event.object_id == str(coordinator.pk)


@pytest.mark.django_db(transaction=True)
def test_entries_survive_a_committed_transaction_and_stay_unchangeable(coordinator, provider):
    with transaction.atomic():
        saved = AuditLog.objects.create(
            organisation=provider, action=AuditLog.Action.READ, object_type="x", object_id="1"
        )
    assert refused(lambda: AuditLog.objects.filter(pk=saved.pk).update(note="x"))
    assert AuditLog.objects.filter(pk=saved.pk, note="").exists()
