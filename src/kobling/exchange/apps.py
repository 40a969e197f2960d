from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "kobling.exchange"
    default_auto_field = "django.db.models.BigAutoField"
