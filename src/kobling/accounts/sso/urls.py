from django.urls import path

from kobling.accounts.sso import views

# Under /account/ (see kobling/urls.py).
account_patterns = [
    path("sso/", views.sso_start, name="sso_start"),
    path("sso/id-porten/", views.sso_idporten, name="sso_idporten"),
    path("sso/callback/", views.sso_callback, name="sso_callback"),
    path("sso/logged-out/", views.sso_logged_out, name="sso_logged_out"),
    path("sso/front-channel-logout/", views.sso_front_channel_logout, name="sso_front_channel_logout"),
]

# Under /organisations/.
organisation_patterns = [
    path("<str:slug>/sso/", views.sso_provider_edit, name="sso_provider_edit"),
]
