"""The shared write-and-audit helpers: the row and its audit entry are written together or not at all."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from kobling.core.audit import Action, create_and_log, save_and_log, update_and_log
from kobling.core.models import AuditLog, Invitation, Role
from kobling.mentorspace.models import CoordinatorView, SpaceSettings

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(datetime.datetime(2020, 1, 1, 12, 0))


def test_create_and_log_creates_the_row_and_one_entry(programme, coordinator):
    with transaction.atomic():
        row = create_and_log(
            SpaceSettings,
            actor=coordinator,
            organisation=programme.organisation,
            logged=["coordinator_view"],
            programme=programme,
            coordinator_view=CoordinatorView.MESSAGES,
        )
    entry = AuditLog.objects.get(object_type="mentorspace.spacesettings", object_id=str(row.pk))
    assert (entry.action, entry.actor, entry.organisation) == (
        Action.CREATE,
        coordinator,
        programme.organisation,
    )
    assert entry.fields == ["coordinator_view"]
    assert SpaceSettings.objects.get(pk=row.pk).coordinator_view == CoordinatorView.MESSAGES


def test_update_and_log_saves_only_the_changes_and_stamps_updated_at(programme, coordinator):
    row = SpaceSettings.objects.create(programme=programme, updated_at=LONG_AGO)
    SpaceSettings.objects.filter(pk=row.pk).update(coordinator_view=CoordinatorView.MESSAGES)  # someone else
    row.coordinator_view = CoordinatorView.SUMMARY  # stale in memory, not part of the change
    with transaction.atomic():
        update_and_log(
            row, actor=coordinator, organisation=programme.organisation, note="why", programme=programme
        )
    fresh = SpaceSettings.objects.get(pk=row.pk)
    assert fresh.coordinator_view == CoordinatorView.MESSAGES  # a field not named is not written
    assert fresh.updated_at > LONG_AGO
    entry = AuditLog.objects.get(object_type="mentorspace.spacesettings")
    assert (entry.action, entry.fields, entry.note) == (Action.UPDATE, ["programme"], "why")


def test_save_and_log_names_the_logged_fields(programme, coordinator):
    row = SpaceSettings.objects.create(programme=programme)
    row.coordinator_view = CoordinatorView.MESSAGES
    with transaction.atomic():
        save_and_log(
            row,
            actor=coordinator,
            organisation=None,
            fields=["coordinator_view"],
            logged=["what coordinators see"],
        )
    assert SpaceSettings.objects.get(pk=row.pk).coordinator_view == CoordinatorView.MESSAGES
    assert AuditLog.objects.get(object_type="mentorspace.spacesettings").fields == ["what coordinators see"]


def test_create_and_log_gives_a_row_with_an_organisation_field_the_audit_organisation(provider, coordinator):
    with transaction.atomic():
        invitation = create_and_log(
            Invitation,
            actor=coordinator,
            organisation=provider,
            email="kari@example.no",
            full_name="Kari Nordmann",
            role=Role.MENTOR,
            token_hash="x" * 64,
            expires_at=LONG_AGO,
        )
    assert Invitation.objects.get(pk=invitation.pk).organisation == provider
    assert AuditLog.objects.get(object_type="core.invitation").organisation == provider
