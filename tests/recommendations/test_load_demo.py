"""The demo loader: idempotent, realistic, consistent with the model's rules, and refused in production."""

import hashlib
from collections import Counter
from datetime import datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.models import Agency, Membership
from recommendations.demo_data import DEMO_PASSWORD, TODAY
from recommendations.evidence import ALLOWED, safe_name
from recommendations.models import (
    Action,
    Evidence,
    Grade,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    Status,
    Theme,
    Update,
)
from tests.factories import AgencyFactory

User = get_user_model()

COUNTED = (
    Agency,
    Membership,
    User,
    Inspectorate,
    Grade,
    GradedArea,
    Inspection,
    Judgement,
    Theme,
    Recommendation,
    Action,
    Update,
    Evidence,
)
# simple_history's tables: a second run must not add rows to these either.
HISTORIES = (
    Agency,
    Membership,
    User,
    Inspectorate,
    Grade,
    GradedArea,
    Inspection,
    Judgement,
    Theme,
    Recommendation,
    Action,
)

PARTNERS = {
    "Greater Manchester Combined Authority",
    "Bolton Council",
    "Bury Council",
    "Manchester City Council",
    "Oldham Council",
    "Rochdale Borough Council",
    "Salford City Council",
    "Stockport Council",
    "Tameside Council",
    "Trafford Council",
    "Wigan Council",
    "Greater Manchester Police",
    "Greater Manchester Integrated Care Board (NHS GM ICB)",
}


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path, monkeypatch):
    """Keep evidence files in a temporary directory."""
    location = tmp_path / "evidence"
    settings.EVIDENCE_ROOT = location
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": location, "base_url": None}},
    }
    # FileField resolves a callable storage once, when the model class is built, so
    # the field still holds the storage from the real settings: point it here too.
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storages["evidence"])
    return location


def load() -> str:
    out = StringIO()
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def history_counts() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in HISTORIES}


@pytest.mark.django_db
def test_running_twice_changes_nothing(settings):
    # The first run without --force, as on a developer's machine (DEBUG on).
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert Agency.objects.count() == 13
    first, first_history = counts(), history_counts()
    passwords = dict(User.objects.values_list("username", "password"))
    timeline = list(Update.objects.order_by("pk").values_list("pk", "created_at"))

    output = load()

    assert counts() == first
    assert history_counts() == first_history
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert list(Update.objects.order_by("pk").values_list("pk", "created_at")) == timeline
    assert "(0 new)" in output


def add_an_older_demos_report() -> Inspection:
    """A report the current demo does not have, as an older demo might have left."""
    old = Inspection.objects.create(
        slug="gmp-operations-green-jacket-sherwood-exmoor-2025",
        title="A report an older demo had",
        short_name="Older demo report",
        inspectorate=Inspectorate.objects.get(slug="hmicfrs"),
        published_on=TODAY,
        source_url="https://www.example.org/old",
    )
    Recommendation.objects.create(inspection=old, reference="R1", wording="Old wording.")
    return old


@pytest.mark.django_db
def test_a_second_run_restores_edited_demo_fields_but_keeps_timelines_and_what_it_does_not_know(
    demo_snapshot,
):
    demo_snapshot.restore()  # what a first run wrote
    Agency.objects.filter(slug="gmp").update(short_name="Police")
    action = Action.objects.filter(updates__isnull=False).distinct().first()
    Action.objects.filter(pk=action.pk).update(description="Changed by hand")
    old = add_an_older_demos_report()

    load()

    assert Agency.objects.get(slug="gmp").short_name == "GMP"
    assert Action.objects.get(pk=action.pk).description == "Changed by hand"
    assert Inspection.objects.filter(pk=old.pk).exists()


