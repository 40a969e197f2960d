from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kobling.core.roles import Role


class Region(models.TextChoices):
    """Norway's counties (fylker) from 2024."""

    OSLO = "03", "Oslo"
    ROGALAND = "11", "Rogaland"
    MORE_OG_ROMSDAL = "15", "Møre og Romsdal"
    NORDLAND = "18", "Nordland"
    OSTFOLD = "31", "Østfold"
    AKERSHUS = "32", "Akershus"
    BUSKERUD = "33", "Buskerud"
    INNLANDET = "34", "Innlandet"
    VESTFOLD = "39", "Vestfold"
    TELEMARK = "40", "Telemark"
    AGDER = "42", "Agder"
    VESTLAND = "46", "Vestland"
    TRONDELAG = "50", "Trøndelag"
    TROMS = "55", "Troms"
    FINNMARK = "56", "Finnmark"


# The languages Kobling speaks to a person in (the e-mails, the pages): the choices of every model
# field that stores one.
LANGUAGE_CHOICES = [("nb", "Norsk bokmål"), ("en", "English")]


def county_field(*, blank: bool = False, help_text: str = "") -> models.CharField:
    """The county (fylke) a person lives in or a thing is for, one of `Region`."""
    return models.CharField(
        _("county"), max_length=2, choices=Region.choices, blank=blank, help_text=help_text
    )


def actor_ref(*, blank: bool = False) -> models.ForeignKey:
    """The user who did something (made, decided, recorded a row). The row keeps its place when that
    user goes (SET_NULL) and the user has no way back to it (related_name "+")."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=blank, related_name="+"
    )


class Created(models.Model):
    """Who made a row and when: two columns in each table of a model that inherits them."""

    created_by = actor_ref()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Outgoing(models.Model):
    """A message the task worker sends: queued until it is sent or has failed for good, tried again
    at `next_attempt_at` (the backoff) in between; the newest first. The index serves the worker's
    look for queued rows that are due; a table adds its own indexes to `Outgoing.Meta.indexes`."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Provider")
        NAV_OFFICE = "nav_office", _("NAV office")
        EMPLOYER = "employer", _("Employer")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=2, choices=Region.choices)
    municipality = models.CharField(_("municipality"), max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        user = self.create_user(email, password, **fields)
        Membership.objects.get_or_create(user=user, organisation=None, role=Role.PLATFORM_ADMIN)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="nb")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised by "log out on all other devices": every session made before carries an older hash.
    session_epoch = models.PositiveIntegerField(default=0)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def _get_session_auth_hash(self, secret=None):
        """Django's check that a session still belongs to this login (an HMAC of the password hash),
        here also of `session_epoch`, so raising it ends the other sessions as a new password would.
        At 0 it is Django's own, so the sessions made before the field existed stay valid."""
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "kobling.core.models.User.session_epoch"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()


class Membership(models.Model):
    """A user's role in an organisation. Platform admins have no organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organisation__isnull=True),
                name="membership_unique_platform",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation or '—'}"


class Invitation(models.Model):
    """A time-limited link that lets a person set a password and take up a role.

    Only a hash of the token is stored, so a database leak does not hand out accounts.
    """

    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    language = models.CharField(max_length=5, default="nb")
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AuditLog(models.Model):
    """Append-only record of every change to personal data and every read of a sensitive field."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        READ = "read", _("read")
        # Security events (kobling.core.audit.log_security_event)
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOCKED_OUT = "locked_out", _("locked out")
        PASSWORD_RESET = "password_reset", _("password reset")
        LOGOUT_OTHERS = "logout_others", _("logged out on other devices")
        MFA = "mfa", _("two-factor change")
        REFUSED = "refused", _("access refused")
        # Privacy rights
        EXPORT = "export", _("data exported")
        ERASE = "erase", _("erased")
        ANONYMISE = "anonymise", _("anonymised")
        # Runs and mass actions: the object is what was run or published (a programme, an event)
        RUN = "run", _("solver run")
        PUBLISH = "publish", _("published")
        REPLAN = "replan", _("re-planned")
        # An import from a file: the object is what was imported into (an organisation, a programme)
        IMPORT = "import", _("imported")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_label = models.CharField(max_length=200, blank=True)
    fields = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("The audit log is append-only.")


class AuditRewrite(models.Model):
    """While a row exists here, inside one transaction, the database lets audit rows be rewritten.

    The audit log is append-only at the database level: triggers on PostgreSQL and SQLite refuse
    UPDATE and DELETE on it (core migration 0004). Erasure and retention must still anonymise the
    rows about a person; they do it inside `kobling.core.audit.audit_rewrite`, which adds a row here
    and removes it before its transaction commits, so no other transaction ever sees a permit.
    """

    reason = models.CharField(max_length=60)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.reason


class Occupation(models.Model):
    """STYRK-08, the Norwegian version of ISCO-08 (see core/data/README.md)."""

    code = models.CharField(max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title_nb = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_en if (get_language() or "nb").startswith("en") else self.title_nb

    @property
    def is_it(self) -> bool:
        return is_it_occupation(self.code)


IT_UNIT_GROUPS = [(2511, 2529), (3511, 3514)]


def is_it_occupation(code: str) -> bool:
    """An IT job is decided by the STYRK-08 unit group, never by free text."""
    if len(code) != 4 or not code.isdigit():
        return False
    number = int(code)
    return any(low <= number <= high for low, high in IT_UNIT_GROUPS)


# The two-factor devices live in their own module (core/devices.py); importing them here registers them.
from kobling.core.devices import Authenticator, RecoveryCode, RecoveryCodes  # noqa: E402, F401
