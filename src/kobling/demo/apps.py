from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kobling.demo"
    default_auto_field = "django.db.models.BigAutoField"
