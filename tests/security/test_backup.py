"""Backup and restore: a backup of a busy partnership restores into an empty database
with every row and every evidence file exactly as it was; a damaged backup, or a
database that is not empty, restores nothing.

These tests commit (``transaction=True``): the backup takes its own snapshot
transaction (REPEATABLE READ on PostgreSQL), and the database is emptied with
``flush`` between the backup and the restore, as on a new server.
"""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Agency, Membership, User
from recommendations import backup, intervals, services, tallies
from recommendations.models import Action, Evidence, EvidenceAccess, Status, Theme, Update
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    InspectionFactory,
    JudgementFactory,
    MembershipFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ["agencies", "recommendations", "otp_totp", "otp_static"]
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def use_evidence_folder(settings, monkeypatch, folder: Path) -> None:
    """Point the evidence store (and the field that caches it) at ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": None},
        },
    }
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storages["evidence"])


@pytest.fixture
def live_folder(settings, monkeypatch, tmp_path):
    folder = tmp_path / "live-evidence"
    use_evidence_folder(settings, monkeypatch, folder)
    return folder


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def log_progress(action, author, narrative, *files, status_to="", percent=50):
    action.refresh_from_db()
    return services.progress_log(
        action=action,
        by=author,
        narrative=narrative,
        confidence="amber",
        percent_complete=percent,
        status_to=status_to,
        files=list(files),
        expected_version=action.version,
    )


def build_partnership() -> None:
    """Several agencies and people, a report with judgements and themed recommendations,
    actions with a timeline and evidence, an audit row and two-factor devices."""
    gmp = AgencyFactory(name="Greater Manchester Police", short_name="GMP", slug="gmp", kind="police")
    rochdale = AgencyFactory(name="Rochdale Council", short_name="Rochdale", slug="rochdale")
    oldham = AgencyFactory(name="Oldham Council", short_name="Oldham", slug="oldham", is_active=False)
    lead = MembershipFactory(agency=gmp, role=Membership.Role.LEAD, user__username="lee.lead").user
    contributor = MembershipFactory(agency=gmp, user__username="casey.contributor").user
    MembershipFactory(agency=rochdale, user=contributor)
    rochdale_lead = MembershipFactory(
        agency=rochdale, role=Membership.Role.LEAD, user__username="rae.lead"
    ).user
    MembershipFactory(agency=oldham, user__username="ola.oldham")
    oversight = UserFactory(username="olu.oversight", is_oversight=True)
    UserFactory(username="ada.admin", is_staff=True, is_superuser=True)

    themes = [ThemeFactory(name="Online CSE"), ThemeFactory(name="Workforce wellbeing")]
    inspection = InspectionFactory(
        title="National child protection inspection of GMP", agencies=[gmp, rochdale]
    )
    JudgementFactory(inspection=inspection, agency=gmp)
    JudgementFactory(inspection=inspection, agency=rochdale)
    first = RecommendationFactory(inspection=inspection, reference="R1", themes=themes)
    second = RecommendationFactory(inspection=inspection, reference="AFI 1", kind="area_for_improvement")
    second.themes.set([themes[1]])

    gmp_action = ActionFactory(recommendation=first, agency=gmp, owner=contributor)
    rochdale_action = ActionFactory(recommendation=first, agency=rochdale)
    ActionFactory(recommendation=second, agency=gmp)

    log_progress(
        gmp_action, contributor, "Started.", upload("terms of reference.pdf"), status_to=Status.IN_PROGRESS
    )
    log_progress(
        gmp_action, lead, "Training delivered.", upload("register.pdf", PDF + b"% two\n"), percent=90
    )
    log_progress(
        gmp_action,
        lead,
        "Done.",
        upload("audit.csv", b"team,audited\nPPIU,12\n"),
        status_to=Status.SUBMITTED,
        percent=100,
    )
    gmp_action.refresh_from_db()
    services.action_return(
        action=gmp_action, by=oversight, reason="Show the audit results.", expected_version=gmp_action.version
    )
    log_progress(rochdale_action, rochdale_lead, "Recruiting.", status_to=Status.IN_PROGRESS, percent=10)
    EvidenceAccess.objects.create(evidence=Evidence.objects.first(), user=oversight, ip_address="203.0.113.9")

    TOTPDevice.objects.create(user=oversight, name="Authenticator app", confirmed=True)
    backup_device = StaticDevice.objects.create(user=oversight, name="Backup codes", confirmed=True)
    for code in ("abcd2345", "efgh6789"):
        StaticToken.objects.create(device=backup_device, token=code)


def snapshot() -> dict:
    """Every row of every model of the tracker and the two-factor plugins, histories
    included. Many-to-many link rows are compared without their own ids, which a
    restore is free to renumber."""
    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label in backup.EXCLUDE:
                continue  # derived, and counted again after a restore
            if model._meta.auto_created:
                fields = sorted(f.attname for f in model._meta.concrete_fields if not f.primary_key)
                rows[model._meta.label] = sorted(model._base_manager.values_list(*fields))
            else:
                rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return rows


def assert_same_rows(label: str, before: list, after: list) -> None:
    """Equal, or a message naming the first row and the fields that differ."""
    assert len(after) == len(before), f"{label}: {len(before)} rows backed up, {len(after)} restored"
    for old, new in zip(before, after, strict=True):
        if old != new:
            if isinstance(old, dict):
                changed = {k: (old[k], new.get(k)) for k in old if old[k] != new.get(k)}
                raise AssertionError(f"{label} row {old.get('pk', old.get('id'))}: {changed}")
            raise AssertionError(f"{label}: {old} != {new}")


def evidence_bytes() -> dict[str, bytes]:
    result = {}
    for evidence in Evidence.objects.order_by("pk"):
        with evidence.file.open("rb") as handle:
            result[evidence.file.name] = handle.read()
    return result


def empty_the_database() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists()
    assert not Action.objects.exists()


def test_a_backup_restores_every_row_and_every_file_into_an_empty_database(
    settings, monkeypatch, tmp_path, live_folder
):
    build_partnership()
    figures_before = tallies.today().summary
    rows_before, files_before = snapshot(), evidence_bytes()
    assert len(files_before) == 3
    assert all(rows_before[label] for label in ("recommendations.HistoricalAction", "otp_totp.TOTPDevice"))
    target = tmp_path / "backup"

    call_command("backup", str(target), verbosity=0)
    empty_the_database()
    intervals.past_changed()  # the one row a freshly migrated database has (migration 0011)
    fresh = tmp_path / "new-server-evidence"
    use_evidence_folder(settings, monkeypatch, fresh)
    call_command("restore", str(target), verbosity=0)

    rows_after = snapshot()
    for label, before in rows_before.items():
        assert_same_rows(label, before, rows_after[label])
    assert evidence_bytes() == files_before
    assert len(files_in(fresh)) == 3
    # Today's tallies are derived, left out of the backup, and counted again from the rows.
    assert "recommendations.Tally" not in rows_after
    assert tallies.today().summary == figures_before


def test_work_carries_on_after_a_restore(settings, monkeypatch, tmp_path, live_folder, client):
    """The database's id counters follow the restored rows, so the next update is saved."""
    build_partnership()
    target = tmp_path / "backup"
    call_command("backup", str(target), verbosity=0)
    empty_the_database()
    use_evidence_folder(settings, monkeypatch, tmp_path / "new-server-evidence")
    call_command("restore", str(target), verbosity=0)
    lead = User.objects.get(username="lee.lead")
    action = Action.objects.get(agency__short_name="GMP", recommendation__reference="R1")

    update = log_progress(action, lead, "Audit results attached.", upload("results.pdf"), percent=95)

    assert update.pk > max(u.pk for u in Update.objects.exclude(pk=update.pk))
    client.force_login(lead)
    assert client.get(action.get_absolute_url()).status_code == 200
    evidence = Evidence.objects.filter(update__action=action).order_by("pk").first()
    response = client.get(f"/evidence/{evidence.pk}/")
    assert b"".join(response.streaming_content) == PDF


