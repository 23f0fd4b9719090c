"""People, agencies and memberships: uniqueness and allowed values held by the database."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from agencies.models import Agency, Membership, User
from tests.factories import AgencyFactory, LeadMembershipFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_its_personas_belong_where_their_names_say(
    agency, other_agency, contributor, lead, oversight, outsider
):
    assert list(contributor.memberships.values_list("agency", "role")) == [
        (agency.pk, Membership.Role.CONTRIBUTOR)
    ]
    assert list(lead.memberships.values_list("agency", "role")) == [(agency.pk, Membership.Role.LEAD)]
    assert list(outsider.memberships.values_list("agency", "role")) == [
        (other_agency.pk, Membership.Role.CONTRIBUTOR)
    ]
    assert oversight.is_oversight
    assert not oversight.memberships.exists()
    assert not any(person.is_oversight for person in (contributor, lead, outsider))


def test_its_personas_sign_in_with_the_demo_password(contributor, lead, oversight, outsider):
    for person in (contributor, lead, oversight, outsider):
        assert person.check_password("demo-password")
        assert person.password != "demo-password"


def test_its_admin_user_is_the_projects_own_user_model(admin_user):
    assert get_user_model() is User
    assert isinstance(admin_user, User)
    assert admin_user.is_superuser and admin_user.is_staff
    assert not admin_user.is_oversight


def test_its_lead_factory_makes_an_agency_lead():
    assert LeadMembershipFactory().role == Membership.Role.LEAD
    assert MembershipFactory(lead=True).role == Membership.Role.LEAD
    assert MembershipFactory().role == Membership.Role.CONTRIBUTOR


def test_it_creates_distinct_agencies_by_default():
    first, second = AgencyFactory.create_batch(2)

    first.full_clean()
    second.full_clean()
    assert first.name != second.name
    assert first.short_name != second.short_name
    assert first.slug != second.slug


def test_it_rejects_a_second_membership_of_the_same_agency_at_the_database(contributor, agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=contributor, agency=agency, role=Membership.Role.LEAD)

    assert list(contributor.memberships.values_list("role", flat=True)) == [Membership.Role.CONTRIBUTOR]


def test_it_rejects_a_second_membership_of_the_same_agency_on_the_form(contributor, agency):
    membership = MembershipFactory.build(user=contributor, agency=agency, role=Membership.Role.LEAD)

    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()

    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Membership with this User and Agency already exists."]
    }


def test_it_lets_a_person_belong_to_several_agencies(contributor, other_agency):
    MembershipFactory(user=contributor, agency=other_agency, role=Membership.Role.LEAD)

    assert contributor.memberships.count() == 2


def test_it_rejects_a_duplicate_agency_slug_at_the_database(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(slug=agency.slug)

    assert Agency.objects.filter(slug=agency.slug).count() == 1


def test_it_rejects_a_duplicate_agency_slug_on_the_form(agency):
    duplicate = AgencyFactory.build(slug=agency.slug)

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {"slug": ["Agency with this Slug already exists."]}


def test_it_rejects_an_empty_agency_slug_at_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(slug="")

    assert not Agency.objects.exists()


def test_it_rejects_an_agency_kind_outside_the_choices_at_the_database(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.filter(pk=agency.pk).update(kind="bogus")

    agency.refresh_from_db()
    assert agency.kind == Agency.Kind.POLICE


def test_it_rejects_an_agency_kind_outside_the_choices_on_the_form():
    agency = AgencyFactory.build(kind="bogus")

    with pytest.raises(ValidationError) as excinfo:
        agency.full_clean()

    assert list(excinfo.value.message_dict) == ["kind"]


def test_it_rejects_a_membership_role_outside_the_choices_at_the_database(contributor):
    membership = contributor.memberships.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(role="owner")

    membership.refresh_from_db()
    assert membership.role == Membership.Role.CONTRIBUTOR


def test_it_refuses_to_delete_an_agency_that_has_members(agency, contributor):
    with pytest.raises(ProtectedError), transaction.atomic():
        agency.delete()

    assert Agency.objects.filter(pk=agency.pk).exists()


def test_it_records_changes_to_an_agency_in_its_history(agency):
    agency.is_active = False
    agency.save()

    assert list(agency.history.values_list("history_type", "is_active")) == [("~", False), ("+", True)]


def test_it_keeps_passwords_out_of_the_user_history():
    user = UserFactory()

    assert not hasattr(user.history.model, "password")
    assert user.history.count() == 1


def test_it_names_a_person_by_full_name_or_username():
    assert str(UserFactory.build(first_name="Sam", last_name="Lee")) == "Sam Lee"
    assert str(UserFactory.build(username="s.lee", first_name="", last_name="")) == "s.lee"
