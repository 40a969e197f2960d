"""Settings come from environment variables; a bad value stops start-up naming the variable."""

import os
import subprocess
import sys

import pytest


def start(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-m", "kobling", "check"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"DEBUG": "maybe", "SECRET_KEY": "x"}, "DEBUG"),
        ({"SECRET_KEY": "x", "DATABASE_URL": "mysql://nobody@host/db"}, "DATABASE_URL"),
        ({"SECRET_KEY": "x", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
        ({"SECRET_KEY": "x", "INVITATION_DAYS": "0"}, "INVITATION_DAYS"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_message_naming_it(env, named):
    result = start(env)
    assert result.returncode != 0
    assert named in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_good_settings_start(tmp_path):
    result = start(
        {"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DEBUG": "false"}
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_is_clean_with_only_the_three_required_settings(tmp_path):
    """Issue 9: HSTS, the HTTPS redirect and secure cookies are on by default when DEBUG is off."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("SECURE", "SECRET", "DEBUG", "DATABASE", "ALLOWED", "EMAIL", "SESSION", "DJANGO_")
        )
    }
    result = subprocess.run(
        [sys.executable, "-m", "kobling", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "SECRET_KEY": "a-long-random-production-secret-key-" + "x9Q!" * 12,
            "ALLOWED_HOSTS": "kobling.example.no",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SECRET_KEY": "x", "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}, "SECURE_PROXY_SSL_HEADER"),
        ({"SECRET_KEY": "x", "SESSION_ABSOLUTE_HOURS": "24"}, "SESSION_ABSOLUTE_HOURS"),
    ],
)
def test_a_bad_transport_or_session_setting_stops_start_up(env, named):
    result = start(env)
    assert result.returncode != 0 and named in result.stderr
