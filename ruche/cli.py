"""The `ruche` console script: Django's management commands with Ruche's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ruche", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
