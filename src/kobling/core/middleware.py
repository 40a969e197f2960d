import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=…` so benchmarks can read the server's own time per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response


class UserLanguageMiddleware:
    """A logged-in user's chosen language wins over the browser's, unless a cookie says otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Log out after a time idle (shorter for roles that can read sensitive data) or a fixed time
    after logging in, whichever comes first. The last-seen time is written at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("started_at", now)
            last_seen = session.get("last_seen", now)
            if now - started > settings.SESSION_ABSOLUTE_HOURS * 3600 or now - last_seen > idle_limit(user):
                logout(request)
                messages.info(request, _("You were logged out to keep the data safe. Log in again."))
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= 60 or "last_seen" not in session:
                session["last_seen"] = now
        return self.get_response(request)


def session_clocks_start(session) -> None:
    session["started_at"] = session["last_seen"] = int(time.time())


def idle_limit(user) -> int:
    from kobling.core import access
    from kobling.core.roles import Cap

    minutes = (
        settings.SESSION_IDLE_MINUTES_SENSITIVE
        if access.can(user, Cap.READ_SENSITIVE)
        else settings.SESSION_IDLE_MINUTES
    )
    return minutes * 60


class NoStoreMiddleware:
    """Pages for a logged-in user, the API, and the pages an e-mailed link with a token opens (they
    name the person invited) carry personal data: no browser or proxy may keep a copy
    (`Cache-Control: no-store`)."""

    TOKEN_PAGES = frozenset({"invitation_accept", "event_join", "password_reset_confirm"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (
            (user is not None and user.is_authenticated)
            or request.path.startswith("/api/")
            or (match is not None and match.url_name in self.TOKEN_PAGES)
        ):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class MfaMiddleware:
    """Two-factor login: a logged-in session that has not passed the code step (see core/mfa.py) gets
    only the two-factor pages, logout, the language switch and the health check. Every other page
    sends it there, keeping where it was going as `next`; the API answers 403 in JSON instead."""

    OPEN = frozenset({"mfa_verify", "mfa_setup", "logout", "set_language", "health", "favicon"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from kobling.core import mfa

        request.mfa_step = mfa.step_needed(request)
        request.mfa_pending = request.mfa_step is not None  # the menu stays empty until it is passed
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = request.mfa_step
        if step is None or request.resolver_match.view_name in self.OPEN:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Two-factor login is not complete for this session."}, status=403)
        return redirect(f"{reverse('mfa_' + step)}?{urlencode({'next': request.get_full_path()})}")
