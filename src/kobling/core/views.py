from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from kobling.core import access, selectors, services
from kobling.core.forms import AuditFilterForm
from kobling.core.http import render_htmx
from kobling.core.roles import Cap


@require_POST
def set_language(request):
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=request.POST.get("language", ""))
    return django_set_language(request)


@require_safe
@access.require(Cap.READ_AUDIT)
def audit_log(request):
    """Read-only: the log cannot be written or changed through the web (405 to anything but GET)."""
    form = AuditFilterForm(request.GET or None)
    entries = selectors.audit_entries_visible_to(request.user)
    if form.is_valid():
        entries = selectors.audit_entries_filtered(entries, form.cleaned_data)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render_htmx(request, "core/audit_log.html", "core/_audit_rows.html", {"form": form, "page": page})


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    # A load balancer needs only "up, and the database answers"; nothing about how it is set up.
    return JsonResponse({"ok": True})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
