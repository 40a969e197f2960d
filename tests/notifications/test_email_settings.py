"""Issue 9: with DEBUG off, e-mail is never printed into the log unless EMAIL_BACKEND asks for it."""

import os
import subprocess
import sys

import pytest

from kobling.notifications.checks import email_backend_problem

CONSOLE = "django.core.mail.backends.console.EmailBackend"


def kobling(args: list[str], env: dict, tmp_path) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "EMAIL_BACKEND", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "kobling", *args],
        env={
            **clean,
            "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DEBUG": "0",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_debug_off_the_default_is_smtp(tmp_path):
    result = kobling(
        ["shell", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)"], {}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.core.mail.backends.smtp.EmailBackend"


def test_the_console_backend_set_explicitly_is_allowed(tmp_path):
    result = kobling(["check"], {"EMAIL_BACKEND": CONSOLE}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_console_backend_nobody_asked_for_stops_start_up(tmp_path):
    """A settings module of one's own that ends up with the console back-end, DEBUG off."""
    (tmp_path / "own_settings.py").write_text(
        f'from kobling.settings import *  # noqa\nEMAIL_BACKEND = "{CONSOLE}"\n'
    )
    result = kobling(
        ["check"],
        {"DJANGO_SETTINGS_MODULE": "own_settings", "PYTHONPATH": str(tmp_path)},
        tmp_path,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "EMAIL_BACKEND" in result.stderr


@pytest.mark.parametrize(
    ("debug", "backend", "environment", "refused"),
    [
        (False, CONSOLE, None, True),
        (False, "django.core.mail.backends.filebased.EmailBackend", None, True),
        (False, CONSOLE, CONSOLE, False),
        (True, CONSOLE, None, False),
        (False, "django.core.mail.backends.smtp.EmailBackend", None, False),
    ],
)
def test_the_check_refuses_only_an_implicit_local_backend_with_debug_off(
    settings, monkeypatch, debug, backend, environment, refused
):
    settings.DEBUG, settings.EMAIL_BACKEND = debug, backend
    if environment:
        monkeypatch.setenv("EMAIL_BACKEND", environment)
    else:
        monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    assert (email_backend_problem() is not None) is refused
