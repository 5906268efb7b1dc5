"""manage.py ingest_media: files, directories and zip archives through the one ingest; nothing when a path is
wrong; a second run adds nothing."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.media.models import Item, Signal, Story

ARTICLES = Path(__file__).resolve().parents[1] / "evaluation" / "articles"


def seed(n: str) -> bytes:
    return next(ARTICLES.glob(f"seed-{n}*.txt")).read_bytes()


@pytest.fixture
def clippings(tmp_path, db):
    (tmp_path / "000.txt").write_bytes(seed("000"))
    (tmp_path / "notes.md").write_text("not a news file")  # skipped in a directory
    sub = tmp_path / "november"
    sub.mkdir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("001.txt", seed("001"))
        archive.writestr("003.txt", seed("003"))
    (sub / "batch.zip").write_bytes(buffer.getvalue())
    (sub / "broken.html").write_bytes(b"\x00\x01\x02 binary")
    return tmp_path


def run(*args) -> str:
    out = io.StringIO()
    call_command("ingest_media", *args, stdout=out)
    return out.getvalue()


def test_a_directory_with_a_zip_becomes_items_and_stories(clippings, province_secretariat):
    output = run(str(clippings), "--user", province_secretariat.username)
    assert Item.objects.count() == 4 and Item.objects.filter(channel=Channel.COMMAND).count() == 4
    assert "4 files: 1 binary, 1 joined, 2 new story" in output
    bukittinggi = Story.objects.get(main_region__code="13.75")
    assert bukittinggi.item_count == 2 and sorted(bukittinggi.outlets) == ["000.txt", "001.txt"]
    assert Story.objects.filter(main_region__code="13.76").exists()  # 003: Payakumbuh
    assert Signal.objects.filter(desk__region__code="13.75").count() == 1
    assert AuditEvent.objects.filter(action="media.item.ingest", channel=Channel.COMMAND).count() == 4


def test_running_it_again_adds_nothing(clippings):
    run(str(clippings))
    again = run(str(clippings))
    assert "4 files: 4 again" in again
    assert Item.objects.count() == 4


def test_a_wrong_path_or_account_ingests_nothing(clippings, liaison):
    with pytest.raises(CommandError, match="not found"):
        run(str(clippings / "000.txt"), str(clippings / "missing.txt"))
    with pytest.raises(CommandError, match="no active account"):
        run(str(clippings), "--user", "nobody")
    with pytest.raises(CommandError, match="may not send"):
        run(str(clippings), "--user", liaison.username)
    assert not Item.objects.exists()


def test_an_empty_directory_is_an_error(tmp_path, db):
    with pytest.raises(CommandError, match="no news files"):
        run(str(tmp_path))
