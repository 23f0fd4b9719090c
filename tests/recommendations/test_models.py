"""The domain invariants of inspections, recommendations, actions and their timeline.

Each invariant is checked where it lives: the database (``IntegrityError`` from a
constraint, wrapped in ``transaction.atomic()`` so the test database stays usable) and,
where a form would meet it first, ``full_clean()`` (a ``ValidationError`` with a message a
person can act on).
"""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from recommendations.models import Action, Evidence, Status, Update
from tests.factories import (
    PUBLISHED_ON,
    ActionFactory,
    EvidenceFactory,
    GradedAreaFactory,
    GradeFactory,
    InspectionFactory,
    InspectorateFactory,
    JudgementFactory,
    RecommendationFactory,
    ThemeFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

ILLEGAL_MOVES = [(s, t) for s in Status.values for t in Status.values if t not in Action.TRANSITIONS[s]]
LEGAL_MOVES = [(s, t) for s, targets in Action.TRANSITIONS.items() for t in targets]


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


# -- Factories -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "factory",
    [
        InspectorateFactory,
        GradeFactory,
        GradedAreaFactory,
        InspectionFactory,
        JudgementFactory,
        ThemeFactory,
        RecommendationFactory,
        ActionFactory,
        UpdateFactory,
        EvidenceFactory,
    ],
)
def test_its_factories_build_objects_that_pass_validation(factory):
    factory().full_clean()


def test_it_keeps_evidence_files_under_the_test_storage(tmp_path):
    content = b"minutes of the complex safeguarding board"
    evidence = EvidenceFactory(content=content)

    path = Path(evidence.file.path)
    assert path.is_relative_to(tmp_path)
    assert path.read_bytes() == content
    assert evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    # The stored name is generated; the person's file name only lives in the database.
    assert "board-minutes" not in evidence.file.name


# -- Judgements ----------------------------------------------------------------------


@pytest.fixture
def hmicfrs():
    inspectorate = InspectorateFactory(name="His Majesty's Inspectorate", short_name="HMICFRS")
    for rank, label in enumerate(
        ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"], 1
    ):
        GradeFactory(inspectorate=inspectorate, label=label, rank=rank)
    return inspectorate


@pytest.fixture
def ofsted():
    return InspectorateFactory(name="Office for Standards in Education", short_name="Ofsted")


def test_it_rejects_a_grade_from_another_inspectorates_scale(hmicfrs, ofsted, agency):
    inspection = InspectionFactory(inspectorate=hmicfrs)
    judgement = JudgementFactory.build(
        inspection=inspection,
        agency=agency,
        area=GradedAreaFactory(inspectorate=hmicfrs, name="Leadership"),
        grade=GradeFactory(inspectorate=ofsted, label="Requires improvement to be good", rank=3),
    )

    with pytest.raises(ValidationError) as excinfo:
        judgement.full_clean()

    assert excinfo.value.message_dict == {
        "grade": [
            "Choose a grade from HMICFRS's scale: "
            "Outstanding, Good, Adequate, Requires improvement, Inadequate."
        ]
    }


def test_it_rejects_an_area_another_inspectorate_grades(hmicfrs, ofsted, agency):
    inspection = InspectionFactory(inspectorate=hmicfrs)
    judgement = JudgementFactory.build(
        inspection=inspection,
        agency=agency,
        area=GradedAreaFactory(inspectorate=ofsted, name="Experiences and progress of children in care"),
        grade=hmicfrs.grades.get(label="Good"),
    )

    with pytest.raises(ValidationError) as excinfo:
        judgement.full_clean()

    assert excinfo.value.message_dict == {"area": ["Choose an area that HMICFRS grades."]}


def test_it_accepts_a_grade_and_area_from_the_inspectorates_own_scale(hmicfrs, agency):
    judgement = JudgementFactory.build(
        inspection=InspectionFactory(inspectorate=hmicfrs),
        agency=agency,
        area=GradedAreaFactory(inspectorate=hmicfrs, name="Investigating abuse, neglect and exploitation"),
        grade=hmicfrs.grades.get(label="Adequate"),
    )

    judgement.full_clean()


