from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


def mentor_profiles_claim_on_login(sender, request, user, **kwargs) -> None:
    """A mentor who logs in (with a password or single sign-on) takes over the profiles signed up with
    their address: the invitation went there, so holding the account proves owning it. Pages never
    write on GET, so this happens here and not on the mentor's home page."""
    from kobling.core import access
    from kobling.core.roles import Role
    from kobling.mentoring.services import mentor_claim_profiles

    if Role.MENTOR in access.roles(user):
        mentor_claim_profiles(user=user)


class MentoringConfig(AppConfig):
    name = "kobling.mentoring"
    verbose_name = _("Mentoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        user_logged_in.connect(mentor_profiles_claim_on_login, dispatch_uid="mentor-profiles-claim")
