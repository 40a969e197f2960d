from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from kobling.core import access, selectors, services
from kobling.core.forms import (
    AcceptInvitationForm,
    AuditFilterForm,
    InvitationForm,
    LoginForm,
    OrganisationForm,
)
from kobling.core.http import render_htmx
from kobling.core.models import Invitation, Organisation
from kobling.core.roles import Cap


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, with the change saved and audited by one service."""

    def form_valid(self, form):
        services.user_password_change(user=self.request.user, form=form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password is changed."))
        return redirect(self.get_success_url())


@access.login_only
def home(request):
    from kobling.people.dashboard import dashboard_context

    return render(request, "core/home.html", dashboard_context(request.user))


@require_POST
def set_language(request):
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=request.POST.get("language", ""))
    return django_set_language(request)


def invitation_accept(request, token: str):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(request, "core/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Kobling! Your account is ready."))
            return redirect("home")
    return render(request, "core/invitation_accept.html", {"invitation": invitation, "form": form})


@access.require(Cap.INVITE)
def invitation_list(request):
    own = access.organisations_with(request.user, Cap.INVITE)
    form = InvitationForm(request.POST or None, own_organisations=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_send(
                actor=request.user,
                organisation=data["organisation"],
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                language=data["language"],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("invitation_list")
    invitations = Invitation.objects.filter(
        Q(organisation__in=own) | Q(invited_by=request.user)
    ).select_related("organisation", "invited_by")
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    return render(request, "core/invitation_list.html", {"form": form, "page": page, "now": timezone.now()})


@require_POST
@access.require(Cap.INVITE)
def invitation_revoke(request, pk: int):
    own = access.organisations_with(request.user, Cap.INVITE)
    invitation = get_object_or_404(
        Invitation.objects.filter(Q(organisation__in=own) | Q(invited_by=request.user)), pk=pk
    )
    if invitation.is_open:
        services.invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("invitation_list")


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


@access.require(Cap.MANAGE_ORGANISATIONS)
def organisation_list(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s was created and %(email)s was invited.")
            % {"name": organisation.name, "email": form.cleaned_data["coordinator_email"]},
        )
        return redirect("organisation_list")
    organisations = Organisation.objects.all()
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(request, "core/organisation_list.html", {"form": form, "page": page})


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    # A load balancer needs only "up, and the database answers"; nothing about how it is set up.
    return JsonResponse({"ok": True})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
