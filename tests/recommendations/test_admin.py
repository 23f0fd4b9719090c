"""The Django admin: every changelist renders, in a fixed number of queries, and the
append-only records cannot be changed or deleted there."""

import pytest
from django.urls import reverse

from agencies.models import Agency, Membership, User
from recommendations.models import (
    Action,
    Evidence,
    Grade,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    Theme,
    Update,
)
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    EvidenceFactory,
    GradedAreaFactory,
    GradeFactory,
    InspectionFactory,
    InspectorateFactory,
    JudgementFactory,
    MembershipFactory,
    RecommendationFactory,
    ThemeFactory,
    UpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    Agency: AgencyFactory,
    Membership: MembershipFactory,
    User: UserFactory,
    Inspectorate: InspectorateFactory,
    Grade: GradeFactory,
    GradedArea: GradedAreaFactory,
    Inspection: InspectionFactory,
    Judgement: JudgementFactory,
    Theme: ThemeFactory,
    Recommendation: RecommendationFactory,
    Action: ActionFactory,
    Update: UpdateFactory,
    Evidence: EvidenceFactory,
}


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_each_changelist_runs_the_same_queries_with_5_and_50_rows(
    model, admin_client, django_assert_max_num_queries
):
    factory = FACTORIES[model]
    factory.create_batch(5)
    with django_assert_max_num_queries(30) as five:
        response = admin_client.get(changelist(model))
    assert response.status_code == 200
    factory.create_batch(45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = admin_client.get(changelist(model))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 50


def test_an_outsider_cannot_reach_the_admin(client, outsider):
    client.force_login(outsider)
    response = client.get(changelist(Action))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("model", [Update, Evidence], ids=lambda m: m.__name__)
def test_the_timeline_is_read_only_in_the_admin(model, admin_client):
    obj = FACTORIES[model]()
    opts = model._meta
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
    change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    delete = admin_client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk]))
    assert delete.status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", [Recommendation, Action, Inspection], ids=lambda m: m.__name__)
def test_records_the_timeline_depends_on_cannot_be_deleted_in_the_admin(model, admin_client):
    obj = FACTORIES[model]()
    opts = model._meta
    response = admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_archiving_an_action_keeps_it_and_records_history(admin_client):
    action = ActionFactory()
    response = admin_client.post(
        changelist(Action), {"action": "archive_selected", "_selected_action": [action.pk]}, follow=True
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.is_archived
    assert action.history.first().is_archived


def test_a_judgement_with_a_grade_from_another_scale_is_refused_in_the_admin(admin_client):
    judgement = JudgementFactory()
    wrong_grade = GradeFactory(label="Requires improvement to be good")  # another inspectorate's scale
    opts = Judgement._meta
    response = admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[judgement.pk]),
        {
            "inspection": judgement.inspection_id,
            "agency": judgement.agency_id,
            "area": judgement.area_id,
            "grade": wrong_grade.pk,
        },
    )
    assert response.status_code == 200
    assert "Choose a grade from" in response.content.decode()
    judgement.refresh_from_db()
    assert judgement.grade_id != wrong_grade.pk


def test_the_admin_lists_every_partner(admin_client):
    AgencyFactory(name="Wigan Council")
    content = admin_client.get(changelist(Agency)).content.decode()
    assert "Wigan Council" in content
