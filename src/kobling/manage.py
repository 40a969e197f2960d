"""The `kobling` console script: Django's management utility for this project."""

import os
import sys

# The engines' commands need no database: they run without Django, so they start fast and need no settings.
PURE_COMMANDS = {
    "solve-matching": "kobling.matching.cli",
    "solve-schedule": "kobling.scheduling.cli",
    "analyse-outcomes": "kobling.outcomes.cli",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in PURE_COMMANDS:
        from importlib import import_module

        sys.exit(import_module(PURE_COMMANDS[argv[1]]).main(argv[2:]))
    # Commands are spelt with hyphens on the command line (`kobling solve-matching`)
    # but Django finds them by module name, which cannot hold a hyphen.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kobling.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
