"""Writes of the mentor programme: its settings, mentor and mentee profiles, and the pair from proposal
to its start. Each is one transaction with its audit rows and e-mails; the ones a page calls are
durable, and `mentorship_propose` (which publishing a matching run composes) is not."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.accounts.services import invitation_create
from kobling.core.audit import Action, assign_changes, create_and_log, log_action, save_and_log
from kobling.core.models import Membership, User
from kobling.core.roles import Role
from kobling.mentoring import selectors
from kobling.mentoring.emails import intro_attachments, intro_ends_at, tell_both, tell_mentor
from kobling.mentoring.models import (
    CRITERIA,
    MENTOR_FIELDS,
    SETTINGS_FIELDS,
    MenteeProfile,
    MentorLanguage,
    MentorProfile,
    MentorProgrammeSettings,
    Mentorship,
    MentorshipStatus,
)
from kobling.people.models import Consent, Task
from kobling.people.selectors import has_consent
from kobling.people.services import task_create
from kobling.programmes.followup.outcomes import add_months
from kobling.programmes.models import Enrolment, Programme
from kobling.webhooks import services as webhooks

MENTEE_FIELDS = ["goals", "topics", "industries", "mode", "availability", "gender", "same_gender_wish"]


# ------------------------------------------------------------------- settings
def settings_for(programme: Programme) -> MentorProgrammeSettings:
    found = getattr(programme, "_mentor_settings_cache", None)
    if found is None:
        found = MentorProgrammeSettings.objects.filter(programme=programme).first()
        found = found or MentorProgrammeSettings(programme=programme)
        programme._mentor_settings_cache = found
    return found


def _save_changed(obj, *, actor, organisation, changed: list[str], action: Action = Action.UPDATE) -> None:
    """Save the `changed` fields of settings or a profile (already set on `obj`) with a fresh `updated_at`,
    and audit them. "languages" is audited but not saved here: the languages are rows of their own."""
    obj.updated_at = timezone.now()
    fields = [name for name in changed if name != "languages"] + ["updated_at"]
    save_and_log(obj, actor=actor, organisation=organisation, fields=fields, logged=changed, action=action)


@transaction.atomic(durable=True)
def settings_save(*, actor, programme: Programme, values: dict) -> list[str]:
    if programme.kind != Programme.Kind.MENTOR:
        raise ValidationError(_("Only a mentor programme has mentor settings."))
    current, _created = MentorProgrammeSettings.objects.select_for_update().get_or_create(programme=programme)
    values = {k: v for k, v in values.items() if k in SETTINGS_FIELDS}
    if "weights" in values:
        values["weights"] = {c: int(values["weights"].get(c, 0)) for c in CRITERIA}
        if not any(values["weights"].values()):
            raise ValidationError(_("At least one criterion must count."))
    changed = assign_changes(current, values)
    if changed:
        _save_changed(current, actor=actor, organisation=programme.organisation, changed=changed)
    programme._mentor_settings_cache = current
    return changed


# --------------------------------------------------------------------- mentors
def _set_languages(mentor: MentorProfile, languages: dict[str, str]) -> bool:
    old = dict(mentor.languages.values_list("language", "level")) if mentor.pk else {}
    if old == languages:
        return False
    mentor.languages.all().delete()
    MentorLanguage.objects.bulk_create(
        MentorLanguage(mentor=mentor, language=code, level=level) for code, level in languages.items()
    )
    return True


@transaction.atomic(durable=True)
def mentor_submit(
    *,
    actor,
    programme: Programme,
    data: dict,
    languages: dict[str, str],
    source: str = MentorProfile.Source.SIGNUP,
    user: User | None = None,
) -> MentorProfile:
    """A new mentor profile, waiting for the coordinator's review."""
    if programme.kind != Programme.Kind.MENTOR:
        raise ValidationError(_("Mentors can only sign up for a mentor programme."))
    email = (data.get("email") or getattr(user, "email", "")).strip().lower()
    if (
        MentorProfile.objects.filter(programme=programme, email=email)
        .exclude(state=MentorProfile.State.REJECTED)
        .exists()
    ):
        raise ValidationError(_("This e-mail address has already signed up as a mentor in this programme."))
    fields = {k: v for k, v in data.items() if k in MENTOR_FIELDS}
    fields["email"] = email
    mentor = create_and_log(
        MentorProfile,
        actor=actor,
        organisation=programme.organisation,
        logged=[k for k, v in fields.items() if v not in ("", None, [], False)] + ["languages"],
        programme=programme,
        user=user,
        source=source,
        **fields,
    )
    _set_languages(mentor, languages)
    tell_mentor(mentor, "mentoring_signup_received", programme=programme, context={})
    return mentor


