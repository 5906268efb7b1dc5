"""Evidence uploads are judged by their content, not their name: photos and PDFs up to 10 MB, nothing else."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from deskpilkada.cases import services, uploads
from deskpilkada.cases.models import Attachment, Category
from deskpilkada.cases.services import CaseInput
from deskpilkada.demo.loader import tiny_png

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in their English source; the Indonesian catalogue translates them."""
    with translation.override("en"):
        yield


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("foto.png", tiny_png(), "image/png", ".png"),
        ("foto.jpg", JPEG, "image/jpeg", ".jpg"),
        ("berita-acara.pdf", PDF, "application/pdf", ".pdf"),
        ("foto.webp", WEBP, "image/webp", ".webp"),
        ("tanpa-ekstensi", tiny_png(), "image/png", ".png"),
        ("foto.jpg", tiny_png(), "image/png", ".png"),
    ],
)
def test_photos_and_pdfs_are_accepted_by_their_content(name, content, content_type, extension):
    checked = uploads.check_upload(SimpleUploadedFile(name, content, content_type="application/octet-stream"))
    assert (checked.content_type, checked.size, checked.name) == (content_type, len(content), name)
    assert checked.storage_name.endswith(extension) and name.split(".")[0] not in checked.storage_name


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("foto.jpg", EXE, "is not a photo"),
        ("skrip.pdf", b"<script>alert(1)</script>", "is not a photo"),
        ("kosong.png", b"", "is empty"),
    ],
    ids=["exe renamed jpg", "html renamed pdf", "empty"],
)
def test_other_content_is_refused_whatever_its_name(name, content, reason):
    with pytest.raises(ValidationError, match=reason):
        uploads.check_upload(SimpleUploadedFile(name, content, content_type="image/jpeg"))


def test_a_file_over_10_mb_is_refused_by_its_declared_size():
    big = SimpleUploadedFile("besar.png", tiny_png() + b"\x00" * uploads.MAX_UPLOAD_BYTES, content_type="image/png")
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        uploads.check_upload(big)


def test_a_file_over_10_mb_is_refused_when_it_does_not_say_its_size():
    stream = io.BytesIO(tiny_png() + b"\x00" * uploads.MAX_UPLOAD_BYTES)
    stream.name = "besar.png"
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        uploads.check_upload(stream)


def test_exactly_10_mb_is_accepted():
    content = tiny_png()
    content += b"\x00" * (uploads.MAX_UPLOAD_BYTES - len(content))
    assert uploads.check_upload(SimpleUploadedFile("pas.png", content)).size == uploads.MAX_UPLOAD_BYTES


def test_a_path_in_the_client_name_is_dropped():
    checked = uploads.check_upload(SimpleUploadedFile("../../etc/foto.png", tiny_png()))
    assert checked.name == "foto.png"


def test_evidence_is_stored_under_a_random_name_in_the_private_root(settings, tmp_path, tarok_dipo, village_operator):
    settings.MEDIA_ROOT = tmp_path
    from deskpilkada.core import clock

    data = CaseInput(
        region=tarok_dipo,
        category=Category.objects.get(code="logistik"),
        severity="sedang",
        title="Kotak suara rusak",
        description="Foto terlampir.",
        occurred_at=clock.now(),
    )
    case, _created = services.submit_case(
        data, by=village_operator, files=[SimpleUploadedFile("foto kotak.jpg", tiny_png())]
    )
    attachment = case.attachments.get()
    assert (attachment.purpose, attachment.content_type, attachment.original_name) == (
        Attachment.Purpose.EVIDENCE,
        "image/png",
        "foto kotak.jpg",
    )
    stored = tmp_path / attachment.file.name
    assert stored.read_bytes() == tiny_png() and "foto" not in stored.name
    assert attachment.sha256 == hashlib.sha256(tiny_png()).hexdigest()


def test_a_bad_file_stops_the_whole_report(settings, tmp_path, tarok_dipo, village_operator):
    settings.MEDIA_ROOT = tmp_path
    from deskpilkada.cases.models import Case
    from deskpilkada.core import clock

    before = Case.objects.count()
    data = CaseInput(
        region=tarok_dipo,
        category=Category.objects.get(code="logistik"),
        severity="sedang",
        title="Kotak suara rusak",
        description="Lampiran salah.",
        occurred_at=clock.now(),
    )
    files = [SimpleUploadedFile("foto.png", tiny_png()), SimpleUploadedFile("virus.jpg", EXE)]
    with pytest.raises(ValidationError):
        services.submit_case(data, by=village_operator, files=files)
    assert Case.objects.count() == before
