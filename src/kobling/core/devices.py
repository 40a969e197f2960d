"""The two-factor devices (django-otp `Device`s, used by core/mfa.py), kept so that a copy of the
database (a backup, a dump) gives no way past the code step:

- `Authenticator`, a TOTP app: its secret has to be read back to check a code, so it is sealed
  (`core.sealed`) like the other secrets Kobling keeps.
- `RecoveryCodes`, the ten single-use codes: they never need reading back, so only a keyed digest of
  each is kept (`core.sealed.digests`, bound to the user), and a used one is deleted.

Both check a code with one conditional write, so two requests with the same code cannot both pass:
an app's code moves `last_t` past its step only if no one has (replay), and a recovery code is used
by deleting its row, which only one request can do.

A key rotation keeps them working through `SECRET_KEY_FALLBACKS`. If every key that sealed them is
gone, the authenticator's secret reads as empty and no code matches; a platform admin then resets
the person's two-factor login (`kobling mfa reset EMAIL`).
"""

import base64
import secrets
import time
from binascii import unhexlify

from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from kobling.core.sealed import SealedTextField, digests

SECRET_BYTES = 20
RECOVERY_CODE_BYTES = 5  # 8 characters of base32


def new_secret() -> str:
    """A new authenticator secret, hex-encoded."""
    return secrets.token_hex(SECRET_BYTES)


def new_recovery_code() -> str:
    """A new recovery code: 8 lower-case base32 characters (a-z, 2-7), easy to read and type."""
    return base64.b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode().lower()


def recovery_code_digests(user_id: int, code: str) -> list[str]:
    """The digests a stored recovery code of this user may have: under the current key, then the
    fallbacks. The user is part of what is digested, so a row copied to another user never matches."""
    return digests(f"{user_id}:{code}")


class Throttled(ThrottlingMixin):
    """django-otp's pause after a wrong code: 1, 2, 4 ... seconds (beside core.mfa's per-account limit)."""

    class Meta:
        abstract = True

    def get_throttle_factor(self) -> int:
        return 1


def _record_attempt(device: ThrottlingMixin, passed: bool, also: list[str] = ()) -> None:
    """django-otp's pause after wrong codes, saving only its own columns: a whole-row save could put
    back a `last_t` that a request at the same time has moved on."""
    if passed:
        device.throttle_reset(commit=False)
    else:
        device.throttle_increment(commit=False)
    device.save(update_fields=["throttling_failure_timestamp", "throttling_failure_count", *also])


class Authenticator(TimestampMixin, Throttled, Device):
    """An authenticator app (TOTP, RFC 6238: six digits, a 30-second step, one step either side)."""

    step = 30
    t0 = 0
    digits = 6
    tolerance = 1

    secret = SealedTextField(default=new_secret)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)  # the step of the last code taken; only later ones pass

    class Meta(Device.Meta):
        verbose_name = "authenticator"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.secret or "")

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        token = str(token)
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time()
        verified = (
            bool(self.bin_key)
            and token.isdigit()
            and totp.verify(int(token), self.tolerance, self.last_t + 1)
            and self._take_step(totp.t(), totp.drift)
        )
        if verified:
            self.set_last_used_timestamp(commit=False)
        _record_attempt(self, verified, also=["last_used_at"] if verified else [])
        return verified

    def _take_step(self, t: int, drift: int) -> bool:
        """Move `last_t` to `t` unless another request has taken this step or a later one already."""
        taken = type(self).objects.filter(pk=self.pk, last_t__lt=t).update(last_t=t, drift=drift)
        if taken:
            self.last_t, self.drift = t, drift
        return bool(taken)


class RecoveryCodes(Throttled, Device):
    """A person's set of single-use recovery codes; a new set replaces the old."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        used, _ = self.codes.filter(digest__in=recovery_code_digests(self.user_id, str(token))).delete()
        _record_attempt(self, bool(used))
        return bool(used)

    def add_codes(self, codes: list[str]) -> None:
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=self, digest=recovery_code_digests(self.user_id, code)[0]) for code in codes]
        )


class RecoveryCode(models.Model):
    """One unused recovery code, as its keyed digest."""

    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_once")]

    def __str__(self) -> str:
        return f"recovery code {self.pk} of {self.device}"
