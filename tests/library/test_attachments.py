"""Attachments: upload checked by content, safe names, gated download, PDF text in search,
delete, trash and purge (storage cleaned), sync, permissions, hostile files."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from ruche.library.models import Attachment

BOOK = {"type": "book", "title": "Coopératives d'activité", "issued": {"date-parts": [[2020]]}}
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + b"\x00\x00\x00\rIHDR"
    + struct.pack(">II", 1, 1)
    + b"\x08\x06"
    + b"\0" * 7
)


def pdf_of(text: str) -> bytes:
    return HTML(string=f"<p>{text}</p>").write_pdf()


def raw_pdf(content: bytes) -> bytes:
    """A one-page PDF whose content stream is `content`, deflated (a bomb when huge)."""
    data = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))  # fmt: skip
    return out.getvalue()


@pytest.fixture
def store(settings, tmp_path):
    """The library storage in a fresh directory, to see what is (no longer) in it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "library": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return tmp_path / "files"


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def lib(cohort, api_as, store):
    space, people = cohort
    api = api_as(people["participant"])
    item = api.post(f"/spaces/{space.id}/library/items", BOOK).json_body["items"][0]
    return space, api, people, item


def attach(api, item_id, name, data):
    response = api.client.post(
        f"/api/v1/library/items/{item_id}/attachments",
        {"file": SimpleUploadedFile(name, data)},
        headers=api.headers,
    )
    response.json_body = response.json() if response.content else None
    return response


def fetch(api, url):
    """GET a file: its response, with the body read (reading it to the end closes it)."""
    response = api.client.get(url, headers=api.headers)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


def search(api, space, words):
    return [
        i["id"] for i in api.get(f"/spaces/{space.id}/library/items?q={words}").json_body["items"]
    ]


def test_pdf_upload_is_searchable_and_downloads_through_the_gate(lib, store):
    space, api, people, item = lib
    data = pdf_of("Les sociétés coopératives zygomorphes")
    created = attach(api, item["id"], "Rapport annuel.pdf", data)
    assert created.status_code == 201, created.json_body
    body = created.json_body
    assert body["name"] == "Rapport annuel.pdf"
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(data)
    assert body["text_chars"] > 10 and body["text_warning"] == ""
    assert body["added_by"]["id"] == people["participant"].id
    assert search(api, space, "zygomorph") == [item["id"]]
    assert search(api, space, "societes cooperatives") == [item["id"]]
    got = api.get(f"/library/items/{item['id']}").json_body
    assert [a["id"] for a in got["attachments"]] == [body["id"]]
    assert got["version"] > item["version"]
    download = fetch(api, body["file"])
    assert download.status_code == 200
    assert download.body == data
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("inline")
    assert download["X-Content-Type-Options"] == "nosniff"
    forced = fetch(api, body["file"] + "?download=true")
    assert forced["Content-Disposition"].startswith("attachment")
    assert not any(str(p).endswith("Rapport annuel.pdf") for p in stored_files(store))