# -- Recommendations -----------------------------------------------------------------


def test_it_rejects_a_duplicate_reference_within_one_report_at_the_database():
    first = RecommendationFactory(reference="AFI 1")

    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(inspection=first.inspection, reference="AFI 1")

    assert list(first.inspection.recommendations.all()) == [first]


def test_it_rejects_a_duplicate_reference_within_one_report_on_the_form():
    first = RecommendationFactory(reference="AFI 1")
    duplicate = RecommendationFactory.build(inspection=first.inspection, reference="AFI 1")

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Recommendation with this Report and Reference already exists."]
    }


def test_it_allows_the_same_reference_in_two_reports():
    first = RecommendationFactory(reference="R1")
    second = RecommendationFactory.build(reference="R1", inspection=InspectionFactory())

    second.full_clean()
    second.save()

    assert first.inspection != second.inspection
    assert {first.reference, second.reference} == {"R1"}


def test_it_rejects_a_target_date_before_the_report_was_published_naming_the_date():
    recommendation = RecommendationFactory.build(
        inspection=InspectionFactory(published_on=PUBLISHED_ON),
        target_date=PUBLISHED_ON - datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError) as excinfo:
        recommendation.full_clean()

    assert list(excinfo.value.message_dict) == ["target_date"]
    assert "13 December 2024" in excinfo.value.message_dict["target_date"][0]


def test_it_rejects_a_target_date_before_the_report_was_published():
    recommendation = RecommendationFactory.build(
        inspection=InspectionFactory(published_on=PUBLISHED_ON),
        target_date=PUBLISHED_ON - datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError) as excinfo:
        recommendation.full_clean()

    assert list(excinfo.value.message_dict) == ["target_date"]
    assert "on or after the report's publication date" in excinfo.value.message_dict["target_date"][0]


def test_it_accepts_a_target_date_on_the_day_the_report_was_published():
    RecommendationFactory.build(
        inspection=InspectionFactory(published_on=PUBLISHED_ON), target_date=PUBLISHED_ON
    ).full_clean()


def test_it_rejects_a_recommendation_area_another_inspectorate_grades(hmicfrs, ofsted):
    recommendation = RecommendationFactory.build(
        inspection=InspectionFactory(inspectorate=hmicfrs), area=GradedAreaFactory(inspectorate=ofsted)
    )

    with pytest.raises(ValidationError) as excinfo:
        recommendation.full_clean()

    assert excinfo.value.message_dict == {"area": ["Choose an area that HMICFRS grades."]}


# -- Actions -------------------------------------------------------------------------


def test_it_rejects_a_second_action_for_the_same_agency_at_the_database(agency):
    first = ActionFactory(agency=agency)

    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(recommendation=first.recommendation, agency=agency)

    assert list(first.recommendation.actions.all()) == [first]


def test_it_rejects_a_second_action_for_the_same_agency_on_the_form(agency):
    first = ActionFactory(agency=agency)
    second = ActionFactory.build(recommendation=first.recommendation, agency=agency)

    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()

    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Action with this Recommendation and Agency already exists."]
    }


def test_it_gives_each_addressed_agency_its_own_action(agency, other_agency):
    first = ActionFactory(agency=agency)
    second = ActionFactory.build(recommendation=first.recommendation, agency=other_agency)

    second.full_clean()
    second.save()

    assert set(first.recommendation.actions.all()) == {first, second}


def test_it_accepts_a_due_date_on_the_day_the_report_was_published(agency):
    ActionFactory.build(
        recommendation=RecommendationFactory(inspection__published_on=PUBLISHED_ON),
        agency=agency,
        due_date=PUBLISHED_ON,
    ).full_clean()


