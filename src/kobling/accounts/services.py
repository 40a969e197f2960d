"""Accounts: organisations set up with their first coordinator, invitations, and passwords. Each of
these sends an e-mail through the outbox, so they sit above core and notifications."""

import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.accounts.selectors import hash_token
from kobling.core import access, throttle
from kobling.core.access import forget_memberships
from kobling.core.audit import Action, create_and_log, log_action, log_security_event, update_and_log
from kobling.core.models import Invitation, Membership, Organisation, User
from kobling.core.roles import ROLES_FOR_KIND, Cap, Role, invitable_roles
from kobling.core.services import unique_slug
from kobling.notifications.services import email_send


@transaction.atomic
def organisation_create(
    *,
    actor,
    name: str,
    kind: str,
    region: str,
    municipality: str,
    coordinator_email: str = "",
    coordinator_name: str = "",
) -> Organisation:
    organisation = Organisation.objects.create(
        name=name, slug=unique_slug(Organisation, name), kind=kind, region=region, municipality=municipality
    )
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=organisation,
        organisation=organisation,
        fields=["name", "kind", "region", "municipality"],
    )
    if coordinator_email:
        first_role = {"provider": Role.COORDINATOR, "nav_office": Role.NAV_MARKET, "employer": Role.EMPLOYER}[
            kind
        ]
        invitation_create(
            actor=actor,
            organisation=organisation,
            email=coordinator_email,
            full_name=coordinator_name,
            role=first_role,
        )
    return organisation


@transaction.atomic(durable=True)
def invitation_send(
    *, actor, organisation: Organisation, email: str, full_name: str, role: str, language: str = "nb"
) -> tuple[Invitation, str]:
    """Someone invites a colleague: only into an organisation where they hold the invite
    capability, and only with a role that organisation's kind hands out."""
    if organisation.pk not in access.organisation_ids_with(actor, Cap.INVITE):
        raise ValidationError(_("You can only invite people into your own organisation."))
    if role not in invitable_roles(organisation.kind):
        raise ValidationError(
            _("A %(kind)s cannot invite someone with the role “%(role)s”.")
            % {
                "kind": organisation.get_kind_display(),
                "role": Role(role).label if role in Role.values else role,
            }
        )
    return invitation_create(
        actor=actor, organisation=organisation, email=email, full_name=full_name, role=role, language=language
    )


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitation_accept", args=[token])


@transaction.atomic
def invitation_create(
    *,
    actor,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    language: str = "nb",
    participant=None,
    template: str = "invitation",
    context: dict | None = None,
) -> tuple[Invitation, str]:
    """Returns the invitation and its token; only the token's hash is stored. `template` and
    `context` let the e-mail say why the person is invited (an accepted applicant's place)."""
    if role not in ROLES_FOR_KIND[organisation.kind]:
        raise ValidationError(_("That role does not exist in this kind of organisation."))
    email = email.strip().lower()
    if Membership.objects.filter(user__email=email, organisation=organisation, role=role).exists():
        raise ValidationError(_("This person already has that role in the organisation."))
    # A new invitation replaces any open one for the same person and role.
    Invitation.objects.filter(
        email=email, organisation=organisation, role=role, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = create_and_log(
        Invitation,
        actor=actor,
        organisation=organisation,
        logged=["email", "full_name", "role"],
        email=email,
        full_name=full_name,
        role=role,
        language=language,
        participant=participant,
        token_hash=hash_token(token),
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    email_send(
        to=email,
        template=template,
        language=language,
        organisation=organisation,
        context={
            "name": full_name,
            "organisation": organisation.name,
            "role": Role(role).label,
            "url": invitation_url(token),
            "days": settings.INVITATION_DAYS,
            "inviter": getattr(actor, "full_name", ""),
            **(context or {}),
        },
        tokens=[token],
        tokens_expire_at=invitation.expires_at,
    )
    return invitation, token


def invitation_for_participant(
    *, actor, participant, template: str = "invitation", context: dict | None = None
) -> tuple[Invitation, str]:
    return invitation_create(
        actor=actor,
        organisation=participant.organisation,
        email=participant.email,
        full_name=participant.full_name,
        role=Role.PARTICIPANT,
        language=participant.preferred_language,
        participant=participant,
        template=template,
        context=context,
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str | None, full_name: str = "") -> User:
    """Creates the account if needed (an existing user just gains the role)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or has already been used."))
    user = User.objects.filter(email=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=full_name or invitation.full_name,
            language=invitation.language,
        )
        log_action(
            actor=user,
            action=Action.CREATE,
            obj=user,
            organisation=invitation.organisation,
            fields=["email", "full_name"],
        )
    try:
        with transaction.atomic():
            Membership.objects.create(user=user, organisation=invitation.organisation, role=invitation.role)
    except IntegrityError:
        pass  # already had the role; accepting twice is harmless
    if invitation.participant_id:
        # The record the invitation was made for gets its account (people sit above accounts, so the
        # model is reached through the invitation's own relation rather than imported).
        participants = Invitation.participant.field.related_model.objects
        participants.filter(pk=invitation.participant_id, user__isnull=True).update(user=user)
    update_and_log(invitation, actor=user, organisation=invitation.organisation, accepted_at=timezone.now())
    forget_memberships(user)
    return user


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> None:
    update_and_log(invitation, actor=actor, organisation=invitation.organisation, revoked_at=timezone.now())


@transaction.atomic(durable=True)
def user_password_change(*, user: User, form) -> User:
    """Save a new password (the form has checked the old one and the rules) and audit it."""
    form.save()
    log_action(actor=user, action=Action.UPDATE, obj=user, organisation=None, fields=["password"])
    return user


@transaction.atomic(durable=True)
def user_sessions_end_others(*, user: User) -> None:
    """End every session of this login but the one asking (the view renews its hash): for someone who
    left a session open on a shared or lost device. Sessions from single sign-on end too."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    log_security_event(action=Action.LOGOUT_OTHERS, user=user, note="logged out on all other devices")


def password_reset_request(*, email: str, address: str, send: Callable[[], object]) -> None:
    """Someone asks for a password-reset link. `send` sends it (when the address is an account's). At
    most `PASSWORD_RESET_LIMIT_PER_ADDRESS` requests an hour count from one client address and
    `PASSWORD_RESET_LIMIT_PER_ACCOUNT` for one e-mail address; past either nothing is sent. The caller
    answers the same in every case, so nobody learns whether an account exists or was limited.
    Audited for an existing account: each request that sends, and the first one refused."""
    email = email.strip().lower()
    by_address = throttle.count_attempt("reset-address", address, period=3600)
    by_account = throttle.count_attempt("reset-account", email, period=3600)
    per_address, per_account = (
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT,
    )
    limited = by_address > per_address or by_account > per_account
    if not limited:
        send()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    if not limited:
        log_security_event(action=Action.PASSWORD_RESET, user=user, note="reset link requested")
    elif by_address == per_address + 1 or by_account == per_account + 1:
        log_security_event(
            action=Action.PASSWORD_RESET, user=user, note="reset asked too often; no link sent"
        )


@transaction.atomic(durable=True)
def user_password_reset(*, form) -> User:
    """A new password through a reset link (the form has checked the link and the rules). The login
    lock on the account is lifted: whoever holds the e-mail holds the account."""
    from axes.utils import reset as axes_reset

    user = form.save()
    axes_reset(username=user.email)
    log_security_event(action=Action.PASSWORD_RESET, user=user, note="new password set by reset link")
    return user
