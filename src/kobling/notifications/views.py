from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import render_htmx
from kobling.core.roles import Cap
from kobling.notifications import services
from kobling.notifications.models import OutboxEmail
from kobling.notifications.selectors import outbox_visible_to, reads_platform_mail


@access.require(Cap.READ_OUTBOX)
def outbox(request):
    state = request.GET.get("state", "")
    emails = outbox_visible_to(request.user)
    if state in OutboxEmail.State.values:
        emails = emails.filter(state=state)
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render_htmx(
        request,
        "notifications/outbox.html",
        "notifications/_outbox_rows.html",
        {
            "page": page,
            "state": state,
            "states": OutboxEmail.State.choices,
            "platform_mail": reads_platform_mail(request.user),
        },
    )


@require_POST
@access.require(Cap.READ_OUTBOX)
def outbox_retry(request, pk: int):
    email = get_object_or_404(outbox_visible_to(request.user), pk=pk)
    if services.email_retry(actor=request.user, email=email):
        messages.success(request, _("The e-mail will be tried again."))
    elif email.state == OutboxEmail.State.FAILED:
        messages.error(request, _("The link in this e-mail has expired. Send a new one instead."))
    else:
        messages.info(request, _("Only a failed e-mail can be tried again."))
    return redirect("outbox")