@pytest.mark.parametrize("percent", [101, -1])
def test_it_rejects_an_action_percent_outside_0_to_100_at_the_database(percent):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(percent_complete=percent)

    assert not Action.objects.exists()


@pytest.mark.parametrize("percent", [101, -1])
def test_it_rejects_an_action_percent_outside_0_to_100_on_the_form(agency, percent):
    action = ActionFactory.build(
        recommendation=RecommendationFactory(), agency=agency, percent_complete=percent
    )

    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()

    assert list(excinfo.value.message_dict) == ["percent_complete"]


@pytest.mark.parametrize("percent", [101, -1])
def test_it_rejects_an_update_percent_outside_0_to_100_at_the_database(percent):
    action = ActionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        UpdateFactory(action=action, percent_complete=percent)

    assert not Update.objects.exists()


@pytest.mark.parametrize("percent", [101, -1])
def test_it_rejects_an_update_percent_outside_0_to_100_on_the_form(contributor, percent):
    update = UpdateFactory.build(action=ActionFactory(), author=contributor, percent_complete=percent)

    with pytest.raises(ValidationError) as excinfo:
        update.full_clean()

    assert list(excinfo.value.message_dict) == ["percent_complete"]


@pytest.mark.parametrize("percent", [0, 100, None])
def test_it_accepts_an_update_percent_at_the_bounds_or_left_blank(contributor, percent):
    update = UpdateFactory.build(action=ActionFactory(), author=contributor, percent_complete=percent)

    update.full_clean()
    update.save()


# -- The timeline is append-only -----------------------------------------------------


def test_it_refuses_to_change_a_saved_update():
    update = UpdateFactory(narrative="Training plan agreed.")
    update.narrative = "Nothing happened."

    with pytest.raises(ValidationError, match="append-only"):
        update.save()

    update.refresh_from_db()
    assert update.narrative == "Training plan agreed."


def test_it_refuses_to_delete_an_update():
    update = UpdateFactory()

    with pytest.raises(ValidationError, match="append-only"):
        update.delete()

    assert Update.objects.filter(pk=update.pk).exists()


def test_it_refuses_to_delete_updates_in_bulk():
    update = UpdateFactory()

    with pytest.raises((ValidationError, IntegrityError, ProtectedError)), transaction.atomic():
        Update.objects.filter(pk=update.pk).delete()

    assert Update.objects.filter(pk=update.pk).exists()


def test_it_refuses_to_change_saved_evidence():
    evidence = EvidenceFactory(original_name="board-minutes.pdf")
    evidence.original_name = "something-else.pdf"

    with pytest.raises(ValidationError, match="append-only"):
        evidence.save()

    evidence.refresh_from_db()
    assert evidence.original_name == "board-minutes.pdf"


def test_it_refuses_to_delete_evidence():
    evidence = EvidenceFactory()

    with pytest.raises(ValidationError, match="append-only"):
        evidence.delete()

    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert Path(evidence.file.path).exists()


def test_it_refuses_to_delete_an_action_that_has_updates():
    update = UpdateFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        update.action.delete()

    assert Action.objects.filter(pk=update.action.pk).exists()
    assert Update.objects.filter(pk=update.pk).exists()


def test_it_refuses_a_status_update_that_does_not_change_the_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        UpdateFactory(kind=Update.Kind.STATUS, status_from=Status.IN_PROGRESS, status_to=Status.IN_PROGRESS)

    assert not Update.objects.exists()


def test_it_refuses_a_status_update_that_names_only_one_end():
    with pytest.raises(IntegrityError), transaction.atomic():
        UpdateFactory(kind=Update.Kind.STATUS, status_from="", status_to=Status.IN_PROGRESS)

    assert not Update.objects.exists()


def test_it_refuses_a_progress_update_that_names_only_the_new_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        UpdateFactory(kind=Update.Kind.PROGRESS, status_to=Status.SUBMITTED)

    assert not Update.objects.exists()


