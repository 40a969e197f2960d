from django.core.management.base import BaseCommand

from kobling.core.sealed import secrets_reseal


class Command(BaseCommand):
    help = (
        "Seal every stored secret again under the current SECRET_KEY: identity providers' client "
        "secrets, webhooks' signing keys and two-factor authenticators. Run it after changing SECRET_KEY "
        "(the old one in SECRET_KEY_FALLBACKS), then remove the old key."
    )

    def handle(self, *args, **options):
        for label, count in secrets_reseal().items():
            self.stdout.write(f"{label}: {count} sealed again")
        self.stdout.write(self.style.SUCCESS("Done. The old key can now leave SECRET_KEY_FALLBACKS."))
