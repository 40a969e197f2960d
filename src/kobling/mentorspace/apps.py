from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorspaceConfig(AppConfig):
    name = "kobling.mentorspace"
    verbose_name = _("The pair's space")
    default_auto_field = "django.db.models.BigAutoField"