def test_documents_and_images_are_accepted_by_their_content(lib):
    _space, api, _people, item = lib  # and the text of documents is searchable
    docx = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>Mutualisme</w:t></w:r></w:p></w:body></w:document>",
        )
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            "<office:document-content><text:p>Sociocratie &amp; holacratie</text:p>"
            "</office:document-content>",
        )
    cases = [
        ("notes.md", "# Titre\n\nÉconomie sociale".encode(), "text/markdown; charset=utf-8"),
        ("notes.txt", b"plain text", "text/plain; charset=utf-8"),
        ("photo.png", PNG, "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 40, "image/jpeg"),
        ("anim.gif", b"GIF89a" + b"\0" * 20, "image/gif"),
        ("pic.webp", b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8, "image/webp"),
        ("report.docx", docx.getvalue(), "application/vnd.openxmlformats-officedocument"
                                         ".wordprocessingml.document"),
        ("chapter.odt", odt.getvalue(), "application/vnd.oasis.opendocument.text"),
    ]  # fmt: skip
    for name, data, content_type in cases:
        response = attach(api, item["id"], name, data)
        assert response.status_code == 201, (name, response.json_body)
        assert response.json_body["content_type"] == content_type
    for words in ("mutualisme", "sociocratie holacratie", "economie sociale"):
        assert search(api, _space, words) == [item["id"]], words
    text = api.get(f"/library/items/{item['id']}").json_body["attachments"][0]
    download = fetch(api, text["file"])
    assert download["Content-Disposition"].startswith("attachment")  # never shown inline


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>", "does not match .pdf"),
        ("photo.pdf", PNG, "PNG image, which does not match .pdf"),
        ("page.html", b"<html></html>", "not accepted"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not accepted"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("noextension", b"hello", "not accepted"),
        ("binary.txt", b"\x00\x01\x02ELF", "not of an accepted type"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "not of an accepted type"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_hostile_or_unknown_content_is_refused_and_nothing_is_stored(lib, store, name, data,
                                                                     reason):  # fmt: skip
    _space, api, _people, item = lib
    response = attach(api, item["id"], name, data)
    assert response.status_code == 422
    assert reason in response.json_body["detail"]
    assert Attachment.objects.count() == 0
    assert stored_files(store) == []


def test_too_large_is_413_and_nothing_is_stored(lib, store, settings):
    settings.RUCHE_LIBRARY_MAX_ATTACHMENT_MB = 1
    _space, api, _people, item = lib
    response = attach(api, item["id"], "big.txt", b"a" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert Attachment.objects.count() == 0 and stored_files(store) == []
    assert attach(api, item["id"], "fits.txt", b"a" * (1024 * 1024)).status_code == 201


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\system.ini.txt", "system.ini.txt"),
        ("/abs/path/notes.txt", "notes.txt"),
        ("a\x00b\x1f<c>|:*?.txt", "ab_c_____.txt"),
        (".hidden.txt", "hidden.txt"),
        ("x" * 300 + ".txt", "x" * 146 + ".txt"),
    ],
)
def test_names_are_sanitised_and_the_storage_key_is_ours(lib, store, name, expected):
    _space, api, _people, item = lib
    response = attach(api, item["id"], name, b"some text")
    assert response.status_code == 201, response.json_body
    assert response.json_body["name"] == expected
    (path,) = stored_files(store)
    assert path.resolve().is_relative_to(store.resolve())
    assert path.suffix == ".txt" and expected not in str(path)


def test_malformed_encrypted_and_bomb_pdfs_are_kept_with_a_warning(lib):
    space, api, _people, item = lib
    broken = attach(api, item["id"], "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    assert broken.status_code == 201
    assert broken.json_body["text_chars"] == 0
    assert "could not be read" in broken.json_body["text_warning"]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of("secretword"))))
    writer.encrypt("a password")
    locked = io.BytesIO()
    writer.write(locked)
    encrypted = attach(api, item["id"], "locked.pdf", locked.getvalue())
    assert encrypted.status_code == 201
    assert "encrypted" in encrypted.json_body["text_warning"]
    bomb = raw_pdf(b"BT /F1 12 Tf 72 700 Td (bombword) Tj ET\n" * 8_000_000)
    assert len(bomb) < 2_000_000  # hundreds of megabytes once inflated
    exploded = attach(api, item["id"], "bomb.pdf", bomb)
    assert exploded.status_code == 201
    assert exploded.json_body["text_chars"] <= 500_000
    assert exploded.json_body["text_warning"]
    assert search(api, space, "secretword") == []
    assert len(api.get(f"/library/items/{item['id']}").json_body["attachments"]) == 3


