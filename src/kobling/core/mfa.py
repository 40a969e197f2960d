"""Two-factor login: a TOTP authenticator app and single-use recovery codes, through django-otp, with
Kobling's own devices (core/devices.py: the app's secret sealed, the recovery codes kept as keyed
digests, so a copy of the database is no way past the code step).

Who must: `access.mfa_required(user)` (the roles in `roles.MFA_REQUIRED_ROLES` while
`settings.MFA_ENFORCED` is on). Everyone else may turn it on at /account/two-factor/.

The flow. The password logs the user in, but while the session has not passed the code step
`core.middleware.MfaMiddleware` keeps it on the two-factor pages (and logout, language, health):
- a user with an authenticator gives a code from it, or one of their recovery codes (each works
  once), at /account/two-factor/verify/;
- a user who must but has none enrols first at /account/two-factor/setup/: a QR code and the secret
  as text, a code from the app to confirm, then ten recovery codes shown once.
A passed step is django-otp's own: `django_otp.login` keeps the device in the session and
`django_otp.middleware.OTPMiddleware` gives `request.user.is_verified()`. The one other way past it:
a single sign-on whose identity provider asserted a second factor (`passed_at_identity_provider`,
called by accounts/sso), which no local device can record. It lasts for that login only.

Wrong codes are counted per account in the shared cache: `MFA_FAILURE_LIMIT` of them pause the
code step for `LOGIN_COOLOFF_MINUTES` (audited as a lock-out). Every change is a security event.
"""

import base64
import time
from binascii import unhexlify
from urllib.parse import quote, urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP

from kobling.core import access, throttle
from kobling.core.audit import log_security_event
from kobling.core.devices import Authenticator, RecoveryCode, RecoveryCodes, new_recovery_code, new_secret
from kobling.core.models import AuditLog, User

PENDING = "kobling_mfa_pending"  # session: this login has yet to pass the code step
EXTERNAL = "kobling_mfa_external"  # session: this login's identity provider asserted a second factor
SETUP_SECRET = "kobling_mfa_secret"  # session: the secret being enrolled, until it is confirmed
RECOVERY_CODE_COUNT = 10
FAILURES = "mfa"  # throttle scope of wrong codes, per account


class Locked(Exception):
    """Too many wrong codes: the code step is paused for the cool-down."""


# ----------------------------------------------------------------------------- reads


def authenticator(user) -> Authenticator | None:
    return Authenticator.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


def is_recovery_code(device) -> bool:
    """Whether the device that accepted a code is the recovery codes (not the app)."""
    return isinstance(device, RecoveryCodes)


def is_locked(user) -> bool:
    return throttle.attempts(FAILURES, str(user.pk)) >= settings.MFA_FAILURE_LIMIT


def cooloff_seconds() -> int:
    return settings.LOGIN_COOLOFF_MINUTES * 60


def step_needed(request) -> str | None:
    """Which two-factor page a logged-in session must pass before any other: "verify" (it has an
    authenticator), "setup" (it must have one and has none), or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified() or request.session.get(EXTERNAL):
        return None
    if request.session.get(PENDING):
        return "verify"
    if access.mfa_required(user):
        return "setup"
    return None


def start_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: note in the new session whether the code step is still to come."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(EXTERNAL, None)  # a new login earns its own way past the code step
        request.session[PENDING] = Authenticator.objects.filter(user_id=user.pk, confirmed=True).exists()


def passed_at_identity_provider(request) -> None:
    """Called right after a single sign-on whose ID token asserts a second factor (`amr`/`acr`): the
    session needs no local code step. Adding or replacing an authenticator still asks for a code
    from the current one (`request.user.is_verified()` stays False)."""
    request.session[EXTERNAL] = True
    request.session.pop(PENDING, None)


def passed(request, device) -> None:
    """The session has passed the code step with `device` (django-otp's own record of it)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(PENDING, None)
    request.session.pop(SETUP_SECRET, None)


# ----------------------------------------------------------------------------- enrolment helpers


def setup_secret(session) -> str:
    """The secret offered for enrolment, kept in the session until it is confirmed."""
    if not session.get(SETUP_SECRET):
        session[SETUP_SECRET] = new_secret()
    return session[SETUP_SECRET]


def secret_as_text(key: str) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    text = base64.b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user, key: str) -> str:
    issuer = settings.OTP_TOTP_ISSUER
    params = urlencode(
        {"secret": base64.b32encode(unhexlify(key)).decode(), "algorithm": "SHA1", "digits": 6, "period": 30}
    )
    return f"otpauth://totp/{quote(issuer)}:{quote(user.email)}?{params}&issuer={quote(issuer)}"


