import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
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
    """Pages for a logged-in user, and the API, carry personal data: no browser or proxy may keep a
    copy (`Cache-Control: no-store`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
