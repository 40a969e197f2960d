"""Reads of invitations, with access control."""

import hashlib

from django.db.models import Q, QuerySet

from kobling.core import access
from kobling.core.models import Invitation
from kobling.core.roles import Cap


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str) -> Invitation | None:
    """The open invitation a link's token belongs to (only the token's hash is stored), else None."""
    invitation = (
        Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
    )
    return invitation if invitation and invitation.is_open else None


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """The invitations of the organisations where the user may invite, and those they sent."""
    own = access.organisations_with(user, Cap.INVITE)
    return Invitation.objects.filter(Q(organisation__in=own) | Q(invited_by=user)).select_related(
        "organisation", "invited_by"
    )
