"""`kobling api-token create|list|revoke`: API tokens from the command line.

    kobling api-token create --user EMAIL --organisation SLUG --scopes a,b [--name NAME] [--days N]
                                        prints the token (once: only its fingerprint is kept)
    kobling api-token list [--organisation SLUG]
    kobling api-token revoke ID

Bad input (an unknown user, organisation, scope or token, a user who is not a member) exits with
status 2 and one line saying why. Making and revoking are audited (as the command line, with no user).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kobling.api import services
from kobling.api.models import ApiToken, Scope
from kobling.core.models import Organisation, User


def _fail(message: str) -> CommandError:
    return CommandError(" ".join(message.split()), returncode=2)


def _problems(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "API tokens: make one for a user in an organisation, list them, or revoke one."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = actions.add_parser("create", help="Make a token and print it (shown only this once).")
        create.add_argument("--user", required=True, help="the e-mail address of the user the token acts as")
        create.add_argument("--organisation", required=True, help="the organisation's short name (slug)")
        create.add_argument("--scopes", required=True, help=f"comma-separated, of: {', '.join(Scope.values)}")
        create.add_argument("--name", default="", help="what uses the token (default: the command line)")
        create.add_argument(
            "--days",
            type=int,
            default=settings.API_TOKEN_DAYS,
            help="how many days it works (default %(default)s)",
        )
        listing = actions.add_parser("list", help="List tokens: id, prefix, state, organisation, user, name.")
        listing.add_argument("--organisation", help="only this organisation's (slug)")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id (from `list`).")
        revoke.add_argument("token_id")

    def handle(self, *args, **options):
        {"create": self._create, "list": self._list, "revoke": self._revoke}[options["action"]](options)

    def _organisation(self, slug: str) -> Organisation:
        organisation = Organisation.objects.filter(slug=slug.strip()).first()
        if organisation is None:
            raise _fail(f"No organisation has the short name {slug!r}.")
        return organisation

    def _create(self, options) -> None:
        user = User.objects.filter(email__iexact=options["user"].strip()).first()
        if user is None:
            raise _fail(f"No account has the e-mail address {options['user']!r}.")
        organisation = self._organisation(options["organisation"])
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            token, secret = services.token_create(
                actor=None,
                organisation=organisation,
                user=user,
                name=options["name"] or f"command line {timezone.localdate():%d.%m.%Y}",
                scopes=scopes,
                days=options["days"],
            )
        except ValidationError as error:
            raise _fail(_problems(error))
        self.stdout.write(secret)
        self.stderr.write(
            f"Token {token.pk} ({token.prefix}…) acts as {user.email} in {organisation.slug} until "
            f"{timezone.localtime(token.expires_at):%d.%m.%Y %H:%M}. It is shown only this once."
        )

    def _list(self, options) -> None:
        tokens = ApiToken.objects.select_related("organisation", "user").order_by("pk")
        if options.get("organisation"):
            tokens = tokens.filter(organisation=self._organisation(options["organisation"]))
        now = timezone.now()
        for token in tokens:
            state = "revoked" if token.revoked_at else "expired" if token.expires_at <= now else "active"
            used = (
                f"{timezone.localtime(token.last_used_at):%d.%m.%Y %H:%M}" if token.last_used_at else "never"
            )
            self.stdout.write(
                "\t".join(
                    [
                        str(token.pk),
                        f"{token.prefix}…",
                        state,
                        token.organisation.slug,
                        token.user.email,
                        ",".join(token.scopes),
                        f"expires {timezone.localtime(token.expires_at):%d.%m.%Y}",
                        f"last used {used}",
                        token.name,
                    ]
                )
            )

    def _revoke(self, options) -> None:
        raw = options["token_id"]
        token = (
            ApiToken.objects.filter(pk=int(raw)).select_related("organisation").first()
            if raw.isdigit()
            else None
        )
        if token is None:
            raise _fail(f"No API token has the id {raw!r}.")
        try:
            services.token_revoke(actor=None, token=token)
        except ValidationError as error:
            raise _fail(_problems(error))
        self.stdout.write(f"Token {token.pk} ({token.prefix}…) is revoked.")
