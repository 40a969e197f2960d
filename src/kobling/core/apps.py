from django.apps import AppConfig
from django.db.models.signals import post_migrate


def restore_occupations(sender, using, apps=None, **kwargs) -> None:
    """STYRK-08 is reference data, loaded by a migration. `flush` (and so every transactional test)
    empties every table and then sends post_migrate: put the occupations back when they are gone."""
    from kobling.core.models import Occupation
    from kobling.core.occupations import load_occupations

    if not Occupation.objects.using(using).exists():
        load_occupations(Occupation)


def start_session_clocks(sender, request, user, **kwargs) -> None:
    """The session's idle and absolute limits count from the moment of logging in."""
    from kobling.core.middleware import session_clocks_start

    if request is not None and hasattr(request, "session"):
        session_clocks_start(request.session)


class CoreConfig(AppConfig):
    name = "kobling.core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from kobling.core import mfa, security

        post_migrate.connect(restore_occupations, sender=self, dispatch_uid="kobling.restore_occupations")
        user_logged_in.connect(start_session_clocks, dispatch_uid="kobling.start_session_clocks")
        user_logged_in.connect(mfa.start_login, dispatch_uid="kobling.mfa_start_login")
        # Security events for the audit log; django-axes (an earlier app) has counted the attempt first.
        user_login_failed.connect(security.login_failed, dispatch_uid="kobling.login_failed")
        user_locked_out.connect(security.locked_out, dispatch_uid="kobling.locked_out")