@pytest.fixture
def backed_up_and_emptied(settings, monkeypatch, tmp_path, live_folder):
    """A backup of a small partnership with two evidence files, then a new, empty server."""
    agency = AgencyFactory(name="Bury Council", short_name="Bury", slug="bury")
    lead = MembershipFactory(agency=agency, role=Membership.Role.LEAD, user__username="bo.lead").user
    action = ActionFactory(agency=agency, status=Status.IN_PROGRESS)
    log_progress(action, lead, "First.", upload("one.pdf"))
    log_progress(action, lead, "Second.", upload("two.pdf", PDF + b"% second\n"))
    target = tmp_path / "backup"
    call_command("backup", str(target), verbosity=0)
    empty_the_database()
    fresh = tmp_path / "new-server-evidence"
    use_evidence_folder(settings, monkeypatch, fresh)
    # In the order the restore meets them: the evidence rows' order.
    rows = json.loads((target / "data.json").read_text())
    evidence_files = [
        f"evidence/{row['fields']['file']}"
        for row in sorted(rows, key=lambda row: row.get("pk") or 0)
        if row["model"] == "recommendations.evidence"
    ]
    assert len(evidence_files) == 2
    return target, fresh, evidence_files


def assert_nothing_restored(fresh: Path) -> None:
    assert not User.objects.exists()
    assert not Agency.objects.exists()
    assert not Update.objects.exists()
    assert files_in(fresh) == []