def test_it_refuses_an_inconsistent_status_update_on_the_form(contributor):
    update = UpdateFactory.build(
        action=ActionFactory(),
        author=contributor,
        kind=Update.Kind.OWNER,
        status_from=Status.NOT_STARTED,
        status_to=Status.IN_PROGRESS,
    )

    with pytest.raises(ValidationError) as excinfo:
        update.full_clean()

    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["A status change must name a different old and new status."]
    }


def test_a_progress_update_may_carry_a_status_change(contributor):
    update = UpdateFactory(
        kind=Update.Kind.PROGRESS, status_from=Status.IN_PROGRESS, status_to=Status.SUBMITTED
    )

    assert update.status_to == Status.SUBMITTED


# -- Choice columns are checked by the database --------------------------------------


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (InspectionFactory, "kind"),
        (RecommendationFactory, "kind"),
        (RecommendationFactory, "response"),
        (ActionFactory, "status"),
        (ActionFactory, "confidence"),
        (UpdateFactory, "kind"),
        (UpdateFactory, "confidence"),
    ],
)
def test_it_rejects_a_value_outside_the_choices_at_the_database(factory, field):
    obj = factory()
    model = type(obj)
    before = getattr(obj, field)

    with pytest.raises(IntegrityError), transaction.atomic():
        # A plain QuerySet: Update's own manager refuses bulk changes before the database can.
        models.QuerySet(model).filter(pk=obj.pk).update(**{field: "bogus"})

    obj.refresh_from_db()
    assert getattr(obj, field) == before


def test_it_rejects_an_empty_recommendation_reference_at_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(reference="")


def test_it_rejects_empty_evidence_at_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceFactory(size=0)


# -- Overdue -------------------------------------------------------------------------


def test_it_lists_past_due_actions_that_are_not_started_or_in_progress_as_overdue():
    today = datetime.date(2025, 6, 2)
    yesterday = today - datetime.timedelta(days=1)
    late_not_started = ActionFactory(due_date=yesterday, status=Status.NOT_STARTED)
    late_in_progress = ActionFactory(due_date=yesterday, status=Status.IN_PROGRESS)
    ActionFactory(due_date=yesterday, status=Status.SUBMITTED)
    ActionFactory(due_date=yesterday, status=Status.ASSURED)
    ActionFactory(due_date=today, status=Status.NOT_STARTED)
    ActionFactory(due_date=today + datetime.timedelta(days=30), status=Status.IN_PROGRESS)

    assert list(Action.objects.overdue(today=today)) == [late_not_started, late_in_progress]


def test_its_is_overdue_agrees_with_the_overdue_list():
    today = timezone.localdate()
    for status in Status.values:
        for days in (-30, -1, 0, 1):
            ActionFactory(status=status, due_date=today + datetime.timedelta(days=days))

    overdue = set(Action.objects.overdue())

    assert overdue == {action for action in Action.objects.all() if action.is_overdue}
    assert {(a.status, (a.due_date - today).days) for a in overdue} == {
        (Status.NOT_STARTED, -30),
        (Status.NOT_STARTED, -1),
        (Status.IN_PROGRESS, -30),
        (Status.IN_PROGRESS, -1),
    }


# -- History -------------------------------------------------------------------------


def test_it_records_the_creation_of_an_action_in_its_history():
    action = ActionFactory()

    assert list(action.history.values_list("history_type", "status")) == [("+", Status.NOT_STARTED)]


def test_it_lists_every_agency_an_inspection_covers(agency, other_agency):
    inspection = InspectionFactory(agencies=[agency, other_agency])

    assert set(inspection.agencies.all()) == {agency, other_agency}


def test_it_tags_a_recommendation_with_themes():
    themes = ThemeFactory.create_batch(2)
    recommendation = RecommendationFactory(themes=themes)

    assert set(recommendation.themes.all()) == set(themes)
