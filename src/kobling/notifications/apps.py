from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class NotificationsConfig(AppConfig):
    name = "kobling.notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kobling.notifications.checks import email_backend_problem

        # In ready(), not a system check, so every start refuses it: gunicorn and the worker too.
        problem = email_backend_problem()
        if problem:
            raise ImproperlyConfigured(problem)