@transaction.atomic(durable=True)
def mentor_update(*, actor, mentor: MentorProfile, data: dict, languages: dict[str, str] | None) -> list[str]:
    fields = [k for k in data if k in MENTOR_FIELDS]
    changed = assign_changes(mentor, {name: data[name] for name in fields})
    if languages is not None and _set_languages(mentor, languages):
        changed.append("languages")
    if changed:
        _save_changed(mentor, actor=actor, organisation=mentor.programme.organisation, changed=changed)
    return changed


@transaction.atomic(durable=True)
def mentor_review(*, actor, mentor: MentorProfile, approve: bool, note: str = "") -> MentorProfile:
    """Approve or reject; an approved mentor without an account is invited to make one."""
    mentor = (
        MentorProfile.objects.select_for_update().select_related("programme__organisation").get(pk=mentor.pk)
    )
    if mentor.state == MentorProfile.State.ERASED:
        raise ValidationError(_("This mentor's data is erased: there is nobody left to review."))
    organisation = mentor.programme.organisation
    mentor.state = MentorProfile.State.APPROVED if approve else MentorProfile.State.REJECTED
    mentor.review_note = note.strip()[:500]
    mentor.reviewed_by = actor
    mentor.reviewed_at = timezone.now()
    invited = False
    if approve and mentor.user_id is None:
        user = User.objects.filter(email=mentor.email).first()
        has_role = user is not None and Membership.objects.filter(
            user=user, organisation=organisation, role=Role.MENTOR
        )
        if has_role and has_role.exists():
            mentor.user = user
        else:
            mentor_account_invite(actor=actor, profile=mentor, organisation=organisation)
            invited = True
    save_and_log(
        mentor,
        actor=actor,
        organisation=organisation,
        fields=["state", "review_note", "reviewed_by", "reviewed_at", "user"],
        logged=["state", "review_note"],
    )
    tell_mentor(
        mentor,
        "mentoring_reviewed",
        programme=mentor.programme,
        context={
            "approved": approve,
            "note": mentor.review_note,
            "invited": invited,
            "path": reverse("mentoring_mentor_home"),
        },
    )
    return mentor


def mentor_account_invite(*, actor, profile: MentorProfile, organisation):
    """Invite the person behind a mentor profile to log in as a mentor, in the caller's transaction
    (the coordinator's approval, an import of mentors)."""
    return invitation_create(
        actor=actor,
        organisation=organisation,
        email=profile.email,
        full_name=profile.full_name,
        role=Role.MENTOR,
        language=profile.language,
    )


@transaction.atomic(durable=True)
def mentor_invite(*, actor, organisation, email: str, full_name: str, language: str):
    """A partner company's contact invites a colleague to log in as a mentor (and then make a profile)."""
    return invitation_create(
        actor=actor,
        organisation=organisation,
        email=email,
        full_name=full_name,
        role=Role.MENTOR,
        language=language,
    )


@transaction.atomic(durable=True)
def mentor_claim_profiles(*, user: User) -> int:
    """Link profiles signed up with this e-mail to the account, once the person has logged in as a mentor.

    The invitation link went to that address, so holding the account proves owning it."""
    claimed = 0
    for mentor in MentorProfile.objects.select_for_update().filter(
        email=user.email.lower(), user__isnull=True
    ):
        if MentorProfile.objects.filter(programme=mentor.programme, user=user).exists():
            continue
        mentor.user = user
        save_and_log(mentor, actor=user, organisation=mentor.programme.organisation, fields=["user"])
        claimed += 1
    return claimed


# --------------------------------------------------------------------- mentees
def mentee_profile_for(enrolment: Enrolment) -> MenteeProfile:
    """The enrolment's mentee profile, made empty if it has none: for services that need a saved one
    (and test fixtures). A page reads `selectors.mentee_profile`, which never writes."""
    profile = MenteeProfile.objects.filter(enrolment=enrolment).first()
    if profile is None:
        profile, _created = MenteeProfile.objects.get_or_create(enrolment=enrolment)
    return profile