def test_delete_removes_the_file_and_its_words(lib, store, django_capture_on_commit_callbacks):
    space, api, people, item = lib
    created = attach(api, item["id"], "a.pdf", pdf_of("ephemeralword")).json_body
    assert search(api, space, "ephemeralword") == [item["id"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/library/attachments/{created['id']}").status_code == 204
    assert stored_files(store) == []
    assert search(api, space, "ephemeralword") == []
    assert api.get(f"/library/attachments/{created['id']}").status_code == 404
    assert api.get(f"/library/items/{item['id']}").json_body["attachments"] == []


def test_attachments_follow_the_item_to_the_trash_and_purge_cleans_the_storage(
    lib, store, django_capture_on_commit_callbacks
):
    space, api, _people, item = lib
    attach(api, item["id"], "a.txt", b"one")
    api.delete(f"/library/items/{item['id']}")
    trashed = api.get(f"/library/items/{item['id']}").json_body
    assert trashed["trashed"] and len(trashed["attachments"]) == 1
    assert len(stored_files(store)) == 1
    api.post(f"/library/items/{item['id']}/restore")
    assert attach(api, item["id"], "b.txt", b"two").status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        api.delete(f"/library/items/{item['id']}?permanent=true")
    assert stored_files(store) == []
    assert Attachment.objects.count() == 0
    other = api.post(f"/spaces/{space.id}/library/items", BOOK).json_body["items"][0]
    attach(api, other["id"], "c.txt", b"three")
    api.delete(f"/library/items/{other['id']}")
    assert attach(api, other["id"], "d.txt", b"four").status_code == 422  # trashed item
    with django_capture_on_commit_callbacks(execute=True):
        emptied = api.delete(f"/spaces/{space.id}/library/trash")
    assert emptied.json_body == {"deleted": 1}
    assert stored_files(store) == []


def test_sync_since_shows_attachment_changes(lib):
    space, api, _people, item = lib
    version = api.get(f"/spaces/{space.id}/library/items").json_body["version"]
    created = attach(api, item["id"], "a.txt", b"one").json_body
    since = api.get(f"/spaces/{space.id}/library/items?since={version}").json_body
    assert [i["id"] for i in since["items"]] == [item["id"]]
    assert since["items"][0]["attachments"][0]["id"] == created["id"]
    assert since["items"][0]["attachments"][0]["sha256"]
    version = since["version"]
    api.delete(f"/library/attachments/{created['id']}")
    since = api.get(f"/spaces/{space.id}/library/items?since={version}").json_body
    assert since["items"][0]["attachments"] == []


def test_permissions(lib, api_as, make_user):
    _space, api, people, item = lib
    created = attach(api, item["id"], "a.txt", b"one").json_body
    observer = api_as(people["observer"])
    assert attach(observer, item["id"], "b.txt", b"two").status_code == 403
    assert observer.delete(f"/library/attachments/{created['id']}").status_code == 403
    assert observer.get(f"/library/items/{item['id']}/attachments").status_code == 200
    assert fetch(observer, created["file"]).status_code == 200
    outsider = api_as(make_user("Outsider"))
    assert attach(outsider, item["id"], "b.txt", b"two").status_code == 404
    assert outsider.get(f"/library/items/{item['id']}/attachments").status_code == 404
    assert outsider.get(f"/library/attachments/{created['id']}").status_code == 404
    assert fetch(outsider, created["file"]).status_code == 404
    assert outsider.delete(f"/library/attachments/{created['id']}").status_code == 404
    assert fetch(api_as(None), created["file"]).status_code == 401
    assert api.get("/library/attachments/not-a-uuid").status_code == 404


def test_item_page_uploads_lists_downloads_and_deletes(lib, store, make_user):
    from django.test import Client

    _space, _api, people, item = lib
    client = Client()
    client.force_login(people["participant"])
    page_url = f"/library/items/{item['id']}/"
    assert "No attachment yet." in client.get(page_url).content.decode()
    sent = client.post(
        f"/library/items/{item['id']}/attachments/",
        {"file": SimpleUploadedFile("Étude <b>.pdf", pdf_of("pagesword"))},
        follow=True,
    )
    html = sent.content.decode()
    assert "Étude _b_.pdf" in html and "<b>.pdf" not in html
    assert "data-attachment-upload" in html and "attachments.js" in html
    attachment = Attachment.objects.get()
    file_url = f"/library/attachments/{attachment.id}/file/"
    assert file_url in html
    response = client.get(file_url + "?download=1")
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    refused = client.post(
        f"/library/items/{item['id']}/attachments/",
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")},
        follow=True,
    )
    assert "not of an accepted type" in refused.content.decode()
    scripted = client.post(
        f"/library/items/{item['id']}/attachments/",
        {"file": SimpleUploadedFile("more.txt", b"more")},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert scripted.json() == {"location": page_url + "#attachments"}
    assert "“more.txt” attached." in client.get(page_url).content.decode()  # waited for it
    Attachment.objects.filter(name="more.txt").delete()
    observer = Client()
    observer.force_login(people["observer"])
    assert "data-attachment-upload" not in observer.get(page_url).content.decode()
    delete_url = f"/library/attachments/{attachment.id}/delete/"
    assert observer.post(delete_url).status_code == 403
    stranger = Client()
    stranger.force_login(make_user("Stranger"))
    assert stranger.get(file_url).status_code == 404
    assert client.post(delete_url, follow=True).status_code == 200
    assert Attachment.objects.count() == 0


def test_sweep_removes_only_files_no_attachment_names(lib, store):
    from django.core.management import call_command

    _space, api, _people, item = lib
    attach(api, item["id"], "kept.txt", b"kept")
    orphan = store / "library" / "999" / "orphan.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4 left behind by a deleted space")
    out = io.StringIO()
    call_command("library_files_sweep", "--hours", "1", stdout=out)
    assert orphan.exists() and "0 file(s) deleted." in out.getvalue()  # too recent
    call_command("library_files_sweep", "--hours", "0", "--dry-run", stdout=out)
    assert orphan.exists() and "library/999/orphan.pdf" in out.getvalue()
    call_command("library_files_sweep", "--hours", "0", stdout=out)
    assert not orphan.exists()
    assert [p.name.endswith(".txt") for p in stored_files(store)] == [True]


def test_a_zipped_document_bomb_is_kept_without_its_text(lib):
    import zipfile

    _space, api, _people, item = lib
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:t>" + b" " * (60 * 1024 * 1024))
    assert len(bomb.getvalue()) < 200_000
    response = attach(api, item["id"], "bomb.docx", bomb.getvalue())
    assert response.status_code == 201
    assert response.json_body["text_chars"] == 0
    assert "beginning" in response.json_body["text_warning"]


def test_a_document_of_unclosed_angle_brackets_is_read_in_linear_time(lib):
    import time
    import zipfile

    _space, api, _people, item = lib
    hostile = io.BytesIO()
    with zipfile.ZipFile(hostile, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        # With a tag pattern that may run over "<", this took minutes (quadratic).
        archive.writestr("word/document.xml", "<w:p>Coopérative" + "<" * 2_000_000)
    started = time.monotonic()
    response = attach(api, item["id"], "angles.docx", hostile.getvalue())
    assert response.status_code == 201
    assert time.monotonic() - started < 30
    assert response.json_body["text_chars"] > 0
