from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "kobling.events"
    default_auto_field = "django.db.models.BigAutoField"
