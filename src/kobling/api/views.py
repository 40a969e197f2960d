"""The API tokens page: a coordinator lists their organisation's tokens, makes one (its secret is shown
on the answer to that POST, once, and never again) and revokes one after a confirmation."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from kobling.api import selectors, services
from kobling.api.forms import TokenForm
from kobling.core import access
from kobling.core.http import refusals_flashed, refusals_on
from kobling.core.selectors import get_or_404

MANAGE = selectors.MANAGE_TOKENS  # the organisation's coordinators


@sensitive_variables("secret")
@access.require(MANAGE)
def token_list(request):
    organisations = selectors.token_organisations(request.user)
    form = TokenForm(request.POST or None, organisations=organisations)
    created, secret = None, ""
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            created, secret = services.token_create(
                actor=request.user,
                organisation=form.organisation_chosen(),
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
            form = TokenForm(organisations=organisations)
    page = Paginator(selectors.tokens_visible_to(request.user), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "created": created, "secret": secret, "now": timezone.now()}
    return render(request, "api/tokens.html", context, status=400 if form.errors else 200)


@access.require(MANAGE)
def token_revoke(request, pk: int):
    """GET asks "revoke this token?"; only the confirmed POST revokes it."""
    token = get_or_404(selectors.tokens_visible_to(request.user), pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        with refusals_flashed(request, one_line=True):
            services.token_revoke(actor=request.user, token=token)
            messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("api_tokens")
    return render(request, "api/token_revoke.html", {"token": token, "now": timezone.now()})
