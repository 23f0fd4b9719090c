"""What the API returns and accepts, as pydantic models; the OpenAPI schema is built from these.

Choice fields use the same values as the database (``in_progress``, ``amber``); an
empty choice ("no confidence given yet") is ``null``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from agencies.models import AgencyKind, Role
from recommendations.models import (
    ClockKind,
    Confidence,
    InspectionKind,
    RecommendationKind,
    Response,
    Status,
    UpdateKind,
    Voice,
)

# Primary keys are BigAutoFields: anything beyond cannot name a row, and would overflow
# the database's integer types if it reached a query.
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
# Deep enough for any real list, small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000


# -- Errors --------------------------------------------------------------------------


class ParameterError(Schema):
    parameter: str = Field(description="The query or path parameter at fault.")
    message: str


class Problem(Schema):
    """Every error: a message for people, and for bad parameters the parameters at fault."""

    detail: str = Field(description="What went wrong, in a sentence.")
    errors: list[ParameterError] = Field(default_factory=list)


ERRORS = {400: Problem, 401: Problem, 403: Problem}
ERRORS_WITH_404 = {**ERRORS, 404: Problem}


# -- Parameters ----------------------------------------------------------------------

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_only(value):
    """pydantic would read "0.5" as a Unix time; the schema promises ISO 8601, so only that is taken."""
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise ValueError("Enter a date as YYYY-MM-DD, or a date and time in ISO 8601")
    return value


IsoDate = Annotated[date, BeforeValidator(iso_only)]
IsoDateTime = Annotated[datetime, BeforeValidator(iso_only)]


class Paging(Schema):
    limit: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}."
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")


ActionSort = Literal[
    "due", "-due", "reference", "-reference", "agency", "-agency", "status", "-status",
    "confidence", "-confidence", "percent", "-percent",
]  # fmt: skip


class ActionFilters(Schema):
    """The filters of the "All actions" page, with the same names and meanings."""

    q: str | None = Field(None, max_length=200, description="Words in the reference, wording or description.")
    agency: int | None = Field(None, ge=1, le=MAX_ID, description="An agency's id.")
    status: list[Status] | None = Field(None, description="One or more statuses (repeat the parameter).")
    confidence: list[Confidence] | None = Field(None, description="One or more delivery confidences.")
    due: Literal["overdue", "30", "moved", "milestone"] | None = Field(
        None,
        description="`overdue`, `30` for due in the next 30 days, `moved` for due later than first agreed, "
        "or `milestone` for open with a milestone overdue.",
    )
    impact: Literal["evidenced", "delivered"] | None = Field(
        None,
        description="`evidenced`: the assurance team has evidenced the action's impact; `delivered`: assured "
        "as delivered, impact not yet evidenced.",
    )
    voice: Literal["yes", "no"] | None = Field(
        None,
        description="`yes`: shaped by the views of children, young people, parents or carers; `no`: not, "
        "or not recorded.",
    )
    inspection: int | None = Field(None, ge=1, le=MAX_ID, description="A report's id.")
    theme: int | None = Field(None, ge=1, le=MAX_ID, description="A theme's id.")
    area: int | None = Field(None, ge=1, le=MAX_ID, description="A graded area's id.")
    sort: ActionSort | None = Field(None, description="Order by a column; `-` for descending. Default `due`.")
    as_at: IsoDate | None = Field(
        None,
        description="Each action's state at the end of this past day (YYYY-MM-DD), rebuilt from "
        "the timeline. Default: now.",
    )


class RecommendationFilters(Schema):
    """The filters of the "All recommendations" page."""

    q: str | None = Field(None, max_length=200, description="Words in the reference or wording.")
    inspection: int | None = Field(None, ge=1, le=MAX_ID, description="A report's id.")
    theme: int | None = Field(None, ge=1, le=MAX_ID, description="A theme's id.")
    agency: int | None = Field(None, ge=1, le=MAX_ID, description="Addressed to this agency (id).")
    kind: RecommendationKind | None = None


class InspectionFilters(Schema):
    inspectorate: int | None = Field(None, ge=1, le=MAX_ID, description="An inspectorate's id.")
    agency: int | None = Field(None, ge=1, le=MAX_ID, description="Covering this agency (id).")


class JudgementFilters(Schema):
    inspection: int | None = Field(None, ge=1, le=MAX_ID, description="A report's id.")
    agency: int | None = Field(None, ge=1, le=MAX_ID, description="An agency's id.")
    area: int | None = Field(None, ge=1, le=MAX_ID, description="A graded area's id.")


class UpdateFilters(Schema):
    action: int | None = Field(None, ge=1, le=MAX_ID, description="An action's id.")
    recommendation: int | None = Field(None, ge=1, le=MAX_ID, description="A recommendation's id.")
    agency: int | None = Field(None, ge=1, le=MAX_ID, description="An agency's id.")
    kind: UpdateKind | None = None
    since: IsoDateTime | None = Field(
        None, description="Only updates written at or after this moment (ISO 8601; London time if no offset)."
    )


# -- Shared pieces -------------------------------------------------------------------


class AgencyRef(Schema):
    id: int
    name: str
    short_name: str


class Agency(AgencyRef):
    slug: str
    kind: AgencyKind
    is_active: bool


class ThemeRef(Schema):
    id: int
    name: str


class Theme(ThemeRef):
    slug: str
    description: str


class AreaRef(Schema):
    id: int
    name: str


class InspectorateRef(Schema):
    id: int
    name: str
    short_name: str


class InspectionRef(Schema):
    id: int
    title: str
    published_on: date


# -- Records -------------------------------------------------------------------------


class Deadline(Schema):
    kind: ClockKind
    title: str = Field(description="What is due.")
    responsible: AgencyRef | None = Field(description="The agency it falls to, if recorded.")
    due_on: date
    met_on: date | None = Field(description="When it was met; null while it is not.")
    response_url: str = Field(description="Where the response or plan can be read, if published.")
    is_illustrative: bool = Field(description="True if whether and when it was met could not be confirmed.")


class Inspection(Schema):
    id: int
    title: str
    short_name: str = Field(description="What lists call the report beside a reference.")
    slug: str
    inspectorate: InspectorateRef
    kind: InspectionKind
    programme: str
    published_on: date
    source_url: str
    summary: str
    agencies: list[AgencyRef] = Field(description="The agencies the report covers.")
    deadlines: list[Deadline] = Field(
        description="Responses and plans the report calls for, such as the Mayor's comments within 56 days."
    )


class Grade(Schema):
    label: str
    rank: int = Field(description="1 is the best grade on the inspectorate's scale.")
    is_graded: bool


class Judgement(Schema):
    id: int
    inspection: InspectionRef
    agency: AgencyRef
    area: AreaRef
    grade: Grade


class ActionBrief(Schema):
    id: int
    agency: AgencyRef
    status: Status
    confidence: Confidence | None
    percent_complete: int


class Recommendation(Schema):
    id: int
    inspection: InspectionRef
    reference: str
    kind: RecommendationKind
    wording: str
    is_illustrative: bool = Field(
        description="Illustrative: not the published wording (the report's own recommendations are not known)."
    )
    themes: list[ThemeRef]
    area: AreaRef | None
    target_date: date | None
    response: Response
    actions: list[ActionBrief] = Field(description="Each addressed agency's action, by agency name.")
    web_url: str


class RecommendationRef(Schema):
    id: int
    reference: str
    inspection: InspectionRef


class Action(Schema):
    id: int
    recommendation: RecommendationRef
    agency: AgencyRef
    owner: str | None = Field(description="The owner's name; null when nobody is named.")
    description: str
    status: Status
    confidence: Confidence | None
    percent_complete: int = Field(ge=0, le=100)
    voice: Voice | None = Field(
        description="Whether the views of children, young people, parents or carers shaped it (null: not recorded)."
    )
    due_date: date
    is_overdue: bool
    next_milestone_due: date | None = Field(
        description="The earliest due date of a milestone in the agency's plan not yet done (null: none)."
    )
    has_milestone_overdue: bool
    impact_measure: str = Field(
        description="What would show the action made a difference (empty: not yet said)."
    )
    impact_evidenced: bool = Field(
        description="Assured as delivered, and the assurance team has evidenced that it made a difference."
    )
    updated_at: datetime
    web_url: str


class Evidence(Schema):
    id: int
    original_name: str
    content_type: str
    size: int = Field(description="In bytes.")
    sha256: str
    uploaded_at: datetime
    download_url: str = Field(description="The file's page on the website (signed in), not the API.")


class Update(Schema):
    id: int
    action_id: int
    recommendation_id: int
    agency: AgencyRef
    author: str = Field(description="The author's name.")
    kind: UpdateKind
    narrative: str
    confidence: Confidence | None
    percent_complete: int | None
    status_from: Status | None
    status_to: Status | None
    due_date_from: date | None
    due_date_to: date | None
    impact_value: float | None = Field(
        description="The latest value of the action's impact measure, if recorded."
    )
    created_at: datetime
    evidence: list[Evidence] | None = Field(
        description="The files attached, as metadata; null when the token's owner may not "
        "download this agency's evidence."
    )


class Membership(Schema):
    agency: AgencyRef
    role: Role


class TokenInfo(Schema):
    name: str
    prefix: str
    expires_at: datetime | None


class Me(Schema):
    username: str
    name: str
    is_oversight: bool
    is_staff: bool
    can_read: bool = Field(description="False: the account may read nothing through the API.")
    memberships: list[Membership]
    token: TokenInfo


# -- Pages ---------------------------------------------------------------------------


class PageBase(Schema):
    count: int = Field(description="Rows matching the filters, on every page.")
    limit: int
    offset: int


class InspectionPage(PageBase):
    results: list[Inspection]


class JudgementPage(PageBase):
    results: list[Judgement]


class RecommendationPage(PageBase):
    results: list[Recommendation]


class ActionPage(PageBase):
    results: list[Action]


class UpdatePage(PageBase):
    results: list[Update]


class AgencyPage(PageBase):
    results: list[Agency]


class ThemePage(PageBase):
    results: list[Theme]


# -- Public summary ------------------------------------------------------------------


class Shares(Schema):
    actions: int = Field(description="Partner actions counted.")
    assured_pct: int
    under_way_pct: int = Field(description="In progress or submitted for assurance.")
    not_started_pct: int


class ReportProgress(Shares):
    title: str
    published_on: date
    recommendations: int


class PartnerProgress(Shares):
    name: str
    short_name: str


class PublicSummary(Schema):
    generated_at: datetime
    recommendations: int = Field(description="Recommendations with at least one partner action.")
    totals: Shares
    by_report: list[ReportProgress]
    by_partner: list[PartnerProgress]