@transaction.atomic(durable=True)
def mentee_update(*, actor, mentee: MenteeProfile, data: dict) -> list[str]:
    """Save the mentee's wishes. An unsaved profile (`selectors.mentee_profile`: the mentee has not
    saved before) is made here, audited as created; a saved one is audited with the fields changed."""
    fields = [k for k in data if k in MENTEE_FIELDS]
    created = False
    if mentee.pk is None:
        enrolment = mentee.enrolment
        mentee, created = MenteeProfile.objects.get_or_create(enrolment=enrolment)
        mentee.enrolment = enrolment
    changed = assign_changes(mentee, {name: data[name] for name in fields})
    if mentee.same_gender_wish and not mentee.gender:
        raise ValidationError(_("Tell us your gender if you want a mentor of the same gender."))
    if changed or created:
        organisation = mentee.enrolment.participant.organisation
        action = Action.CREATE if created else Action.UPDATE
        _save_changed(mentee, actor=actor, organisation=organisation, changed=changed, action=action)
    return changed


# ------------------------------------------------------------------ mentorships
def _log_state(mentorship: Mentorship, actor, note: str = "") -> None:
    webhooks.webhook_event_emit(
        event=webhooks.Event.MENTORSHIP_STATUS_CHANGED,
        organisations=[mentorship.programme.organisation_id],
        data=lambda: webhooks.about(
            mentorship,
            mentorship.mentee.enrolment,
            participant_id=mentorship.mentee.enrolment.participant_id,
            programme_id=mentorship.programme_id,
            old_status=mentorship.history.values_list("state", flat=True).last(),
            new_status=mentorship.state,
        ),
    )
    MentorshipStatus.objects.create(
        mentorship=mentorship,
        state=mentorship.state,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note[:300],
    )


def _lock_mentor(mentor: MentorProfile) -> MentorProfile:
    return MentorProfile.objects.select_for_update().get(pk=mentor.pk)


def mentor_open_count(mentor: MentorProfile) -> int:
    return Mentorship.objects.filter(mentor=mentor, state__in=Mentorship.TAKES_CAPACITY).count()


def declined_before(mentee: MenteeProfile, mentor: MentorProfile) -> bool:
    return Mentorship.objects.filter(mentee=mentee, mentor=mentor, state=Mentorship.State.DECLINED).exists()


@transaction.atomic
def mentorship_propose(
    *,
    actor,
    mentee: MenteeProfile,
    mentor: MentorProfile,
    score: float = 0,
    explanation: list | None = None,
    run=None,
    requested: bool = False,
) -> Mentorship:
    """Propose the pair (or, in the mentee's-choice mode, record the mentee's pick for the mentor)."""
    if not has_consent(mentee.enrolment.participant, Consent.Purpose.MENTOR):
        raise ValidationError(_("The mentee has not agreed to share their profile with a mentor."))
    # The mentee first, then the mentor: two proposals for one mentee wait for each other here, and
    # the second then finds the first.
    MenteeProfile.objects.select_for_update().get(pk=mentee.pk)
    locked = _lock_mentor(mentor)
    if locked.state != MentorProfile.State.APPROVED:
        raise ValidationError(_("The mentor is not approved."))
    if mentor_open_count(locked) >= locked.capacity:
        raise ValidationError(_("%(name)s has no free place.") % {"name": locked.full_name})
    if declined_before(mentee, locked):
        raise ValidationError(_("This pair said no before and is never proposed again."))
    if Mentorship.objects.filter(mentee=mentee, state__in=Mentorship.OPEN).exists():
        raise ValidationError(_("The mentee already has a mentor or a proposal."))
    programme = mentee.enrolment.programme
    try:
        with transaction.atomic():
            mentorship = create_and_log(
                Mentorship,
                actor=actor,
                organisation=programme.organisation,
                logged=["mentee", "mentor", "state"],
                programme=programme,
                mentee=mentee,
                mentor=locked,
                state=Mentorship.State.REQUESTED if requested else Mentorship.State.PROPOSED,
                score=score,
                explanation=explanation or [],
                run=run,
                proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError(_("The mentee already has a mentor or a proposal."))
    _log_state(mentorship, actor)
    if requested:
        path = reverse("mentorship_detail", args=[mentorship.pk])
        tell_mentor(locked, "mentoring_request", programme=mentorship.programme, context={"path": path})
    else:
        tell_both(mentorship, "mentoring_proposal", {})
    return mentorship


def _lock(mentorship: Mentorship) -> Mentorship:
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    locked.programme, locked.mentee, locked.mentor = (
        mentorship.programme,
        mentorship.mentee,
        mentorship.mentor,
    )
    return locked


def _decline(
    locked: Mentorship, *, actor, by: str, reason: str, text: str, state: str = Mentorship.State.DECLINED
) -> None:
    if reason not in Mentorship.DeclineReason.values:
        raise ValidationError(_("Choose a reason."))
    if reason == Mentorship.DeclineReason.OTHER and not text.strip():
        raise ValidationError(_("Say in a few words why."))
    locked.state = state
    locked.decline_reason = reason
    locked.decline_text = text.strip()[:300] if reason == Mentorship.DeclineReason.OTHER else ""
    locked.declined_by = by
    locked.ended_at = timezone.now()


def _save_change(
    locked: Mentorship,
    actor,
    fields: list[str],
    *,
    history: bool = True,
    history_note: str = "",
    note: str = "",
) -> None:
    """Save a change to the locked pair with its audit row (`note` on it), and with `history` a status
    history row (`history_note` on that)."""
    locked.updated_at = timezone.now()
    locked.save()
    if history:
        _log_state(locked, actor, note=history_note)
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        organisation=locked.programme.organisation,
        fields=fields,
        note=note,
    )


