from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "kobling.insights"
    verbose_name = _("What works")
    default_auto_field = "django.db.models.BigAutoField"