def qr_data_uri(text: str) -> str:
    """The QR code as an SVG data URI for an <img>: drawn on the server, no script."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _clean(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()[:16]


def _new_recovery_codes(user) -> list[str]:
    RecoveryCodes.objects.filter(user_id=user.pk).delete()
    device = RecoveryCodes.objects.create(user_id=user.pk, name="recovery codes", confirmed=True)
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    device.add_codes(codes)
    return codes


def _remove_devices(user) -> int:
    """Delete the user's authenticator and recovery codes; returns how many devices there were."""
    removed = 0
    for model in (Authenticator, RecoveryCodes):
        removed += model.objects.filter(user_id=user.pk).delete()[1].get(model._meta.label, 0)
    return removed


# ----------------------------------------------------------------------------- services


def mfa_enrol(*, user: User, key: str, code: str) -> tuple[Authenticator, list[str]]:
    """Confirm an authenticator with a code from it. It replaces any earlier one, and a fresh set of
    recovery codes replaces the old; the codes are returned to be shown once."""
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    code = _clean(code)
    if not (code.isdigit() and len(code) == 6 and totp.verify(int(code), tolerance=1)):
        raise ValidationError(
            _("That code does not match. Check that your phone's clock is right and use the newest code.")
        )
    with transaction.atomic(durable=True):
        replacing = Authenticator.objects.filter(user_id=user.pk, confirmed=True).exists()
        Authenticator.objects.filter(user_id=user.pk).delete()
        device = Authenticator.objects.create(
            user_id=user.pk,
            name="authenticator",
            secret=key,
            confirmed=True,
            last_t=totp.t(),
            drift=totp.drift,
        )
        codes = _new_recovery_codes(user)
        note = "authenticator replaced" if replacing else "two-factor login turned on"
        log_security_event(action=AuditLog.Action.MFA, user=user, note=note)
    return device, codes


def mfa_check_code(*, user: User, code: str):
    """The code step: a code from the authenticator or an unused recovery code. Returns the device
    that accepted it. Raises `Locked` while paused (the wrong code that reaches the limit starts the
    pause) and ValidationError for a wrong code. Each outcome is written in its own transaction, so a
    wrong code stays counted and audited."""
    if is_locked(user):
        raise Locked
    code = _clean(code)
    if code.isdigit() and len(code) == 6:
        candidate = authenticator(user)
    else:
        candidate = RecoveryCodes.objects.filter(user_id=user.pk, confirmed=True).first()
    device = django_otp.verify_token(user, candidate.persistent_id, code) if candidate and code else None
    if device is not None:
        throttle.forget(FAILURES, str(user.pk))
        if is_recovery_code(device):
            left = recovery_codes_left(user)
            log_security_event(action=AuditLog.Action.MFA, user=user, note=f"recovery code used, {left} left")
        return device
    failures = throttle.count_attempt(FAILURES, str(user.pk), period=cooloff_seconds(), sliding=True)
    if failures >= settings.MFA_FAILURE_LIMIT:
        log_security_event(
            action=AuditLog.Action.LOCKED_OUT, user=user, note="too many wrong two-factor codes"
        )
        raise Locked
    log_security_event(action=AuditLog.Action.MFA, user=user, note="wrong two-factor code")
    raise ValidationError(_("That code is not right. Try the newest code from your app, or a recovery code."))


def mfa_recovery_codes_renew(*, user: User, code: str) -> list[str]:
    """A new set of recovery codes, confirmed with a code; the old ones stop working."""
    if authenticator(user) is None:
        raise ValidationError(_("Two-factor login is not turned on."))
    mfa_check_code(user=user, code=code)
    with transaction.atomic(durable=True):
        codes = _new_recovery_codes(user)
        log_security_event(action=AuditLog.Action.MFA, user=user, note="new recovery codes")
    return codes


def mfa_turn_off(*, user: User, code: str) -> None:
    """Remove the authenticator and the recovery codes, confirmed with a code. Refused for a role
    that must log in with two factors."""
    if access.mfa_required(user):
        raise ValidationError(_("Your role must use two-factor login, so it cannot be turned off."))
    if authenticator(user) is None:
        raise ValidationError(_("Two-factor login is not turned on."))
    mfa_check_code(user=user, code=code)
    with transaction.atomic(durable=True):
        _remove_devices(user)
        log_security_event(action=AuditLog.Action.MFA, user=user, note="two-factor login turned off")


@transaction.atomic(durable=True)
def mfa_reset(*, user: User, by: str) -> int:
    """A platform admin's reset for someone who lost both phone and recovery codes (`kobling mfa reset
    EMAIL`): the authenticator and recovery codes go, a pause from wrong codes ends, and the next login
    starts enrolment again where the role requires it. Returns how many devices were removed."""
    removed = _remove_devices(user)
    throttle.forget(FAILURES, str(user.pk))
    log_security_event(action=AuditLog.Action.MFA, user=user, note=f"two-factor login reset by {by}")
    return removed