@transaction.atomic(durable=True)
def mentorship_mentor_respond(
    *, actor, mentorship: Mentorship, accept: bool, reason: str = "", text: str = ""
) -> Mentorship:
    """The mentor's answer to a mentee's pick: yes makes it a proposal, no declines it."""
    locked = _lock(mentorship)
    if locked.state != Mentorship.State.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    if accept:
        locked.state = Mentorship.State.PROPOSED
    else:
        _decline(locked, actor=actor, by="mentor", reason=reason, text=text)
    _save_change(locked, actor, ["state"])
    if accept:
        tell_both(locked, "mentoring_proposal", {})
    else:
        tell_both(locked, "mentoring_outcome", {"active": False})
    return locked


@transaction.atomic(durable=True)
def mentorship_plan_intro(
    *, actor, mentorship: Mentorship, starts_at: datetime, minutes: int, place: str, video_url: str
) -> Mentorship:
    locked = _lock(mentorship)
    if locked.state not in (Mentorship.State.PROPOSED, Mentorship.State.INTRO):
        raise ValidationError(_("An intro meeting can only be planned for a proposed pair."))
    if not (place.strip() or video_url.strip()):
        raise ValidationError(_("Give a place or a video link."))
    if starts_at < timezone.now() - timedelta(hours=1):
        raise ValidationError(_("The meeting cannot be in the past."))
    changed = locked.state == Mentorship.State.INTRO
    locked.intro_starts_at, locked.intro_minutes = starts_at, minutes
    locked.intro_place, locked.intro_video_url = place.strip(), video_url.strip()
    locked.intro_sequence += 1 if changed else 0
    locked.state = Mentorship.State.INTRO
    fields = ["intro_starts_at", "intro_minutes", "intro_place", "intro_video_url", "state"]
    _save_change(locked, actor, fields)
    tell_both(
        locked,
        "mentoring_intro_meeting",
        {
            "changed": changed,
            "starts_at": timezone.localtime(locked.intro_starts_at),
            "ends_at": timezone.localtime(intro_ends_at(locked)),
            "place": locked.intro_place,
            "video_url": locked.intro_video_url,
        },
        attachments=intro_attachments(locked),
    )
    return locked


@transaction.atomic(durable=True)
def mentorship_answer(
    *, actor, mentorship: Mentorship, side: str, go_on: bool, reason: str = "", text: str = ""
) -> Mentorship:
    """One side's answer after the intro meeting: both yes starts the period; one no ends the pair."""
    if side not in ("mentee", "mentor"):
        raise ValueError(side)
    locked = _lock(mentorship)
    if locked.state != Mentorship.State.INTRO:
        raise ValidationError(_("You can answer once the intro meeting is planned, and only once."))
    if not locked.intro_held:
        raise ValidationError(
            _(
                "You answer whether to go on after the intro meeting. "
                "Until then you can say no to the proposal."
            )
        )
    if getattr(locked, f"{side}_answer"):
        raise ValidationError(_("You have already answered."))
    setattr(locked, f"{side}_answer", Mentorship.Answer.YES if go_on else Mentorship.Answer.NO)
    if not go_on:
        _decline(locked, actor=actor, by=side, reason=reason, text=text)
    elif locked.mentee_answer == locked.mentor_answer == Mentorship.Answer.YES:
        locked.state = Mentorship.State.ACTIVE
        locked.started_on = timezone.localdate()
        locked.ends_on = add_months(locked.started_on, settings_for(locked.programme).period_months)
    _save_change(locked, actor, [f"{side}_answer", "state"], history=locked.state != mentorship.state)
    if locked.state == Mentorship.State.ACTIVE:
        tell_both(locked, "mentoring_outcome", {"active": True, "ends_on": locked.ends_on})
    elif locked.state == Mentorship.State.DECLINED:
        tell_both(locked, "mentoring_outcome", {"active": False})
    return locked


