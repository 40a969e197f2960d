"""Writes of people data. Each is one transaction with its audit rows."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.audit import Action, assign_changes, create_and_log, log_action, save_and_log
from kobling.core.models import Occupation
from kobling.core.roles import Role
from kobling.people import selectors
from kobling.people.models import (
    PROFILE_FIELDS,
    Consent,
    Participant,
    ParticipantLanguage,
    Task,
    TimelineEntry,
)

# What a linked duplicate may add to the record it joins: only fields the record has empty.
FILLABLE_FIELDS = [f for f in PROFILE_FIELDS if f not in ("advisor", "referring_office", "nav_user")]


def _languages_snapshot(participant: Participant) -> dict[str, str]:
    return dict(participant.languages.values_list("language", "level"))


@transaction.atomic
def participant_create(
    *,
    actor,
    organisation,
    data: dict,
    languages: dict[str, str] | None = None,
    occupations: list[Occupation] | None = None,
    source: str,
) -> Participant:
    fields = {k: v for k, v in data.items() if k in PROFILE_FIELDS}
    participant = Participant.objects.create(organisation=organisation, source=source, **fields)
    if languages:
        ParticipantLanguage.objects.bulk_create(
            ParticipantLanguage(participant=participant, language=code, level=level)
            for code, level in languages.items()
        )
    if occupations:
        participant.target_occupations.set(occupations)
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=participant,
        organisation=organisation,
        fields=[k for k, v in fields.items() if v not in ("", None, False, [])],
    )
    return participant


@transaction.atomic
def participant_update(
    *,
    actor,
    participant: Participant,
    data: dict,
    languages: dict[str, str] | None = None,
    occupations: list[Occupation] | None = None,
) -> list[str]:
    """Save the given fields; returns the names of those that changed (also written to the audit log)."""
    fields = [k for k in data if k in PROFILE_FIELDS]
    changed = assign_changes(participant, {name: data[name] for name in fields})
    if languages is not None and languages != _languages_snapshot(participant):
        participant.languages.all().delete()
        ParticipantLanguage.objects.bulk_create(
            ParticipantLanguage(participant=participant, language=code, level=level)
            for code, level in languages.items()
        )
        changed.append("languages")
    if occupations is not None:
        old = set(participant.target_occupations.values_list("code", flat=True))
        if old != {o.code for o in occupations}:
            participant.target_occupations.set(occupations)
            changed.append("target_occupations")
    if changed:
        participant.updated_at = timezone.now()
        saved = [f for f in changed if f in PROFILE_FIELDS] + ["updated_at"]
        save_and_log(
            participant, actor=actor, organisation=participant.organisation, fields=saved, logged=changed
        )
    return changed


@transaction.atomic(durable=True)
def participant_save(*, actor, participant: Participant, **changes) -> list[str]:
    """The edit pages' entry point (the provider's form and the person's own): `participant_update`
    (data, languages, occupations) in a transaction of its own. Returns the names of the fields that
    changed."""
    return participant_update(actor=actor, participant=participant, **changes)


@transaction.atomic(durable=True)
def national_id_reveal(*, actor, participant: Participant) -> str:
    log_action(
        actor=actor,
        action=Action.READ,
        obj=participant,
        organisation=participant.organisation,
        fields=["national_id"],
    )
    return participant.national_id


@transaction.atomic(durable=True)
def sensitive_entries_read(*, actor, participant: Participant, entries: list[TimelineEntry]) -> None:
    for entry in entries:
        if entry.sensitive:
            log_action(
                actor=actor,
                action=Action.READ,
                obj=entry,
                organisation=participant.organisation,
                fields=["body"],
                note=f"participant {participant.pk}",
            )


def refresh_activity(participants) -> int:
    """Keep the list columns (last activity, next meeting) in step with the timeline, for a whole
    queryset of participants in one UPDATE."""
    now = timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    entries = TimelineEntry.objects.filter(participant=OuterRef("pk"))
    last = entries.filter(occurred_at__lte=now).order_by("-occurred_at").values("occurred_at")[:1]
    upcoming = (
        entries.filter(occurred_at__gte=start_of_day, kind__in=TimelineEntry.MEETING_KINDS)
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    return participants.update(last_activity_at=Subquery(last), next_meeting_at=Subquery(upcoming))


def participant_activity_refresh(participant: Participant) -> None:
    """Keep one person's list columns in step with their timeline (and the instance with them): for
    services that add or move a meeting or an entry."""
    refresh_activity(Participant.objects.filter(pk=participant.pk))
    participant.refresh_from_db(fields=["last_activity_at", "next_meeting_at"])


@transaction.atomic
def timeline_entry_create(*, actor, participant: Participant, **fields) -> TimelineEntry:
    entry = create_and_log(
        TimelineEntry,
        actor=actor,
        organisation=participant.organisation,
        logged=[k for k, v in fields.items() if v not in ("", None)],
        note=f"participant {participant.pk}",
        participant=participant,
        author=actor,
        **fields,
    )
    participant_activity_refresh(participant)
    return entry


@transaction.atomic(durable=True)
def timeline_entry_add(*, actor, participant: Participant, **fields) -> TimelineEntry:
    """The record page's entry point: `timeline_entry_create` in a transaction of its own."""
    return timeline_entry_create(actor=actor, participant=participant, **fields)


@transaction.atomic
def consent_set(*, actor, participant: Participant, purpose: str, given: bool) -> Consent:
    consent = Consent.objects.create(participant=participant, purpose=purpose, given=given, recorded_by=actor)
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=participant,
        organisation=participant.organisation,
        fields=[f"consent:{purpose}"],
        note="given" if given else "withdrawn",
    )
    return consent


