from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.roles import Cap
from kobling.core.views import render_htmx
from kobling.notifications import services
from kobling.notifications.models import OutboxEmail


def _outbox_for(user):
    return OutboxEmail.objects.filter(organisation_id__in=access.organisation_ids_with(user, Cap.READ_OUTBOX))


@access.require(Cap.READ_OUTBOX)
def outbox(request):
    state = request.GET.get("state", "")
    emails = _outbox_for(request.user)
    if state in OutboxEmail.State.values:
        emails = emails.filter(state=state)
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render_htmx(
        request,
        "notifications/outbox.html",
        "notifications/_outbox_rows.html",
        {"page": page, "state": state, "states": OutboxEmail.State.choices},
    )


@require_POST
@access.require(Cap.READ_OUTBOX)
def outbox_retry(request, pk: int):
    email = get_object_or_404(_outbox_for(request.user), pk=pk)
    if email.state == OutboxEmail.State.FAILED:
        services.email_retry(email=email)
        messages.success(request, _("The e-mail will be tried again."))
    return redirect("outbox")
