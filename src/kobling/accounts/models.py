"""The accounts app's tables live with their features; Django finds them through this module."""

from kobling.accounts.sso.models import IdentityProvider

__all__ = ["IdentityProvider"]
