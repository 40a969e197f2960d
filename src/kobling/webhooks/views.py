"""The webhook pages: the organisation's subscriptions, one subscription with its delivery log, and the
secret shown once (after creating one, or rotating its secret)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import form_page, refusals_on
from kobling.core.selectors import get_or_404
from kobling.webhooks import selectors, services
from kobling.webhooks.forms import SubscriptionForm

require_manager = access.require(any_of=selectors.MANAGE)


def _secret_page(request, subscription, secret: str, *, new: bool):
    return render(
        request, "webhooks/secret.html", {"subscription": subscription, "secret": secret, "new": new}
    )


@require_manager
def webhook_list(request):
    subscriptions = selectors.subscription_list(request.user)
    return render(request, "webhooks/list.html", {"subscriptions": subscriptions})


@require_manager
def webhook_new(request):
    organisations = selectors.organisations_managed_by(request.user)
    form = SubscriptionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            # The form's fields are the service's: organisation, url, events and description.
            subscription, secret = services.subscription_create(actor=request.user, **form.cleaned_data)
            return _secret_page(request, subscription, secret, new=True)
    return render(request, "webhooks/form.html", {"form": form, "subscription": None})


@require_manager
def webhook_detail(request, pk: int):
    subscription = get_or_404(selectors.subscriptions_visible_to(request.user), pk=pk)
    deliveries = subscription.deliveries.all()
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    return render(request, "webhooks/detail.html", {"subscription": subscription, "page": page})


@require_manager
def webhook_edit(request, pk: int):
    subscription = get_or_404(selectors.subscriptions_visible_to(request.user), pk=pk)
    return form_page(
        request,
        SubscriptionForm(request.POST or None, subscription=subscription),
        # The form's fields are the service's: url, events, description and active.
        submit=lambda data: services.subscription_update(
            actor=request.user, subscription=subscription, **data
        ),
        done=_("The subscription was saved."),
        to=("webhook_detail", subscription.pk),
        template="webhooks/form.html",
        context={"subscription": subscription},
    )


@require_POST
@require_manager
def webhook_rotate(request, pk: int):
    subscription = get_or_404(selectors.subscriptions_visible_to(request.user), pk=pk)
    secret = services.subscription_rotate_secret(actor=request.user, subscription=subscription)
    return _secret_page(request, subscription, secret, new=False)


@require_POST
@require_manager
def webhook_resend(request, pk: int):
    delivery = get_or_404(selectors.deliveries_visible_to(request.user), pk=pk)
    if services.delivery_resend(actor=request.user, delivery=delivery):
        messages.success(request, _("The message will be sent again."))
    elif not delivery.subscription.active:
        messages.error(request, _("Turn the subscription on before sending again."))
    else:
        messages.info(request, _("This message is still being sent."))
    return redirect("webhook_detail", pk=delivery.subscription_id)
