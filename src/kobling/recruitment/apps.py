from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "kobling.recruitment"
    default_auto_field = "django.db.models.BigAutoField"
