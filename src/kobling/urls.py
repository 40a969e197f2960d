from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from kobling.accounts import views as account
from kobling.accounts.sso import urls as sso
from kobling.accounts.sso import views as sso_views
from kobling.api.urls import api, api_v1
from kobling.core import views as core
from kobling.notifications import views as notifications
from kobling.people import views as people
from kobling.portal import views as portal

account_patterns = [
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", sso_views.logout_view, name="logout"),
    path(
        "password/",
        account.PasswordChangeView.as_view(success_url=reverse_lazy("home")),
        name="password_change",
    ),
    path("sessions/end-others/", account.sessions_end_others, name="sessions_end_others"),
    path("password-reset/", account.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("two-factor/", account.mfa_manage, name="mfa_manage"),
    path("two-factor/verify/", account.mfa_verify, name="mfa_verify"),
    path("two-factor/setup/", account.mfa_setup, name="mfa_setup"),
    path("two-factor/recovery-codes/", account.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("two-factor/off/", account.mfa_turn_off, name="mfa_turn_off"),
    *sso.account_patterns,
]

urlpatterns = [
    path("", portal.home, name="home"),
    path("account/", include(account_patterns)),
    path("language/", core.set_language, name="set_language"),
    path("invitation/<str:token>/", account.invitation_accept, name="invitation_accept"),
    path("invitations/", account.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/revoke/", account.invitation_revoke, name="invitation_revoke"),
    path("audit/", core.audit_log, name="audit_log"),
    path("organisations/", account.organisation_list, name="organisation_list"),
    path("organisations/", include(sso.organisation_patterns)),
    path("health/", core.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the icon the pages name.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True), name="favicon"),
    # People
    path("participants/", portal.participant_list, name="participant_list"),
    path("participants/new/", portal.participant_new, name="participant_new"),
    path("participants/<int:pk>/", portal.participant_detail, name="participant_detail"),
    path("participants/<int:pk>/edit/", people.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/national-id/", portal.national_id_reveal, name="national_id_reveal"),
    path("participants/<int:pk>/timeline/", portal.timeline_add, name="timeline_add"),
    path("participants/<int:pk>/tasks/", portal.participant_task_add, name="participant_task_add"),
    path("portfolio/", portal.portfolio, name="portfolio"),
    path("tasks/", people.task_list, name="task_list"),
    path("tasks/<int:pk>/done/", people.task_toggle, name="task_toggle"),
    path("me/", portal.my_profile, name="my_profile"),
    path("me/edit/", people.my_profile_edit, name="my_profile_edit"),
    path("me/consents/", people.my_consents, name="my_consents"),
    path("me/consents/<str:purpose>/withdraw/", portal.my_consent_withdraw, name="my_consent_withdraw"),
    # Intake
    path("", include("kobling.programmes.intake.urls")),
    # E-mail
    path("outbox/", notifications.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", notifications.outbox_retry, name="outbox_retry"),
    path("", include("kobling.programmes.courses.urls")),
    path("", include("kobling.programmes.attendance.urls")),
    path("", include("kobling.programmes.followup.urls")),
    path("results/", include("kobling.reports.urls")),
    path("insights/", include("kobling.insights.urls")),
    path("", include("kobling.mentoring.urls")),
    path("mentorspace/", include("kobling.mentorspace.urls")),
    path("events/", include("kobling.events.urls")),
    path("recruitment/", include("kobling.recruitment.urls")),
    path("network/", include("kobling.network.urls")),
    path("privacy/", include("kobling.privacy.urls")),
    path("exchange/", include("kobling.exchange.urls")),
    path("webhooks/", include("kobling.webhooks.urls")),
    path("api-tokens/", include("kobling.api.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", api.urls),
]

handler404 = "kobling.core.views.not_found"
