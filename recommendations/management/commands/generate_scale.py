"""Synthetic national-scale data for benchmarks: realistic shapes, reproducible from a seed.

Bulk inserts in batches keep it fast (a million updates in a few minutes on
PostgreSQL). It refuses to run on a database holding the demo accounts, so the two
are never mixed; benchmarks use a database of their own.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Agency, Membership, User
from recommendations import cache, intervals, past, reporting, tallies
from recommendations.models import (
    Action,
    Confidence,
    Grade,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    Status,
    Theme,
    Update,
    UpdateKind,
)

BATCH = 5000
KINDS = [
    Agency.Kind.LOCAL_AUTHORITY,
    Agency.Kind.LOCAL_AUTHORITY,
    Agency.Kind.LOCAL_AUTHORITY,
    Agency.Kind.POLICE,
    Agency.Kind.HEALTH,
]
THEMES = [
    "Online child sexual exploitation",
    "Workforce wellbeing",
    "Voice of children and families",
    "Education partnership",
    "Consistent tools and processes",
    "Data sharing",
    "Training and specialist capacity",
    "Recording and demographic data",
    "Victims and survivors",
]
AREAS = ["Leadership", "Working with partners", "Initial response", "Assessing risk", "Investigating"]
SCALE = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
NARRATIVES = [
    "Project board met; milestones reviewed against the plan.",
    "Training delivered to a further cohort of staff.",
    "Policy revised and approved by the safeguarding partnership.",
    "Audit completed; findings shared with team managers.",
    "System change tested and scheduled for release.",
    "Guidance published on the intranet and briefed to teams.",
]
PASSWORD = "scale-password"  # noqa: S105 (synthetic benchmark accounts only)


class Command(BaseCommand):
    help = "Generate synthetic data at a chosen scale (for benchmarks; never alongside the demo data)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--agencies", type=int, default=250)
        parser.add_argument("--recommendations", type=int, default=50_000)
        parser.add_argument("--actions-per-recommendation", type=float, default=3.0)
        parser.add_argument("--updates-per-action", type=float, default=6.67)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="The date the data ends at."
        )

    def handle(self, *args, **options) -> None:
        if User.objects.filter(is_demo=True).exists():
            raise CommandError(
                "This database holds the demo data. Generate scale data into a database of its own."
            )
        if Agency.objects.exists():
            raise CommandError(
                "This database already has agencies. Generate scale data into an empty database."
            )
        started = time.monotonic()
        self.rng = random.Random(options["seed"])  # noqa: S311 (reproducible synthetic data, not secrets)
        self.today = options["today"] or timezone.localdate()
        with transaction.atomic():
            agencies = self.make_agencies(options["agencies"])
            users = self.make_users(agencies)
            inspections, grades, areas, themes = self.make_reference_data(agencies)
            recommendations = self.make_recommendations(
                options["recommendations"], inspections, areas, themes
            )
        actions = self.make_actions(recommendations, agencies, users, options["actions_per_recommendation"])
        updates = self.make_updates(actions, users, options["updates_per_action"])
        # Written in bulk behind the write path: derive the state intervals from the timeline.
        states = intervals.rebuild()
        # ... and today's tallies, so that the first dashboard reads them rather than counting.
        tallies.track(a.pk for a in agencies)
        tallies.refresh()
        reporting.keep_month_ends()
        # ... and the whole partnership's figures at the end of every past day, so that no
        # past day is worked out from scratch (the demo, a few hundred actions, works them out as viewed).
        past.keep_days()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        cache.bump(cache.HISTORY)
        self.stdout.write(
            f"Generated {len(agencies)} agencies, {2 * len(users) + 2} people, {len(recommendations)} recommendations, "
            f"{len(actions)} actions, {updates} updates and {states} state intervals in "
            f"{time.monotonic() - started:.0f} s."
        )

    def make_agencies(self, n: int) -> list[Agency]:
        agencies = [
            Agency(
                name=f"Scale Partner {i:04d}",
                short_name=f"SP{i:04d}",
                slug=f"scale-{i:04d}",
                kind=KINDS[i % len(KINDS)],
            )
            for i in range(n)
        ]
        return Agency.objects.bulk_create(agencies, batch_size=BATCH)

    def make_users(self, agencies: list[Agency]) -> dict[int, list[User]]:
        hashed = make_password(PASSWORD)
        people = []
        for agency in agencies:
            for role in ("lead", "contributor"):
                people.append(
                    User(
                        username=f"{agency.slug}.{role}",
                        first_name=role.title(),
                        last_name=agency.short_name,
                        email=f"{agency.slug}.{role}@example.org",
                        password=hashed,
                    )
                )
        people.append(
            User(username="scale.oversight", is_oversight=True, password=hashed, email="o@example.org")
        )
        people.append(
            User(
                username="scale.admin",
                is_staff=True,
                is_superuser=True,
                password=hashed,
                email="a@example.org",
            )
        )
        created = User.objects.bulk_create(people, batch_size=BATCH)
        by_agency: dict[int, list[User]] = {}
        memberships = []
        for agency, (lead, contributor) in zip(
            agencies, zip(created[0::2], created[1::2], strict=False), strict=False
        ):
            by_agency[agency.pk] = [lead, contributor]
            memberships.append(Membership(user=lead, agency=agency, role=Membership.Role.LEAD))
            memberships.append(Membership(user=contributor, agency=agency, role=Membership.Role.CONTRIBUTOR))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        return by_agency

    def make_reference_data(self, agencies):
        inspectorate = Inspectorate.objects.create(
            name="Scale Inspectorate", short_name="SI", slug="scale-si"
        )
        grades = Grade.objects.bulk_create(
            [Grade(inspectorate=inspectorate, label=label, rank=i + 1) for i, label in enumerate(SCALE)]
        )
        areas = GradedArea.objects.bulk_create(
            [GradedArea(inspectorate=inspectorate, name=name, order=i) for i, name in enumerate(AREAS)]
        )
        themes = Theme.objects.bulk_create(
            [Theme(name=name, slug=f"scale-theme-{i}") for i, name in enumerate(THEMES)]
        )
        inspections = []
        start = self.today - timedelta(days=3 * 365)
        for i in range(max(20, len(agencies) // 5)):
            published = start + timedelta(days=self.rng.randrange(0, 2 * 365))
            inspections.append(
                Inspection(
                    title=f"Scale inspection {i:04d}",
                    short_name=f"Scale {i:04d}",
                    slug=f"scale-inspection-{i:04d}",
                    inspectorate=inspectorate,
                    published_on=published,
                    released_at=timezone.make_aware(datetime.combine(published, clock.min)),
                    source_url=f"https://www.example.org/reports/{i}",
                )
            )
        inspections = Inspection.objects.bulk_create(inspections, batch_size=BATCH)
        judgements = []
        for inspection in inspections:
            for agency in self.rng.sample(agencies, k=min(3, len(agencies))):
                for area in areas:
                    judgements.append(
                        Judgement(
                            inspection=inspection,
                            agency=agency,
                            area=area,
                            grade=self.rng.choice(grades[1:4]),
                        )
                    )
        Judgement.objects.bulk_create(judgements, batch_size=BATCH)
        return inspections, grades, areas, themes

    def make_recommendations(self, n, inspections, areas, themes) -> list[Recommendation]:
        recommendations = []
        for i in range(n):
            inspection = inspections[i % len(inspections)]
            recommendations.append(
                Recommendation(
                    inspection=inspection,
                    reference=f"R{i // len(inspections) + 1}",
                    kind=self.rng.choice(list(Recommendation.Kind.values)),
                    wording=f"Partners should improve practice area {i % 97} so that outcomes are consistent "
                    f"across organisations ({self.rng.choice(THEMES).lower()}).",
                    area=self.rng.choice(areas) if self.rng.random() < 0.3 else None,
                    target_date=inspection.published_on + timedelta(days=self.rng.randrange(90, 720)),
                    response=Recommendation.Response.ACCEPTED,
                )
            )
        recommendations = Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
        through = Recommendation.themes.through
        links = [
            through(recommendation_id=rec.pk, theme_id=theme.pk)
            for rec in recommendations
            for theme in self.rng.sample(themes, k=self.rng.randint(1, 2))
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        return recommendations

    def make_actions(self, recommendations, agencies, users, per_rec: float) -> list[Action]:
        actions = []
        for rec in recommendations:
            count = max(1, min(len(agencies), round(self.rng.gauss(per_rec, 1.0))))
            published = rec.inspection.published_on
            created = self._moment(published + timedelta(days=self.rng.randrange(1, 30)))
            for agency in self.rng.sample(agencies, k=count):
                due = published + timedelta(days=self.rng.randrange(120, 900))
                actions.append(
                    Action(
                        recommendation=rec,
                        agency=agency,
                        owner=users[agency.pk][self.rng.randrange(2)],
                        description="Deliver the agreed improvement plan and evidence its effect.",
                        due_date=due,
                        original_due_date=due,
                        created_at=created,
                        updated_at=created,
                    )
                )
        return actions

    def make_updates(self, actions: list[Action], users, per_action: float) -> int:
        """Plan each action's timeline (started, progress, sometimes submitted, assured),
        give the action its final state, then insert actions and updates in bulk."""
        end = self._moment(self.today)
        timelines = []
        for action in actions:
            n = max(1, round(self.rng.expovariate(1 / per_action)))
            span = max((end - action.created_at).total_seconds(), 3600)
            times = sorted(action.created_at + timedelta(seconds=self.rng.uniform(0, span)) for _ in range(n))
            lead, contributor = users[action.agency_id]
            status, percent, confidence = Status.NOT_STARTED, 0, ""
            finishing = self.rng.random()
            rows = []
            for i, moment in enumerate(times):
                percent = min(100, percent + self.rng.randint(5, 30))
                confidence = self.rng.choices(Confidence.values, weights=[6, 3, 1])[0]
                status_from = status_to = ""
                if status == Status.NOT_STARTED:
                    status_from, status_to, status = status, Status.IN_PROGRESS, Status.IN_PROGRESS
                elif i == n - 1 and finishing < 0.55 and status == Status.IN_PROGRESS:
                    percent = 100
                    status_from, status_to, status = status, Status.SUBMITTED, Status.SUBMITTED
                author = contributor if i % 2 else lead
                rows.append(
                    (
                        author.pk,
                        UpdateKind.PROGRESS,
                        self.rng.choice(NARRATIVES),
                        confidence,
                        percent,
                        status_from,
                        status_to,
                        moment,
                    )
                )
            if status == Status.SUBMITTED and finishing < 0.4:
                moment = min(end, times[-1] + timedelta(days=self.rng.randint(3, 40)))
                rows.append(
                    (
                        lead.pk,
                        UpdateKind.STATUS,
                        "Assured by the oversight team.",
                        "",
                        None,
                        Status.SUBMITTED,
                        Status.ASSURED,
                        moment,
                    )
                )
                status = Status.ASSURED
            action.status, action.percent_complete, action.confidence = status, percent, confidence
            action.version = 1 + len(rows)
            action.updated_at = max(row[-1] for row in rows)
            timelines.append(rows)
        for start in range(0, len(actions), BATCH):
            with transaction.atomic():
                Action.objects.bulk_create(actions[start : start + BATCH])
        columns = [
            "action_id",
            "author_id",
            "kind",
            "narrative",
            "confidence",
            "percent_complete",
            "status_from",
            "status_to",
            "due_date_from",
            "due_date_to",
            # Columns without a database default must be named: COPY leaves out none.
            "voice",
            "created_at",
        ]

        def rows():
            for action, timeline in zip(actions, timelines, strict=True):
                for author, kind, narrative, confidence, percent, s_from, s_to, moment in timeline:
                    yield (
                        action.pk,
                        author,
                        kind,
                        narrative,
                        confidence,
                        percent,
                        s_from,
                        s_to,
                        None,
                        None,
                        "",
                        moment,
                    )

        return self._insert_updates(columns, rows())

    def _insert_updates(self, columns: list[str], rows) -> int:
        """COPY on PostgreSQL (a million rows in seconds); bulk inserts elsewhere."""
        total = 0
        if connection.vendor == "postgresql":
            table = Update._meta.db_table
            with (
                transaction.atomic(),
                connection.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
                    total += 1
            return total
        batch = []
        for row in rows:
            batch.append(Update(**dict(zip(columns, row, strict=True))))
            if len(batch) >= BATCH:
                total += len(Update.objects.bulk_create(batch))
                batch = []
        total += len(Update.objects.bulk_create(batch))
        return total

    def _moment(self, day: date) -> datetime:
        hour = self.rng.randint(9, 16)
        return timezone.make_aware(datetime.combine(day, clock(hour, self.rng.randint(0, 59))))