class TestTheLoadedDemo:
    """Tests that only read the demo share one load of it (seconds each, otherwise);
    tests that change it or need an empty database load their own."""

    @pytest.fixture(autouse=True)
    def evidence_root(self, loaded_demo_files):
        return loaded_demo_files

    def test_the_board_reports_headings_stay_with_what_they_head(self, loaded, rf):
        """Laid out as the PDF is, no page of the demo's board report ends with a
        heading or a table's caption (their content on the next page)."""
        from datetime import timedelta

        from django.template.loader import render_to_string
        from weasyprint import HTML
        from weasyprint.formatting_structure import boxes

        from recommendations import reporting
        from recommendations.views.dashboard import board_context, static_only_fetcher

        moment = reporting.now()
        since = reporting.Moment(day=TODAY - timedelta(days=91), is_past=True)
        ctx = board_context(moment, since=since)
        request = rf.get("/")
        request.user = get_user_model().objects.get(username="oversight")
        html = render_to_string("recommendations/board_report_pdf.html", ctx, request=request)
        document = HTML(string=html, base_url="file:///", url_fetcher=static_only_fetcher()).render()

        def lines(box, chain=()):
            if isinstance(box, boxes.MarginBox):
                return  # the running footer
            if isinstance(box, boxes.LineBox):
                yield chain
            for child in getattr(box, "children", None) or []:
                yield from lines(child, (*chain, getattr(child, "element_tag", None)))

        assert len(document.pages) > 3
        endings = []
        for number, page in enumerate(document.pages, start=1):
            *_, last = lines(page._page_box)
            endings.append((number, [tag for tag in last if tag in ("h1", "h2", "h3", "caption", "thead")]))
        assert [(n, tags) for n, tags in endings if tags] == []

    def test_the_summary_reports_counts(self, loaded):
        output = loaded.output
        assert "Demo data loaded." in output
        assert "Agencies: 13 (13 new)" in output
        assert f"Actions: {Action.objects.count()} ({Action.objects.count()} new)" in output

    def test_loads_the_thirteen_partners(self):
        assert set(Agency.objects.values_list("name", flat=True)) == PARTNERS
        kinds = Counter(Agency.objects.values_list("kind", flat=True))
        assert kinds == {"local_authority": 10, "combined_authority": 1, "police": 1, "health": 1}
        assert Agency.objects.get(slug="nhs-gm").short_name == "NHS GM"
        assert Agency.objects.get(slug="gmca").short_name == "GMCA"

    def test_inspectorates_have_their_own_scales(self):
        def scale(slug):
            return list(
                Grade.objects.filter(inspectorate__slug=slug).order_by("rank").values_list("label", flat=True)
            )

        assert scale("hmicfrs") == ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
        assert scale("ofsted") == ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
        assert scale("cqc") == ["Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated"]
        assert not Grade.objects.get(inspectorate__slug="cqc", label="Not rated").is_graded
        assert GradedArea.objects.filter(inspectorate__slug="hmicfrs").count() == 5

    def test_gmp_child_protection_inspection_has_two_good_and_three_adequate(self):
        inspection = Inspection.objects.get(slug="gmp-national-child-protection-inspection-2024")
        assert inspection.published_on.isoformat() == "2024-12-13"
        judgements = Judgement.objects.filter(inspection=inspection).select_related("agency", "area", "grade")
        assert {j.agency.slug for j in judgements} == {"gmp"}
        assert Counter(j.grade.label for j in judgements) == {"Good": 2, "Adequate": 3}
        good = {j.area.name for j in judgements if j.grade.label == "Good"}
        assert good == {"Leadership", "Working with safeguarding partners"}
        # Nothing else is graded: the demo invents no grades.
        assert Judgement.objects.exclude(inspection=inspection).count() == 0

    def test_recommendations_and_actions_are_consistent_with_the_rules(self):
        # Seven reports (FACTS.md §1-§5): 5 + 3 + 3 + 3 + 3 + 13 + 2 recommendations.
        assert Inspection.objects.count() == 7
        assert Recommendation.objects.count() == 32
        assert Action.objects.count() == 107
        references = Recommendation.objects.values_list("inspection_id", "reference")
        assert len(set(references)) == len(references)
        for recommendation in Recommendation.objects.select_related("inspection", "area"):
            recommendation.full_clean()
            assert recommendation.actions.exists()
        for action in Action.objects.select_related("recommendation__inspection", "owner"):
            action.clean()
            assert action.owner.memberships.filter(agency_id=action.agency_id).exists()
        assert Recommendation.objects.filter(response="accepted_in_principle").exists()
        gmp_cp = Recommendation.objects.filter(
            inspection__slug="gmp-national-child-protection-inspection-2024"
        )
        assert gmp_cp.count() == 5
        assert set(gmp_cp.values_list("kind", flat=True)) == {"area_for_improvement"}
        assert all(rec.area_id for rec in gmp_cp)
        assert set(
            Action.objects.filter(recommendation__in=gmp_cp).values_list("agency__slug", flat=True)
        ) == {"gmp"}

    def test_every_action_status_follows_its_timeline(self):
        before_today = datetime.combine(TODAY, time(), ZoneInfo("Europe/London"))
        returned = 0
        for action in Action.objects.prefetch_related("updates"):
            timeline = sorted(action.updates.all(), key=lambda u: (u.created_at, u.pk))
            status = Status.NOT_STARTED
            due = None
            for update in timeline:
                assert update.created_at < before_today
                assert update.created_at >= action.created_at
                if update.status_to:
                    # Oversight's moves are bare status changes; starting and submitting are
                    # progress updates that move the status, as the update form writes them.
                    assert update.kind in (Update.Kind.STATUS, Update.Kind.PROGRESS)
                    assert update.status_from == status
                    assert update.status_to in Action.TRANSITIONS[status]
                    if update.status_to == Status.IN_PROGRESS and status == Status.SUBMITTED:
                        returned += 1
                        assert update.narrative.strip()
                        assert update.author.is_oversight
                    if update.status_to == Status.ASSURED:
                        assert update.author.is_oversight
                    status = update.status_to
                else:
                    assert update.status_from == update.status_to == ""
                if update.kind == Update.Kind.DUE_DATE:
                    assert update.due_date_from < update.due_date_to
                    due = update.due_date_to
            assert action.status == status
            if due:
                assert action.due_date == due
            figures = [u for u in timeline if u.percent_complete is not None]
            if figures:
                assert (action.confidence, action.percent_complete) == (
                    figures[-1].confidence,
                    figures[-1].percent_complete,
                )
            else:
                assert (action.confidence, action.percent_complete) == ("", 0)
        assert returned >= 1

    def test_states_are_spread_realistically(self):
        by_status = Counter(Action.objects.values_list("status", flat=True))
        assert all(by_status[status] for status in Status.values)
        assert 3 <= Action.objects.overdue(today=TODAY).count() <= 10
        in_progress = Action.objects.filter(status=Status.IN_PROGRESS)
        assert set(in_progress.values_list("confidence", flat=True)) == {"green", "amber", "red"}
        assert Update.objects.filter(kind=Update.Kind.DUE_DATE).exists()
        assert Update.objects.filter(kind=Update.Kind.OWNER).exists()

    def test_every_submitted_or_assured_action_has_evidence_before_submission(self):
        closed = Action.objects.filter(status__in=[Status.SUBMITTED, Status.ASSURED])
        assert closed.exists()
        for action in closed:
            first_submission = (
                action.updates.filter(status_to=Status.SUBMITTED).order_by("created_at").first()
            )
            assert Evidence.objects.filter(
                update__action=action, update__created_at__lt=first_submission.created_at
            ).exists(), action

    def test_every_evidence_file_matches_its_hash(self, evidence_root):
        assert Evidence.objects.exists()
        for evidence in Evidence.objects.all():
            with evidence.file.open("rb") as stored:
                content = stored.read()
            assert len(content) == evidence.size
            assert hashlib.sha256(content).hexdigest() == evidence.sha256
            # Names and types the upload checks would accept.
            assert safe_name(evidence.original_name) == evidence.original_name
            extension = "." + evidence.original_name.rsplit(".", 1)[1]
            assert ALLOWED[extension][0] == evidence.content_type
            assert (evidence_root / evidence.file.name).is_file()

    def test_every_partner_has_actions_and_both_its_accounts_are_on_them(self):
        for agency in Agency.objects.all():
            actions = Action.objects.filter(agency=agency)
            assert actions.count() >= 4, agency
            people = set(actions.values_list("owner__username", flat=True)) | set(
                Update.objects.filter(action__agency=agency).values_list("author__username", flat=True)
            )
            assert {f"{agency.slug}.lead", f"{agency.slug}.contributor"} <= people, agency

    def test_demo_accounts(self):
        admin = User.objects.get(username="admin")
        assert admin.is_staff and admin.is_superuser
        assert admin.check_password(DEMO_PASSWORD)
        oversight = User.objects.get(username="oversight")
        assert oversight.is_oversight and not oversight.is_staff
        for agency in Agency.objects.all():
            lead = User.objects.get(username=f"{agency.slug}.lead")
            contributor = User.objects.get(username=f"{agency.slug}.contributor")
            assert lead.check_password(DEMO_PASSWORD)
            assert Membership.objects.get(user=lead, agency=agency).role == Membership.Role.LEAD
            assert Membership.objects.get(user=contributor, agency=agency).role == Membership.Role.CONTRIBUTOR
            assert lead.email.endswith("@example.org") and lead.first_name and lead.last_name
        assert User.objects.count() == 2 + 2 * 13


