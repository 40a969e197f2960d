"""Single sign-on pages: starting a login at a provider, its callback, and a platform admin's
settings of an organisation's identity provider.

The staff login asks for the work e-mail and picks the organisation's provider by its domain, so the
public login page lists no organisations and works the same for one customer or a hundred. Starting
it is a POST whose answer is a page that moves on to the provider (a refresh and a link): the site's
Content-Security-Policy (`form-action 'self'`) blocks a form whose redirect leaves the site.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST, require_safe

from kobling.accounts.sso import protocol, selectors, services
from kobling.accounts.sso.forms import IdentityProviderForm, WorkEmailForm
from kobling.accounts.sso.models import IdentityProvider
from kobling.core import access
from kobling.core.http import form_page, next_path
from kobling.core.models import Organisation
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404

# What the person is told when a login is refused: what happened and what to do.
REASONS = {
    "state": _("This login link has already been used or has expired. Start again from the login page."),
    "provider": _("Single sign-on for your organisation has been switched off. Log in with your password."),
    "token": _(
        "Kobling could not confirm the answer from your identity provider. Start again from the "
        "login page; if it happens again, ask your organisation's coordinator."
    ),
    "unreachable": _(
        "Your identity provider does not answer just now. Try again in a while, or log in with your password."
    ),
    "unverified": _(
        "Your identity provider has not confirmed your e-mail address. Ask your IT department to confirm "
        "it, or log in with your password."
    ),
    "domain": _(
        "Your e-mail address is not one your organisation logs in with here. Use your work address, or "
        "log in with your password."
    ),
    "unknown": _(
        "There is no Kobling account for this e-mail in your organisation. Kobling never creates an "
        "account from a login: ask your coordinator for an invitation."
    ),
    "unknown_participant": _(
        "We could not find your place in a programme from your ID-porten login. Log in with the e-mail "
        "and password from your invitation, or ask the people who follow you up to add your national "
        "identity number."
    ),
}


def _callback_uri(request) -> str:
    return request.build_absolute_uri(reverse("sso_callback"))


def _refused(request, reason: str):
    return render(request, "accounts/sso/refused.html", {"reason": REASONS[reason]}, status=400)


@require_POST
def sso_start(request):
    """The staff login: the work e-mail's domain picks the organisation's identity provider."""
    form = WorkEmailForm(request.POST)
    record = selectors.provider_for_email(form.cleaned_data["email"]) if form.is_valid() else None
    if record is None:
        messages.error(
            request, _("Your organisation does not log in with single sign-on here. Use your password.")
        )
        return redirect("login")
    provider = protocol.for_organisation(record)
    url = _begin(request, provider)
    if not isinstance(url, str):
        return url
    return render(request, "accounts/sso/continue.html", {"url": url, "label": provider.label})


def _begin(request, provider):
    """The provider's login address for this request, or the refusal page to show instead."""
    try:
        return services.sso_begin(
            request=request,
            provider=provider,
            redirect_uri=_callback_uri(request),
            next_path=next_path(request),
        )
    except services.Refused as refusal:
        return _refused(request, refusal.reason)


def sso_idporten(request):
    """The participants' login with ID-porten (a link, so the browser may leave the site at once)."""
    provider = protocol.idporten()
    if provider is None:
        raise Http404
    url = _begin(request, provider)
    return redirect(url) if isinstance(url, str) else url


def sso_callback(request):
    """Where every provider sends the browser back. Only a token that passes every check and names
    an existing account logs in; the identity provider's second factor spares the local one."""
    try:
        onward = services.sso_log_in(request=request)
    except services.Refused as refusal:
        return _refused(request, refusal.reason)
    return redirect(onward or settings.LOGIN_REDIRECT_URL)


@require_safe
@xframe_options_exempt
def sso_front_channel_logout(request):
    """The provider ends its session in an iframe (OpenID Connect Front-Channel Logout): the Kobling
    sessions it logged in end too. Only the providers may frame this page; it shows nothing."""
    services.sso_front_channel_logout(issuer=request.GET.get("iss", ""), sid=request.GET.get("sid", ""))
    response = HttpResponse("", content_type="text/plain")
    response["Cache-Control"] = "no-cache, no-store"
    ancestors = " ".join(selectors.provider_origins()) or "'none'"
    response["Content-Security-Policy"] = f"default-src 'none'; frame-ancestors {ancestors}"
    return response


@require_POST
def logout_view(request):
    """Log out. After a single sign-on, the browser goes on to the identity provider to end its
    session there too (a page that moves on, as `sso_start`, since the site's CSP keeps a form's
    redirect on the site); when the provider offers no logout, the person is told to close the browser."""
    ending = services.sso_logout(
        request=request, return_uri=request.build_absolute_uri(reverse("sso_logged_out"))
    )
    if ending.url:
        return render(
            request, "accounts/sso/logout_continue.html", {"url": ending.url, "label": ending.label}
        )
    if ending.label:
        return render(request, "accounts/sso/logged_out.html", {"label": ending.label, "still_in": True})
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_safe
def sso_logged_out(request):
    """Where the identity provider sends the browser back after logging out."""
    label = services.sso_logged_out(request=request, state=request.GET.get("state", ""))
    if label is None:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sso/logged_out.html", {"label": label, "still_in": False})


@access.require(Cap.MANAGE_ORGANISATIONS)
def sso_provider_edit(request, slug: str):
    """A platform admin sets an organisation's identity provider. The secret is write-only."""
    organisation = get_or_404(Organisation.objects.all(), slug=slug)
    record = IdentityProvider.objects.filter(organisation=organisation).first()
    initial = {}
    if record is not None:
        initial = {
            "name": record.name,
            "issuer": record.issuer,
            "client_id": record.client_id,
            "allowed_domains": ", ".join(record.allowed_domains),
            "enabled": record.enabled,
        }
    return form_page(
        request,
        IdentityProviderForm(request.POST or None, initial=initial),
        submit=lambda data: services.identity_provider_save(
            actor=request.user, organisation=organisation, **data
        ),
        done=_("Single sign-on for %(name)s is saved.") % {"name": organisation.name},
        to=("sso_provider_edit", organisation.slug),
        template="accounts/sso/provider_edit.html",
        context={
            "organisation": organisation,
            "record": record,
            "callback": _callback_uri(request),
            "logout_return": request.build_absolute_uri(reverse("sso_logged_out")),
            "front_channel": request.build_absolute_uri(reverse("sso_front_channel_logout")),
        },
    )


def login_options() -> dict:
    """The login page's single sign-on part (accounts.views.LoginView adds it to its context)."""
    return {**selectors.login_options(), "form": WorkEmailForm()}