@transaction.atomic(durable=True)
def mentorship_decline(
    *, actor, mentorship: Mentorship, side: str, reason: str, text: str = ""
) -> Mentorship:
    """The mentor or the mentee says no to a proposed pair before the intro meeting has begun.

    The pair ends as declined (never proposed again), the mentee goes back to the pool, and both are
    told. After the meeting has begun, the answer to "shall we go on?" is the way to say no."""
    if side not in ("mentee", "mentor"):
        raise ValueError(side)
    locked = _lock(mentorship)
    if locked.state not in (Mentorship.State.PROPOSED, Mentorship.State.INTRO):
        raise ValidationError(_("This proposal has already been answered."))
    if not locked.before_intro:
        raise ValidationError(_("The intro meeting has begun: answer whether you want to go on instead."))
    setattr(locked, f"{side}_answer", Mentorship.Answer.NO)
    _decline(locked, actor=actor, by=side, reason=reason, text=text)
    fields = [f"{side}_answer", "state", "decline_reason"]
    _save_change(locked, actor, fields, history_note="before the intro meeting", note="declined")
    tell_both(locked, "mentoring_outcome", {"active": False})
    return locked


@transaction.atomic
def mentorship_complete(*, actor, mentorship: Mentorship, note: str = "") -> None:
    """Complete the pair (locked by the caller), with its status history row (`note` on it) and audit row.
    Part of the caller's transaction: both final evaluations in the pair's space complete it."""
    mentorship.state = Mentorship.State.COMPLETED
    mentorship.ended_at = timezone.now()
    _save_change(mentorship, actor, ["state"], history_note=note)


@transaction.atomic(durable=True)
def mentorship_withdraw(*, actor, mentorship: Mentorship, reason: str, text: str = "") -> Mentorship:
    """The coordinator ends a pair that has not started; the mentee goes back to the pool."""
    locked = _lock(mentorship)
    if locked.state not in (Mentorship.State.REQUESTED, Mentorship.State.PROPOSED, Mentorship.State.INTRO):
        raise ValidationError(_("Only a pair that has not started can be withdrawn."))
    _decline(locked, actor=actor, by="coordinator", reason=reason, text=text)
    _save_change(locked, actor, ["state", "decline_reason"])
    tell_both(locked, "mentoring_outcome", {"active": False})
    return locked


@transaction.atomic(durable=True)
def mentorship_end_early(
    *, actor, mentorship: Mentorship, reason: str, text: str = "", side: str = "coordinator"
) -> Mentorship:
    """The coordinator, the mentor or the mentee (`side`) ends an active pair before its period is over
    (one has to stop, or it does not work), with a reason: both are told, the mentee goes back to the
    pool and the mentor's place is free again. The pair's space stays as it was written."""
    if side not in ("coordinator", "mentor", "mentee"):
        raise ValueError(side)
    locked = _lock(mentorship)
    if locked.state != Mentorship.State.ACTIVE:
        raise ValidationError(_("Only an active pair can be ended early."))
    _decline(locked, actor=actor, by=side, reason=reason, text=text, state=Mentorship.State.ENDED_EARLY)
    _save_change(locked, actor, ["state", "decline_reason"])
    tell_both(locked, "mentoring_outcome", {"active": False})
    if side != "coordinator":
        _ended_early_task(locked, actor=actor, side=side)
    return locked


def _ended_early_task(pair: Mentorship, *, actor, side: str) -> None:
    """A pair one of the two ended: the pair's coordinator gets a task to find the mentee a new mentor
    (none when the programme has no coordinator)."""
    coordinator = selectors.pair_coordinator(pair)
    if coordinator is None:
        return
    participant = pair.mentee.enrolment.participant
    with translation.override(coordinator.language or "nb"):
        who = _("the mentor") if side == "mentor" else _("the mentee")
        title = _("Mentor pair %(mentee)s and %(mentor)s was ended early by %(who)s: find a new mentor") % {
            "mentee": participant.first_name,
            "mentor": pair.mentor.full_name,
            "who": who,
        }
    pair_task_create(actor=actor, pair=pair, coordinator=coordinator, title=title)


def pair_task_create(*, actor, pair: Mentorship, coordinator: User, title: str) -> Task:
    """A task about the pair's mentee for its coordinator (`selectors.pair_coordinator`), due in three
    days, waiting on the provider. Part of the caller's transaction."""
    return task_create(
        actor=actor,
        organisation=pair.programme.organisation,
        participant=pair.mentee.enrolment.participant,
        title=title[:200],
        assignee=coordinator,
        due=timezone.localdate() + timedelta(days=3),
        waiting_on=Task.WaitingOn.PROVIDER,
    )