@transaction.atomic(durable=True)
def consent_answer(*, actor, participant: Participant, purpose: str, given: bool) -> Consent:
    """The person's consent page: give a consent, or answer no to one never answered, in a transaction
    of its own (withdrawing a given consent is `consent_withdraw`)."""
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_("Unknown consent."))
    return consent_set(actor=actor, participant=participant, purpose=purpose, given=given)


@transaction.atomic(durable=True)
def consent_withdraw(*, actor, participant: Participant, purpose: str) -> Consent:
    """The person withdraws a consent they have given, once its confirmation page has said what that means.

    Withdrawing the processing consent (the one the place in the programme builds on) ends nothing by
    itself: the provider's coordinators and the person's NAV advisor each get a task to talk with them."""
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_("Unknown consent."))
    # One withdrawal at a time per person: a double tap finds the first one done.
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    current = participant.consents.filter(purpose=purpose).first()
    if not (current and current.given):
        raise ValidationError(_("This consent is not given, so there is nothing to withdraw."))
    consent = consent_set(actor=actor, participant=participant, purpose=purpose, given=False)
    if purpose == Consent.Purpose.PROCESSING:
        _follow_up_processing_withdrawn(actor=actor, participant=participant)
    return consent


def _follow_up_processing_withdrawn(*, actor, participant: Participant) -> None:
    for user in selectors.processing_contacts(participant):
        with translation.override(user.language):
            title = _("Talk with %(name)s: they withdrew the consent to processing their information") % {
                "name": participant.full_name
            }
        task_create(
            actor=actor,
            organisation=participant.organisation,
            title=title[:200],
            assignee=user,
            due=timezone.localdate(),
            participant=participant,
            waiting_on=Task.WaitingOn.NAV if user.pk == participant.advisor_id else Task.WaitingOn.PROVIDER,
        )


@transaction.atomic
def task_create(*, actor, organisation, title: str, assignee, due=None, participant=None, waiting_on=None):
    if waiting_on is None:
        waiting_on = (
            Task.WaitingOn.NAV if access.has_role(assignee, Role.NAV_ADVISOR) else Task.WaitingOn.PROVIDER
        )
    task = Task.objects.create(
        organisation=organisation,
        participant=participant,
        title=title,
        assignee=assignee,
        due=due,
        waiting_on=waiting_on,
        created_by=actor,
    )
    if participant is not None:
        log_action(
            actor=actor,
            action=Action.CREATE,
            obj=task,
            organisation=organisation,
            fields=["title", "assignee", "due"],
            note=f"participant {participant.pk}",
        )
    return task


@transaction.atomic(durable=True)
def task_assign(*, actor, organisation, **task) -> Task:
    """The record page's entry point: `task_create` (title, assignee, due, participant, waiting on) in a
    transaction of its own."""
    return task_create(actor=actor, organisation=organisation, **task)


@transaction.atomic
def task_complete(*, actor, task: Task, done: bool = True) -> Task:
    task.done_at = timezone.now() if done else None
    if task.participant_id:
        save_and_log(task, actor=actor, organisation=task.organisation, fields=["done_at"])
    else:
        # A task about no one in particular is not audited.
        task.save(update_fields=["done_at"])
    return task


@transaction.atomic(durable=True)
def task_toggle(*, actor, task: Task) -> Task:
    """The task list's tick: an open task is done, a done one open again, in a transaction of its own."""
    return task_complete(actor=actor, task=task, done=task.done_at is None)


@transaction.atomic
def participant_merge(*, actor, duplicate: Participant, into: Participant) -> list[str]:
    """Fold a duplicate record into the person's real one, then delete the duplicate.

    The real record keeps every value it has; the duplicate only fills what is empty (and gives
    the referring advisor, if the person has none). Its consents are not carried over: a consent is
    the person's own act on their record. Every other row that points at the duplicate (enrolments,
    timeline, tasks, registrations) moves. Returns the names of the fields that were filled."""
    if duplicate.pk == into.pk or duplicate.organisation_id != into.organisation_id:
        raise ValidationError(_("Only two different records of the same provider can be linked."))
    if duplicate.user_id and into.user_id:
        raise ValidationError(_("Both records have their own login, so they cannot be linked."))
    data = {
        f: getattr(duplicate, f) for f in FILLABLE_FIELDS if getattr(duplicate, f) and not getattr(into, f)
    }
    if duplicate.advisor_id and not into.advisor_id:
        data.update(advisor=duplicate.advisor, referring_office=duplicate.referring_office, nav_user=True)
    known = set(into.languages.values_list("language", flat=True))
    languages = {**dict(duplicate.languages.values_list("language", "level")), **_languages_snapshot(into)}
    filled = participant_update(
        actor=actor,
        participant=into,
        data=data,
        languages=languages if set(languages) - known else None,
        occupations=[*into.target_occupations.all(), *duplicate.target_occupations.all()],
    )
    user = duplicate.user
    if user is not None:
        Participant.objects.filter(pk=duplicate.pk).update(user=None)
    try:
        with transaction.atomic():
            for relation in Participant._meta.related_objects:
                if relation.one_to_many and relation.related_model not in (ParticipantLanguage, Consent):
                    name = relation.field.name
                    relation.related_model._base_manager.filter(**{name: duplicate}).update(**{name: into})
    except IntegrityError:
        raise ValidationError(
            _("Both records are registered for the same thing (for example one event). Remove one first.")
        )
    log_action(
        actor=actor,
        action=Action.DELETE,
        obj=duplicate,
        organisation=into.organisation,
        note=f"linked into record {into.pk}" + (f", which got {', '.join(filled)}" if filled else ""),
    )
    Participant.objects.filter(pk=duplicate.pk).delete()
    if user is not None:
        into.user = user
        into.save(update_fields=["user"])
    return filled
