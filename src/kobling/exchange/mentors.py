"""Mentors from a file, into one mentor programme: the plan and the write.

A row is matched to the programme's mentor profile with the same e-mail address (a rejected profile
does not count, as for a sign-up). A matched profile gets the filled cells that differ; an empty cell
keeps what it has.

New profiles are registered by the coordinator (`MentorProfile.Source.REGISTERED`). Nobody is e-mailed
unless the import is told to invite: without it, the new profiles wait for review on the programme's
mentor page, where approving one invites the mentor as for a sign-up. With it, the new profiles are
approved at once and each mentor without a mentor login in the organisation gets the invitation
e-mail (`mentoring.services.mentor_account_invite`); one who has a login is linked to the profile.
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.models import Membership, Occupation, User
from kobling.core.roles import Role
from kobling.exchange.columns import MENTOR_COLUMNS
from kobling.exchange.plan import NEW, Plan, compare, mark_duplicates, read_cells, require_for_new, resolve
from kobling.exchange.reading import Table
from kobling.exchange.writing import BATCH, records_write
from kobling.mentoring.models import MentorProfile, Mode
from kobling.mentoring.services import mentor_account_invite
from kobling.programmes.models import Programme

KIND = "mentors"
FIELDS = {c.key: ("occupation_id" if c.key == "occupation" else c.key) for c in MENTOR_COLUMNS}
DEFAULTS = {"language": "nb", "capacity": 1}


def mentors_plan(*, programme: Programme, table: Table, invite: bool = False) -> Plan:
    """What importing this table into the mentor programme would do; nothing is written."""
    plan = Plan(kind=KIND)
    positions = resolve(plan, table, MENTOR_COLUMNS)
    if plan.file_problems:
        return plan
    read_cells(plan, table, positions)
    mark_duplicates(plan, "email", _("The same e-mail address is also in row %(rows)s."))
    codes = set(Occupation.objects.filter(level=4).values_list("code", flat=True))
    profiles: dict[str, list[MentorProfile]] = defaultdict(list)
    for profile in MentorProfile.objects.filter(programme=programme).exclude(
        state=MentorProfile.State.REJECTED
    ):
        profiles[profile.email.lower()].append(profile)
    for row in plan.rows:
        code = row.values.get("occupation")
        if code and code not in codes:
            row.problem("occupation", _("No STYRK-08 occupation has the code %(code)s.") % {"code": code})
        found = profiles.get(row.values.get("email", ""), [])
        if found:
            compare(row, found[0], FIELDS)
        else:
            row.action = NEW
            require_for_new(row, plan.columns)
    plan.state["invitations"] = _invitations(programme, plan)
    if invite:
        plan.emails = [(name, email) for name, email in plan.state["invitations"]]
    return plan


def _invitations(programme: Programme, plan: Plan) -> list[tuple[str, str]]:
    """(name, e-mail) of the new mentors an invitation would go to: those without a mentor login in the
    programme's organisation."""
    new = [r for r in plan.rows if r.action == NEW and not r.wrong]
    with_login = set(
        Membership.objects.filter(
            organisation=programme.organisation,
            role=Role.MENTOR,
            user__email__in=[r.values["email"] for r in new],
        ).values_list("user__email", flat=True)
    )
    return [(r.values["full_name"], r.values["email"]) for r in new if r.values["email"] not in with_login]


def mentors_write(*, actor, programme: Programme, plan: Plan, invite: bool, note: str) -> None:
    """Write a plan without problems (inside the caller's transaction)."""
    now = timezone.now()
    organisation = programme.organisation
    reviewer = actor if getattr(actor, "is_authenticated", False) else None

    def new_profile(row) -> MentorProfile:
        return MentorProfile(
            programme=programme,
            source=MentorProfile.Source.REGISTERED,
            state=MentorProfile.State.APPROVED if invite else MentorProfile.State.SUBMITTED,
            reviewed_by=reviewer if invite else None,
            reviewed_at=now if invite else None,
            mode=Mode.BOTH,
            created_at=now,
            updated_at=now,
            **{**DEFAULTS, **{FIELDS[k]: v for k, v in row.values.items()}},
        )

    profiles = records_write(
        MentorProfile, plan, new_profile, FIELDS, actor=actor, organisation=organisation, now=now, note=note
    )
    if invite:
        _invite(actor, programme, profiles)


def _invite(actor, programme: Programme, profiles: list[MentorProfile]) -> None:
    """A login for each approved new mentor: linked when they have one, else an invitation e-mail."""
    organisation = programme.organisation
    users = {
        u.email: u
        for u in User.objects.filter(
            email__in=[p.email for p in profiles],
            memberships__organisation=organisation,
            memberships__role=Role.MENTOR,
        )
    }
    linked = []
    for profile in profiles:
        user = users.get(profile.email)
        if user is not None and not MentorProfile.objects.filter(programme=programme, user=user).exists():
            profile.user = user
            linked.append(profile)
        elif user is None:
            mentor_account_invite(actor=actor, profile=profile, organisation=organisation)
    MentorProfile.objects.bulk_update(linked, ["user"], batch_size=BATCH)
