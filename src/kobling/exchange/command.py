"""What `kobling import` and `kobling export` share: a sub-command per kind, the targets by their short
names, the acting user, and one-line errors with exit status 2.

Without `--user` the command line acts as itself (no user: the operator of the server, as for
`kobling privacy`). With `--user EMAIL` it acts as that person and reaches only what they may reach on
the web: another organisation's or programme's short name is refused the same way.
"""

from collections.abc import Callable

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.models import Organisation, User
from kobling.exchange.selectors import KINDS, MENTORS
from kobling.programmes.models import Programme


def bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def add_kind_commands(parser, *, verb: str, own_arguments: Callable[[str, object], None]) -> None:
    """A sub-command for each kind (`kobling VERB KIND`), each naming its target (`--programme` for
    mentors, else `--organisation`), then the arguments `own_arguments(kind name, sub-parser)` adds,
    then `--user`."""
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="|".join(KINDS))
    for name in KINDS:
        sub = kinds.add_parser(name, help=f"{verb} {name}")
        if name == MENTORS:
            sub.add_argument("--programme", required=True, help="the mentor programme's short name")
        else:
            sub.add_argument("--organisation", required=True, help="the organisation's short name")
        own_arguments(name, sub)
        sub.add_argument("--user", help="act as this user (their access applies); else the command line")


def actor_and_target(kind_name: str, *, user: str | None, options: dict):
    """The acting user (`--user`, else None) and the target the command line names for them."""
    actor = acting_user(user)
    target = target_for(
        kind_name, organisation=options.get("organisation"), programme=options.get("programme"), user=actor
    )
    return actor, target


def acting_user(email: str | None):
    if not email:
        return None
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise bad(_("There is no active user with the e-mail address “%(email)s”.") % {"email": email})
    return user


def target_for(kind_name: str, *, organisation: str | None, programme: str | None, user):
    """The organisation (participants, employer contacts) or mentor programme (mentors) named on the
    command line, if it exists and the acting user (if any) may use it."""
    kind = KINDS[kind_name]
    if kind_name == MENTORS:
        if not programme:
            raise bad(_("Name the mentor programme with --programme SLUG."))
        found = Programme.objects.select_related("organisation").filter(slug=programme).first()
        if found is None or found.kind != Programme.Kind.MENTOR:
            raise bad(_("There is no mentor programme with the short name “%(slug)s”.") % {"slug": programme})
        owner = found.organisation
    else:
        if not organisation:
            raise bad(_("Name the organisation with --organisation SLUG."))
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None or found.kind not in kind.organisation_kinds:
            raise bad(
                _("There is no organisation that can take this import with the short name “%(slug)s”.")
                % {"slug": organisation}
            )
        owner = found
    if user is not None and owner.pk not in access.organisation_ids_with(user, kind.capability):
        access.refused(user, note=f"kobling import/export {kind_name} {owner.slug}", organisation=owner)
        raise bad(
            _("%(user)s may not import or export %(kind)s for %(organisation)s.")
            % {"user": user.email, "kind": kind_name, "organisation": owner.name}
        )
    return found
