"""The boards catalog is complete in French: every string of the app translated, none fuzzy,
placeholders intact, and the compiled catalog up to date."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

APP = Path(__file__).resolve().parents[2] / "ruche" / "boards"
PO = APP / "locale/fr/LC_MESSAGES/django.po"


def _catalog(path=PO):
    with path.open("rb") as handle:
        return read_po(handle)


def test_every_string_is_translated_with_its_placeholders():
    catalog = _catalog()

    assert [m.id for m in catalog if m.id and (not m.string or m.fuzzy)] == []
    assert [(m.id, e) for m, e in catalog.check() if e] == []
    with (APP / "locale/fr/LC_MESSAGES/django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalog_holds_every_string_of_the_app(tmp_path):
    shutil.copytree(
        APP, tmp_path / "boards", ignore=shutil.ignore_patterns("static", "__pycache__")
    )
    subprocess.run(
        [str(Path(sys.executable).with_name("django-admin")), "makemessages", "-l", "fr",
         "--no-obsolete"],
        cwd=tmp_path / "boards", check=True, capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )  # fmt: skip
    fresh = _catalog(tmp_path / "boards/locale/fr/LC_MESSAGES/django.po")

    assert [m.id for m in fresh if m.id and (not m.string or m.fuzzy)] == []
