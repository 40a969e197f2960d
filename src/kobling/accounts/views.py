"""Account pages: login, two-factor login (core/mfa.py), passwords and their reset with its limits,
invitations, and organisations set up with their first coordinator."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.accounts import selectors, services
from kobling.accounts.forms import (
    AcceptInvitationForm,
    CodeForm,
    EnrolForm,
    InvitationForm,
    LoginForm,
    OrganisationForm,
    OutboxPasswordResetForm,
)
from kobling.accounts.sso import views as sso_views
from kobling.core import access, mfa, throttle
from kobling.core.http import flash_errors, next_path, refusals_on, safe_next
from kobling.core.models import Organisation
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso": sso_views.login_options()}


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, with the change saved and audited by one service."""

    def form_valid(self, form):
        services.user_password_change(user=self.request.user, form=form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password is changed."))
        return redirect(self.get_success_url())


@require_POST
@access.login_only
def sessions_end_others(request):
    """ "Log out on all other devices": the other sessions end, this one stays logged in."""
    services.user_sessions_end_others(user=request.user)
    update_session_auth_hash(request, request.user)
    messages.success(request, _("You are logged out on all other devices. This one is still logged in."))
    return redirect("password_change")


def invitation_accept(request, token: str):
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return render(request, "core/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            user = services.invitation_accept(
                invitation=invitation,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
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
            # The form's fields are the service's: organisation, email, full_name, role and language.
            services.invitation_send(actor=request.user, **data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("invitation_list")
    invitations = selectors.invitations_visible_to(request.user)
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    return render(request, "core/invitation_list.html", {"form": form, "page": page, "now": timezone.now()})


@require_POST
@access.require(Cap.INVITE)
def invitation_revoke(request, pk: int):
    invitation = get_or_404(selectors.invitations_visible_to(request.user), pk=pk)
    if invitation.is_open:
        services.invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("invitation_list")


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


def _onward(request, name: str):
    """To another two-factor page, keeping where the user was going."""
    target = next_path(request)
    return redirect(reverse(name) + (f"?{urlencode({'next': target})}" if target else ""))


def _locked(request):
    """Too many wrong codes: the half-finished login ends, and the pause is explained."""
    logout(request)
    return render(
        request, "registration/mfa_locked.html", {"minutes": settings.LOGIN_COOLOFF_MINUTES}, status=429
    )


@access.login_only
def mfa_verify(request):
    """The code step after the password: a code from the app or a recovery code."""
    user = request.user
    if user.is_verified():
        return safe_next(request, "home")
    if mfa.authenticator(user) is None:
        request.session.pop(mfa.PENDING, None)
        return _onward(request, "mfa_setup") if access.mfa_required(user) else safe_next(request, "home")
    if mfa.is_locked(user):
        return _locked(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa.mfa_check_code(user=user, code=form.cleaned_data["code"])
        except mfa.Locked:
            return _locked(request)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            mfa.passed(request, device)
            if mfa.is_recovery_code(device):
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s are left. Make new ones on your two-factor page.")
                    % {"left": mfa.recovery_codes_left(user)},
                )
            return safe_next(request, "home")
    return render(request, "registration/mfa_verify.html", {"form": form, "next": next_path(request)})


@access.login_only
def mfa_setup(request):
    """Enrolment: at the first login for roles that must, or when someone turns it on or moves to a
    new phone. A session that has not passed the code step never adds an authenticator next to an
    existing one: a password alone must not be enough to take over the second factor."""
    user = request.user
    current = mfa.authenticator(user)
    if current is not None and not user.is_verified():
        return _onward(request, "mfa_verify")
    key = mfa.setup_secret(request.session)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = mfa.mfa_enrol(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            mfa.passed(request, device)
            return render(
                request,
                "registration/mfa_recovery_codes.html",
                {"codes": codes, "onward": next_path(request) or reverse("home"), "new_setup": True},
            )
    context = {
        "form": form,
        "qr": mfa.qr_data_uri(mfa.provisioning_uri(user, key)),
        "secret": mfa.secret_as_text(key),
        "replacing": current is not None,
        "required": access.mfa_required(user),
        "next": next_path(request),
    }
    return render(request, "registration/mfa_setup.html", context)


@access.login_only
def mfa_manage(request):
    """Status, new recovery codes, and turning it off (not for roles that must have it)."""
    user = request.user
    device = mfa.authenticator(user)
    context = {
        "device": device,
        "codes_left": mfa.recovery_codes_left(user) if device else 0,
        "required": access.mfa_required(user),
        "renew_form": CodeForm(prefix="renew"),
        "off_form": CodeForm(prefix="off"),
    }
    return render(request, "registration/mfa_manage.html", context)


def _confirmed_by_code(request, prefix: str, change, done):
    """A change on the two-factor page that a code confirms (the code form with `prefix`): `change`
    (an mfa service taking the user and the code) makes it and `done(result)` answers. A missing or
    wrong code is shown back on the page; too many wrong codes end the login (`_locked`)."""
    form = CodeForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            result = change(user=request.user, code=form.cleaned_data["code"])
        except mfa.Locked:
            return _locked(request)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            return done(result)
    else:
        messages.error(request, _("Write a code to confirm."))
    return redirect("mfa_manage")


@require_POST
@access.login_only
def mfa_recovery_codes(request):
    def show(codes):
        context = {"codes": codes, "onward": reverse("mfa_manage")}
        return render(request, "registration/mfa_recovery_codes.html", context)

    return _confirmed_by_code(request, "renew", mfa.mfa_recovery_codes_renew, show)


@require_POST
@access.login_only
def mfa_turn_off(request):
    def done(_result):
        messages.success(request, _("Two-factor login is turned off."))
        return redirect("mfa_manage")

    return _confirmed_by_code(request, "off", mfa.mfa_turn_off, done)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page, limited per client address and per e-mail address (services.password_reset_request);
    the answer is the same whether the account exists, and whether the limit was reached."""

    form_class = OutboxPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        services.password_reset_request(
            email=form.cleaned_data["email"],
            address=throttle.client_ip(self.request),
            send=lambda: super(PasswordResetView, self).form_valid(form),
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page, with the new password saved and audited by one service."""

    def form_valid(self, form):
        services.user_password_reset(form=form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
