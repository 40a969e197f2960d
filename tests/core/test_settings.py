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
