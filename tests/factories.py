"""factory-boy factories: every default builds a valid object that passes ``full_clean()``.

Related objects agree with each other by default (a judgement's grade and area come
from the inspecting body's own scale; an action is due after its report was
published), so a test only spells out the one thing it is about.
"""

import contextlib
import datetime
import hashlib
from collections.abc import Iterator

import factory
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, Membership, User
from recommendations import batch, intervals, tallies
from recommendations.models import (
    Action,
    Confidence,
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

DEMO_PASSWORD = "demo-password"
PUBLISHED_ON = datetime.date(2024, 12, 13)

# Inside ``derived_once()``: the actions whose intervals are derived at its end.
_to_derive: set[int] | None = None


def _derive(action_id: int, agency_id: int) -> None:
    """After a factory wrote an action, an update or evidence behind the write path: derive
    the action's state intervals from its timeline again and mark its agency's figures
    stale, as a migration would (inside ``derived_once()``, once, at the block's end)."""
    if _to_derive is not None:
        _to_derive.add(action_id)
    else:
        intervals.rebuild([action_id])
    tallies.touch([agency_id])


@contextlib.contextmanager
def derived_once() -> Iterator[None]:
    """Build many actions and their timelines with the factories, and derive their
    intervals once, at the end of the block, for all of them, inside the write path's own
    ``batch.batched()`` (which marks the figures stale once): what deriving after each
    write gives (``rebuild`` reads the whole timeline), without the two-thirds of the time
    building a partnership took. Code inside the block must not read the intervals."""
    global _to_derive
    if _to_derive is not None:  # already inside one: the outer block derives
        yield
        return
    _to_derive = actions = set()
    try:
        with transaction.atomic(), batch.batched():
            yield
            if actions:
                intervals.rebuild(sorted(actions))
    finally:
        _to_derive = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(DEMO_PASSWORD)

    class Params:
        oversight = factory.Trait(is_oversight=True)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Partner Agency {n}")
    short_name = factory.Sequence(lambda n: f"PA{n}")
    slug = factory.Sequence(lambda n: f"partner-agency-{n}")
    kind = Agency.Kind.LOCAL_AUTHORITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Membership.Role.CONTRIBUTOR

    class Params:
        lead = factory.Trait(role=Membership.Role.LEAD)


class LeadMembershipFactory(MembershipFactory):
    role = Membership.Role.LEAD


class InspectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspectorate

    name = factory.Sequence(lambda n: f"Inspectorate {n}")
    short_name = factory.Sequence(lambda n: f"INSP{n}")
    slug = factory.Sequence(lambda n: f"inspectorate-{n}")
    website = "https://www.example.org/"


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade

    inspectorate = factory.SubFactory(InspectorateFactory)
    label = factory.Sequence(lambda n: f"Grade {n}")
    rank = factory.Sequence(lambda n: n + 1)


class GradedAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GradedArea

    inspectorate = factory.SubFactory(InspectorateFactory)
    name = factory.Sequence(lambda n: f"Graded area {n}")
    order = factory.Sequence(lambda n: n)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"National child protection inspection {n}")
    short_name = factory.Sequence(lambda n: f"Inspection {n}")
    slug = factory.Sequence(lambda n: f"inspection-{n}")
    inspectorate = factory.SubFactory(InspectorateFactory)
    kind = Inspection.Kind.INSPECTION_REPORT
    published_on = PUBLISHED_ON
    # Published to partners the day the report came out; ``released_at=None`` makes a draft.
    released_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime.combine(o.published_on, datetime.time.min))
    )
    source_url = factory.LazyAttribute(lambda o: f"https://www.example.org/reports/{o.slug}")
    summary = "A summary of the report's findings about systems and practice."

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.agencies.set(extracted)


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgement

    inspection = factory.SubFactory(InspectionFactory)
    agency = factory.SubFactory(AgencyFactory)
    area = factory.SubFactory(
        GradedAreaFactory, inspectorate=factory.SelfAttribute("..inspection.inspectorate")
    )
    grade = factory.SubFactory(GradeFactory, inspectorate=factory.SelfAttribute("..inspection.inspectorate"))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "Work that crosses several recommendations."


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    inspection = factory.SubFactory(InspectionFactory)
    reference = factory.Sequence(lambda n: f"R{n}")
    kind = Recommendation.Kind.RECOMMENDATION
    wording = "Partners should make their tools and processes consistent across organisations."
    target_date = factory.LazyAttribute(lambda o: o.inspection.published_on + datetime.timedelta(days=180))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    agency = factory.SubFactory(AgencyFactory)
    description = "Agree one case-file audit tool with the other partners."
    due_date = factory.LazyAttribute(
        lambda o: o.recommendation.inspection.published_on + datetime.timedelta(days=90)
    )
    original_due_date = factory.LazyAttribute(lambda o: o.due_date)
    created_at = factory.LazyFunction(timezone.now)
    # Nothing on its timeline yet: last changed when it was created.
    updated_at = factory.LazyAttribute(lambda o: o.created_at)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # Written here behind the write path, so its state intervals are derived from
        # its timeline (none yet: one interval, as created), as a migration would.
        if create:
            _derive(instance.pk, instance.agency_id)


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Update

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    kind = Update.Kind.PROGRESS
    narrative = "The audit tool has been drafted and shared with partners."
    confidence = Confidence.GREEN
    percent_complete = 40

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # An update written behind the write path: the action's intervals follow its timeline.
        if create:
            _derive(instance.action_id, instance.action.agency_id)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    class Params:
        content = b"%PDF-1.4 minutes of the partnership board\n"

    update = factory.SubFactory(UpdateFactory)
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=o.original_name))
    original_name = "board-minutes.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # Evidence written behind the write path: its action's intervals (which count
        # the progress updates with evidence) and its agency's figures count it.
        if create:
            _derive(instance.update.action_id, instance.update.action.agency_id)