def test_a_changed_data_file_is_refused_and_nothing_is_restored(backed_up_and_emptied):
    target, fresh, _ = backed_up_and_emptied
    data = target / "data.json"
    data.write_text(data.read_text().replace("First.", "Forged."))

    with pytest.raises(CommandError, match="data.json: checksum does not match"):
        call_command("restore", str(target), verbosity=0)

    assert_nothing_restored(fresh)


def test_a_changed_evidence_file_is_refused_and_nothing_is_restored(backed_up_and_emptied):
    target, fresh, evidence_files = backed_up_and_emptied
    (target / evidence_files[-1]).write_bytes(b"%PDF-1.4 forged\n")

    with pytest.raises(CommandError, match="checksum does not match"):
        call_command("restore", str(target), verbosity=0)

    assert_nothing_restored(fresh)


def test_a_changed_evidence_file_with_a_rewritten_manifest_is_still_refused_and_can_be_retried(
    backed_up_and_emptied,
):
    """The manifest can be rewritten; the SHA-256 recorded with each evidence row is the
    second check, and a failure there must not leave the earlier files behind."""
    target, fresh, evidence_files = backed_up_and_emptied
    forged = target / evidence_files[-1]
    original, original_manifest = forged.read_bytes(), (target / "manifest.json").read_text()
    forged.write_bytes(b"%PDF-1.4 forged\n")
    manifest = json.loads(original_manifest)
    manifest["files"][evidence_files[-1]] = {"sha256": sha256(forged), "size": forged.stat().st_size}
    (target / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="does not match its recorded SHA-256"):
        call_command("restore", str(target), verbosity=0)

    assert_nothing_restored(fresh)
    forged.write_bytes(original)
    (target / "manifest.json").write_text(original_manifest)
    call_command("restore", str(target), verbosity=0)
    assert Update.objects.count() == 2
    assert len(files_in(fresh)) == 2


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_missing_evidence_file_is_refused_and_nothing_is_restored(backed_up_and_emptied):
    target, fresh, evidence_files = backed_up_and_emptied
    (target / evidence_files[0]).unlink()

    with pytest.raises(CommandError, match="missing"):
        call_command("restore", str(target), verbosity=0)

    assert_nothing_restored(fresh)


def test_a_backup_from_an_earlier_version_is_refused_with_what_to_do(backed_up_and_emptied):
    target, fresh, _ = backed_up_and_emptied
    manifest = json.loads((target / "manifest.json").read_text())
    (target / "manifest.json").write_text(json.dumps({**manifest, "format": 1}))

    with pytest.raises(CommandError, match="earlier version of the tracker.*then run manage.py migrate"):
        call_command("restore", str(target), verbosity=0)

    assert_nothing_restored(fresh)


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path, live_folder):
    with pytest.raises(CommandError, match="no manifest.json"):
        call_command("restore", str(tmp_path / "nowhere"), verbosity=0)


def test_restoring_over_a_database_that_has_data_changes_nothing(
    settings, monkeypatch, tmp_path, live_folder
):
    agency = AgencyFactory(name="Wigan Council", short_name="Wigan", slug="wigan")
    lead = MembershipFactory(agency=agency, role=Membership.Role.LEAD, user__username="wyn.lead").user
    action = ActionFactory(agency=agency, status=Status.IN_PROGRESS)
    log_progress(action, lead, "Before the backup.", upload("one.pdf"))
    target = tmp_path / "backup"
    call_command("backup", str(target), verbosity=0)
    log_progress(action, lead, "After the backup.", upload("two.pdf", PDF + b"% later\n"))
    rows_before, files_before = snapshot(), files_in(live_folder)

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(target), verbosity=0)

    assert snapshot() == rows_before
    assert files_in(live_folder) == files_before


def test_restoring_over_a_database_with_any_records_at_all_is_refused(backed_up_and_emptied):
    target, fresh, _ = backed_up_and_emptied
    theme = ThemeFactory(name="Voice of children and families")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(target), verbosity=0)

    assert list(Theme.objects.values_list("pk", "name")) == [(theme.pk, "Voice of children and families")]
    assert not User.objects.exists()
    assert files_in(fresh) == []


def test_a_backup_will_not_write_into_a_folder_that_has_files(tmp_path, live_folder, agency):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(target), verbosity=0)

    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "keep me"


def test_the_manifest_records_a_checksum_for_every_file_it_wrote(tmp_path, live_folder):
    build_partnership()
    target = tmp_path / "backup"

    call_command("backup", str(target), verbosity=0)

    manifest = json.loads((target / "manifest.json").read_text())
    written = {str(p.relative_to(target)) for p in files_in(target)} - {"manifest.json"}
    assert set(manifest["files"]) == written
    for name, recorded in manifest["files"].items():
        assert recorded["sha256"] == sha256(target / name)
    assert manifest["rows"]["recommendations.Evidence"] == 3
