"""The `ruche` console script, run for real in a temporary data directory."""

import json
import re

import pytest

from tests.core.ruche_process import PASSWORD, ServedRuche, ruche

TOKEN = re.compile(r"ruche_[A-Za-z0-9_\-]{40,}")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("ruche-cli")
    ruche(data_dir, "migrate", "--no-input")
    return data_dir


def test_serve_refuses_while_migrations_are_pending(tmp_path):
    result = ruche(tmp_path, "serve", "--port", "1", check=False)

    assert result.returncode != 0
    assert "migration(s) are pending" in result.stderr
    assert "ruche migrate" in result.stderr


@pytest.mark.parametrize(
    ("workers", "message"), [("0", "at least 1"), ("2", "Several workers need Redis")]
)
def test_serve_refuses_impossible_worker_counts(migrated, workers, message):
    result = ruche(migrated, "serve", "--port", "1", "--workers", workers, check=False)

    assert result.returncode != 0
    assert message in result.stderr


def test_createuser_then_token_authenticates_against_the_served_api(migrated):
    created = ruche(migrated, "createuser", "ana@example.org", "--name", "Ana Lima",
                    "--password", PASSWORD)  # fmt: skip
    token = ruche(migrated, "token", "create", "ana@example.org", "--label", "laptop").stdout

    assert "ana@example.org" in created.stdout
    assert TOKEN.fullmatch(token.strip())
    assert token.count("\n") == 1
    served = ServedRuche(migrated)
    try:
        status, body = served.get("/api/v1/me", Authorization=f"Bearer {token.strip()}")
        anonymous_status, _ = served.get("/api/v1/me")
    finally:
        log = served.stop()
    assert status == 200
    assert json.loads(body)["display_name"] == "Ana Lima"
    assert anonymous_status == 401
    assert token.strip() not in log


def test_createuser_reads_the_first_line_of_a_password_file_and_makes_admins(migrated, tmp_path):
    secret = tmp_path / "password"
    secret.write_text(f"{PASSWORD}\nsecond line ignored\n")

    ruche(migrated, "createuser", "root@example.org", "--name", "Root", "--admin",
          "--password-file", str(secret))  # fmt: skip

    token = ruche(migrated, "token", "create", "root@example.org").stdout.strip()
    code = (
        "from ruche.accounts.models import User; u = User.objects.get(email='root@example.org');"
        f"print(u.is_site_admin, u.check_password({PASSWORD!r}))"
    )
    check = ruche(migrated, "shell", "--no-imports", "-c", code)
    assert check.stdout.split() == ["True", "True"]
    assert TOKEN.fullmatch(token)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dup@example.org", "--name", "Dup", "--password", PASSWORD], "already uses"),
        (["weak@example.org", "--name", "Weak", "--password", "short"], "too short"),
        (["not-an-address", "--name", "X", "--password", PASSWORD], "valid email"),
        (["nofile@example.org", "--name", "X", "--password-file", "/nonexistent"], "Cannot read"),
    ],
)
def test_createuser_refusals(migrated, args, message):
    ruche(migrated, "createuser", "dup@example.org", "--name", "Dup", "--password", PASSWORD,
          check=False)  # fmt: skip

    result = ruche(migrated, "createuser", *args, check=False)

    assert result.returncode != 0
    assert message in result.stderr


def test_createuser_needs_exactly_one_password_source(migrated, tmp_path):
    both = ruche(migrated, "createuser", "x@example.org", "--name", "X", "--password", PASSWORD,
                 "--password-file", str(tmp_path / "f"), check=False)  # fmt: skip
    neither = ruche(migrated, "createuser", "x@example.org", "--name", "X", check=False)

    assert both.returncode != 0 and "not allowed with" in both.stderr
    assert neither.returncode != 0 and "required" in neither.stderr


def test_token_list_and_revoke(migrated):
    ruche(migrated, "createuser", "tok@example.org", "--name", "Tok", "--password", PASSWORD)
    raw = ruche(migrated, "token", "create", "tok@example.org", "--label", "script").stdout.strip()

    listing = ruche(migrated, "token", "list", "tok@example.org").stdout
    token_id = listing.split("\t")[0]
    revoked = ruche(migrated, "token", "revoke", "tok@example.org", token_id)
    after = ruche(migrated, "token", "list", "tok@example.org").stdout

    assert "script" in listing and "active" in listing
    assert raw not in listing
    assert "Revoked" in revoked.stdout
    assert "revoked" in after


def test_token_refusals(migrated):
    unknown = ruche(migrated, "token", "create", "nobody@example.org", check=False)
    ruche(migrated, "createuser", "other@example.org", "--name", "O", "--password", PASSWORD)
    not_theirs = ruche(migrated, "token", "revoke", "other@example.org", "99999", check=False)

    assert unknown.returncode != 0 and "No active account" in unknown.stderr
    assert unknown.stdout == ""
    assert not_theirs.returncode != 0 and "No token 99999" in not_theirs.stderr


def test_demo_twice_changes_nothing_and_prints_the_same_logins(migrated):
    first = ruche(migrated, "demo").stdout
    before = ruche(migrated, "dumpdata", "accounts", "spaces").stdout
    second = ruche(migrated, "demo").stdout
    after = ruche(migrated, "dumpdata", "accounts", "spaces").stdout

    assert first == second
    assert before == after
    assert "ruche-demo-2026" in first
    assert "camille.roussel@example.org" in first
    assert re.search(r"helene\.marchand@example\.org\s+guest\s+Paris 2026", first)
