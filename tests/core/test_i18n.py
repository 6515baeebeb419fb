"""French is complete: the committed catalogs hold every string of their sources, all
translated, none fuzzy, compiled, and the pages really speak French."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2] / "ruche"
DJANGO_ADMIN = Path(sys.executable).with_name("django-admin")

# Each catalog, and the source paths it is extracted from (relative to its directory): one
# per app that has a locale folder, and the project's (shared templates, core, settings).
CATALOGS = {
    **{app.name: (app, ["."]) for app in sorted(ROOT.iterdir()) if (app / "locale").is_dir()},
    "project": (ROOT, ["templates", "core", "settings.py"]),
}


def read_catalog(po: Path):
    with po.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("name", CATALOGS)
def test_every_french_string_is_translated_and_not_fuzzy(name):
    base, _sources = CATALOGS[name]
    catalog = read_catalog(base / "locale/fr/LC_MESSAGES/django.po")
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(list(catalog)) > 20


@pytest.mark.parametrize("name", CATALOGS)
def test_placeholders_survive_translation(name):
    base, _sources = CATALOGS[name]
    catalog = read_catalog(base / "locale/fr/LC_MESSAGES/django.po")
    problems = [(m.id, errors) for m, errors in catalog.check() if errors]
    assert problems == []


@pytest.mark.parametrize("name", CATALOGS)
def test_compiled_catalog_matches_the_po_file(name):
    base, _sources = CATALOGS[name]
    catalog = read_catalog(base / "locale/fr/LC_MESSAGES/django.po")
    with (base / "locale/fr/LC_MESSAGES/django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("name", CATALOGS)
def test_catalog_holds_every_string_of_its_sources(name, tmp_path):
    """Extract afresh from a copy of the sources: nothing new may be missing from the catalog."""
    base, sources = CATALOGS[name]
    for source in sources:
        origin, target = base / source, tmp_path / source
        if origin.is_dir():
            skip = shutil.ignore_patterns("locale", "static", "__pycache__")
            shutil.copytree(origin, target, ignore=skip, dirs_exist_ok=True)
        else:
            shutil.copy(origin, target)
    shutil.copytree(base / "locale", tmp_path / "locale")
    subprocess.run(
        [str(DJANGO_ADMIN), "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    fresh = read_catalog(tmp_path / "locale/fr/LC_MESSAGES/django.po")
    missing = [m.id for m in fresh if m.id and (not m.string or m.fuzzy)]
    assert missing == [], "run `make messages` and translate the new strings"


@pytest.fixture
def french_person(make_user):
    person = make_user("Camille Dupont", email="camille@example.org")
    person.ui_language = "fr"
    person.date_joined = timezone.make_aware(timezone.datetime(2025, 3, 14, 10, 0))
    person.save()
    client = Client()
    client.force_login(person)
    return client


def test_pages_speak_french_with_french_dates(french_person):
    page = french_person.get("/accounts/profile/").content.decode()
    assert '<html lang="fr">' in page
    assert "Votre profil" in page
    assert "membre depuis le 14 mars 2025" in page
    assert "Aller au contenu principal" in page  # base.html, from the project catalog


def test_role_badges_are_translated(french_person):
    from django.utils import translation

    from ruche.core.templatetags.ruche_ui import role_badge

    with translation.override("fr"):
        assert "Animateur·rice" in role_badge("facilitator")
        assert 'class="badge badge--observer"' in role_badge("observer")
    with translation.override("en"):
        assert "Observer" in role_badge("observer")
