"""Everything configurable or runnable is documented (in the style of Datasette's test_docs)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NAME = re.compile(r"RUCHE_[A-Z][A-Z0-9_]*[A-Z0-9]")
# Configuration is what settings.py defines, or what code reads from settings or os.environ.
READ = re.compile(
    r"(?:settings\.|getattr\(\s*settings,\s*[\"']|environ(?:\.get)?[(\[]\s*[\"']|getenv\(\s*[\"'])"
    r"(RUCHE_[A-Z][A-Z0-9_]*[A-Z0-9])"
)


def names_in_code() -> set[str]:
    found = set(NAME.findall((ROOT / "ruche" / "settings.py").read_text(encoding="utf-8")))
    for source in (ROOT / "ruche").rglob("*.py"):
        found |= set(READ.findall(source.read_text(encoding="utf-8")))
    return found


def our_commands() -> list[str]:
    commands = (ROOT / "ruche").glob("*/management/commands/*.py")
    return sorted(path.stem for path in commands if not path.stem.startswith("_"))


def all_docs() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(DOCS.glob("*.md")))


CONFIGURATION = (DOCS / "configuration.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(names_in_code()))
def test_every_variable_is_documented(name):
    assert f"`{name}`" in CONFIGURATION, f"{name} is missing from docs/configuration.md"


def test_every_documented_variable_exists():
    documented = set(NAME.findall(CONFIGURATION))

    assert documented - names_in_code() == set()


@pytest.mark.parametrize("command", our_commands())
def test_every_command_is_documented(command):
    assert re.search(rf"`ruche {command}\b", all_docs()), f"`ruche {command}` is not in docs/"


def test_the_commands_we_promise_exist():
    assert {"serve", "createuser", "token", "demo"} <= set(our_commands())


def test_readme_points_to_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    for page in ("configuration.md", "deployment.md", "api.md", "architecture.md", "cli.md"):
        assert f"docs/{page}" in readme
