"""The OpenID Connect protocol, through Authlib's Django client: discovery, state, nonce, PKCE and the
ID token's checks (signature from the provider's JWKS, `iss`, `aud`, `exp`, `nonce`).

One callback URL serves every provider: the provider a login started with is kept in the session
next to Authlib's state, so a callback is only ever checked against the provider the browser was sent
to, and each state works once (Authlib removes it as it reads it; `finish` removes ours).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from joserfc.errors import JoseError
from requests import RequestException

from kobling.accounts.sso.models import IdentityProvider
from kobling.core.models import Organisation
from kobling.core.sealed import seal, unseal

PENDING = "kobling_sso"  # session: {"provider": key, "next": path} while the browser is at the provider
SIGNED_IN = "kobling_sso_login"  # session: {"provider": key, "id_token": raw} after a single sign-on
IDPORTEN = "idporten"
# `amr` values (RFC 8176 and the usual vendor forms) that mean a second factor was used.
MFA_AMR = frozenset({"mfa", "otp", "hwk", "sms", "pop", "pwd+otp", "pwd+hwk", "pwd+sms"})


class Failed(Exception):
    """The protocol step failed: `reason` is a short code for the audit log, never shown as is."""

    def __init__(self, reason: str, organisation: Organisation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.organisation = organisation


@dataclass(frozen=True)
class Provider:
    key: str  # "idporten", or "org<pk>" for an organisation's identity provider
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scope: str
    organisation: Organisation | None = None
    record: IdentityProvider | None = None

    @property
    def is_idporten(self) -> bool:
        return self.key == IDPORTEN


@dataclass(frozen=True)
class Identity:
    """What a valid ID token says about the person."""

    provider: Provider
    subject: str
    email: str
    email_verified: bool
    national_id: str
    mfa: bool
    id_token: str = ""  # the raw token, kept in the session as `id_token_hint` for logging out
    sid: str = ""  # the provider's session id, if it sends one


def idporten() -> Provider | None:
    config = settings.OIDC_IDPORTEN
    if not config:
        return None
    return Provider(key=IDPORTEN, label="ID-porten", scope="openid profile", **config)


def for_organisation(record: IdentityProvider) -> Provider:
    return Provider(
        key=f"org{record.pk}",
        label=record.name,
        issuer=record.issuer,
        client_id=record.client_id,
        client_secret=record.client_secret,
        scope="openid email profile",
        organisation=record.organisation,
        record=record,
    )


def _client(provider: Provider):
    oauth = OAuth()
    return oauth.register(
        name=provider.key,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": provider.scope,
            "code_challenge_method": "S256",
            "default_timeout": settings.OIDC_TIMEOUT_SECONDS,
        },
    )


def start(request, provider: Provider, *, redirect_uri: str, next_path: str = "") -> str:
    """Keep the login's state, nonce and PKCE verifier in the session; returns the provider's URL."""
    client = _client(provider)
    try:
        found = client.create_authorization_url(redirect_uri)
    except (AuthlibBaseError, RequestException, ValueError) as error:
        raise Failed(f"provider unreachable: {type(error).__name__}", provider.organisation) from error
    client.save_authorize_data(request, redirect_uri=redirect_uri, **found)
    request.session[PENDING] = {"provider": provider.key, "next": next_path}
    return found["url"]


def pending_provider(request) -> tuple[str, str] | None:
    """The provider key and onward path of the login this session started, taken out of the session."""
    pending = request.session.pop(PENDING, None)
    if not isinstance(pending, dict) or not pending.get("provider"):
        return None
    return pending["provider"], pending.get("next") or ""


def finish(request, provider: Provider) -> Identity:
    """The callback: the state must be this session's, the code is exchanged and the ID token checked."""
    client = _client(provider)
    try:
        token = client.authorize_access_token(
            request, claims_options={"iss": {"essential": True, "values": [provider.issuer]}}, leeway=60
        )
    except (AuthlibBaseError, JoseError, RequestException, ValueError) as error:
        raise Failed(f"token refused: {type(error).__name__}", provider.organisation) from error
    claims = token.get("userinfo")
    if not claims:
        raise Failed("no ID token", provider.organisation)
    return Identity(
        provider=provider,
        subject=str(claims.get("sub") or ""),
        email=str(claims.get("email") or "").strip(),
        email_verified=claims.get("email_verified") in (True, "true"),
        national_id=str(claims.get("pid") or "").strip(),
        mfa=asserts_mfa(claims),
        id_token=str(token.get("id_token") or ""),
        sid=str(claims.get("sid") or ""),
    )


def remember(request, identity: Identity) -> None:
    """After the login: which provider the session came from, and its ID token for `end_session_url`,
    sealed (`core.sealed`), since ID-porten's carries the national identity number."""
    request.session[SIGNED_IN] = {"provider": identity.provider.key, "id_token": seal(identity.id_token)}


def signed_in_with(request) -> tuple[str, str] | None:
    """The provider key and ID token this session logged in with, or None after a password login."""
    signed_in = request.session.get(SIGNED_IN)
    if not isinstance(signed_in, dict) or not signed_in.get("provider"):
        return None
    return signed_in["provider"], unseal(str(signed_in.get("id_token") or ""))


def end_session_url(provider: Provider, *, id_token: str, return_uri: str, state: str) -> str | None:
    """Where to send the browser to log out at the provider too (OpenID Connect RP-Initiated Logout),
    or None when the provider offers no logout. Raises `Failed` when the provider cannot be reached."""
    try:
        metadata = _client(provider).load_server_metadata()
    except (AuthlibBaseError, RequestException, ValueError) as error:
        raise Failed(f"provider unreachable: {type(error).__name__}", provider.organisation) from error
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    query = {"client_id": provider.client_id, "post_logout_redirect_uri": return_uri, "state": state}
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def asserts_mfa(claims) -> bool:
    """Does the ID token say the person used a second factor? `amr` naming one, or an `acr` in
    `settings.OIDC_MFA_ACR_VALUES`."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if any(str(value).lower() in MFA_AMR for value in amr):
        return True
    return str(claims.get("acr") or "") in settings.OIDC_MFA_ACR_VALUES
