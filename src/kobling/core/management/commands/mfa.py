from django.core.management.base import BaseCommand, CommandError

from kobling.core import mfa
from kobling.core.models import User


class Command(BaseCommand):
    help = (
        "Two-factor login. `kobling mfa status EMAIL` tells whether the account has it on; "
        "`kobling mfa reset EMAIL` removes the authenticator and recovery codes of someone who lost both "
        "(a platform admin's task: check who is asking first). Their next login starts enrolment again "
        "where the role requires it. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "reset"])
        parser.add_argument("email", help="The account's e-mail address.")

    def handle(self, *args, action: str, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {email!r}.", returncode=2)
        if action == "status":
            device = mfa.authenticator(user)
            if device is None:
                self.stdout.write(f"{user.email}: two-factor login is off.")
            else:
                self.stdout.write(
                    f"{user.email}: two-factor login is on since {device.created_at:%d.%m.%Y}, "
                    f"{mfa.recovery_codes_left(user)} recovery codes left."
                )
            return
        removed = mfa.mfa_reset(user=user, by="a platform admin (kobling mfa reset)")
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.email}: two-factor login reset ({removed} device(s) removed). They set it up again "
                "at their next login if their role requires it."
            )
        )
