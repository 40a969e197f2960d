"""The public forms (applying to a programme, signing up as a mentor): no login, so a honeypot field
and a per-address limit keep robots out. One form mixin and one view helper serve them all."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from kobling.core import throttle
from kobling.core.http import form_errors


class HoneypotForm(forms.Form):
    """`website` is a honeypot: people never see it (hidden by the page's style), robots fill it in."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))


def public_form_view(
    request,
    *,
    form: forms.Form,
    template: str,
    thanks: str,
    scope: str,
    submit: Callable[[forms.Form], object],
    context: dict | None = None,
) -> HttpResponse:
    """GET shows the form. A POST with the honeypot filled in gets the thank-you page and stores
    nothing; one over the hourly limit for its address (`scope` names the counter) gets 429; a valid
    one is handed to `submit` (the one service call), and a refusal from it lands on the form."""
    context = {**(context or {}), "form": form}
    if request.method == "POST":
        if request.POST.get("website"):
            return redirect(thanks)
        limit = settings.APPLICATION_RATE_LIMIT
        if throttle.over_limit(scope, throttle.client_ip(request), limit=limit):
            return render(request, template, {**context, "limited": True}, status=429)
        if form.is_valid():
            try:
                submit(form)
            except ValidationError as error:
                form_errors(form, error)
            else:
                return redirect(thanks)
    return render(request, template, context)