@pytest.mark.django_db
def test_refuses_without_force_when_debug_is_off(settings):
    # (With --force it loads: every other test here loads that way.)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert Agency.objects.count() == 0


# Committed rows, as a real reset finds them: PostgreSQL refuses to TRUNCATE tables with
# foreign-key checks still pending from inserts earlier in the same transaction.
@pytest.mark.django_db(transaction=True)
def test_reset_replaces_old_demo_content_with_a_fresh_load(demo_snapshot):
    demo_snapshot.restore()  # what a first run wrote
    fresh = counts()
    Inspection.objects.filter(slug="cse-assurance-review-part-two").update(title="An older demo's title")
    old = add_an_older_demos_report()

    out = StringIO()
    call_command("load_demo", force=True, reset=True, stdout=out)

    assert "Database emptied" in out.getvalue()
    assert counts() == fresh
    assert not Inspection.objects.filter(slug=old.slug).exists()
    assert Inspection.objects.get(slug="cse-assurance-review-part-two").title == (
        "The review into historic safeguarding practices in Oldham"
    )
    assert Update.objects.count() == fresh["Update"]  # the timelines were written again


@pytest.mark.django_db
def test_reset_is_refused_with_debug_off_unless_forced(settings):
    # Something a reset would empty (a full demo is not needed to see it kept).
    AgencyFactory()
    before = counts()
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", reset=True, stdout=StringIO())

    assert counts() == before and before["Agency"] == 1
