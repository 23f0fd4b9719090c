"""``manage.py load_demo``: load the demo partners, people, reports and timelines.

The content lives in ``recommendations.demo_data``; this module turns it into rows.
Running it again changes nothing: every row is found by its natural key first, a
field is saved only when it differs from the demo data, passwords are set only
when an account is created, and an action's timeline is written only while the
action has none. Timelines are planned from fixed dates and seeded random numbers,
so every machine gets the same demo.

The demo accounts all share one published password, so the command refuses to run
with DEBUG off unless ``--force`` is given.

``--reset`` empties the database with the project's ``flush`` command (the one
sanctioned wipe, which lifts the append-only triggers on SQLite for its own
transaction) and then loads the demo afresh: the way to bring an existing demo
database up to new demo content, since a plain run never rewrites a timeline or
removes a report the demo no longer has.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.models import Agency, Membership
from recommendations import batch, reporting, services
from recommendations import demo_data as demo
from recommendations.models import (
    Action,
    Clock,
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

LONDON = ZoneInfo("Europe/London")
CLOSED_DAYS = {(12, 25), (12, 26), (1, 1)}  # nobody logs progress on these
TODAY = demo.TODAY

COUNTED_MODELS = (
    Agency,
    Membership,
    get_user_model(),
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


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass
class Event:
    """One planned timeline entry, before it becomes an ``Update`` row."""

    kind: str
    author: str  # "owner", "lead" or "oversight"
    day: date
    narrative: str = ""
    confidence: str = ""
    percent: int | None = None
    status_from: str = ""
    status_to: str = ""
    due_date_from: date | None = None
    due_date_to: date | None = None
    evidence: list[tuple[str, str, str]] = field(default_factory=list)
    # For the extras (``demo_data.ACTION_EXTRAS``): what a plan, value, voice or impact
    # entry records.
    extra: dict = field(default_factory=dict)


PLAN, VALUE, VOICE, IMPACT = "plan", "value", "voice", "impact"


def extra_events(extras: dict, events: list[Event]) -> list[Event]:
    """The timeline with an action's extras (``demo_data.ACTION_EXTRAS``) put in on their
    days: the plan when it was written and again each day a milestone was done, values,
    the voice of children and families, and "impact evidenced" after assurance."""
    added = []
    if planned := extras.get(demo.PLANNED):
        milestones = extras.get("milestones", [])
        days = sorted({planned} | {done for _, _, done in milestones if done and done > planned})
        added += [
            Event(PLAN, "lead", day, extra={"milestones": milestones, "measure": extras.get("measure")})
            for day in days
        ]
    for day, value, narrative in extras.get(demo.VALUES, []):
        added.append(Event(VALUE, "owner", day, narrative, extra={"value": value}))
    if voice := extras.get(demo.VOICE):
        day, kind, note = voice
        added.append(Event(VOICE, "owner", day, note, extra={"voice": kind}))
    if impact := extras.get(demo.IMPACT_AFTER):
        after, note = impact
        assured_on = next(e.day for e in events if e.status_to == Status.ASSURED)
        # Some days later, but still before the demo's "today".
        day = min(assured_on + timedelta(days=after), TODAY - timedelta(days=2))
        assert day > assured_on, "impact is evidenced after the action is assured"
        added.append(Event(IMPACT, "oversight", day, note))
    merged = list(events)
    for event in sorted(added, key=lambda e: e.day):
        # Before the first planned entry that comes later, keeping the plan's own order.
        at = next((i for i, e in enumerate(merged) if e.day > event.day), len(merged))
        merged.insert(at, event)
    return merged


@dataclass
class Plan:
    """An action's demo state: the timeline and the row fields that follow from it."""

    created: date
    owner_role: str
    events: list[Event]


def status_event(day: date, author: str, from_: str, to: str, narrative: str) -> Event:
    """Oversight assuring or returning: a bare status change, as ``services.action_assure`` and
    ``services.action_return`` write it."""
    return Event(
        kind=Update.Kind.STATUS, author=author, day=day, narrative=narrative, status_from=from_, status_to=to
    )


def progress_move(day: date, author: str, from_: str, to: str, narrative: str, percent: int) -> Event:
    """Starting or submitting: a progress update that moves the status, as the update form writes it."""
    return Event(
        kind=Update.Kind.PROGRESS,
        author=author,
        day=day,
        narrative=narrative,
        confidence="green",
        percent=percent,
        status_from=from_,
        status_to=to,
    )


def plan_action(rec: dict, scenario: str, published: date, due: date, rng: random.Random, n: int) -> Plan:
    """Plan one action's timeline for a scenario (see ``demo_data``) with dates before ``TODAY``.

    ``n`` varies the stock notes between actions. Dates may repeat or fall on
    weekends here; ``working_time`` turns them into ordered working-hours times.
    """
    state, _, conf = scenario.partition(":")
    created = published + timedelta(days=rng.randint(7, 21))
    owner_role = "lead" if rng.random() < 0.3 else "contributor"
    # Some actions were created without an owner and the lead named one a day or two
    # later; the narrative, which names the owner, is filled in when the rows are written.
    assigned = []
    if rng.random() < 0.25:
        assigned = [Event(Update.Kind.OWNER, "lead", created + timedelta(days=rng.randint(1, 3)))]
    if state == "not_started":
        return Plan(created, owner_role, assigned)

    start = created + timedelta(days=rng.randint(5, 25))
    steps = rec["steps"]
    risk = rec["risk"]
    days = timedelta(days=1)

    if state in ("in_progress", "extended"):
        last = TODAY - rng.randint(3, 35) * days
        span = (last - start).days
        assert span > 30, f"{rec['reference']}: not enough time for an in-progress timeline"
        count = 1 if span < 90 else 2 if span < 240 else 3
        final_percent = {"green": (55, 80), "amber": (35, 55), "red": (15, 35)}[conf]
        final_percent = rng.randint(*final_percent) // 5 * 5
        days_at = [start + timedelta(days=span * (k + 1) // count) for k in range(count)]
        events = [progress_move(start, "owner", Status.NOT_STARTED, Status.IN_PROGRESS, steps[0], 5)]
        extension_day = None
        if state == "extended":
            target = rec["target_date"]
            assert due > target, f"{rec['reference']}: an extension must move the due date later"
            extension_day = start + timedelta(days=span // 2)
            if start + 14 * days < target - 7 * days < extension_day:
                extension_day = target - 7 * days
        for k, day in enumerate(days_at):
            final = k == count - 1
            if extension_day and day > extension_day and not any(e.kind == "due_date" for e in events):
                events.append(
                    Event(
                        kind=Update.Kind.DUE_DATE,
                        author="lead",
                        day=extension_day,
                        narrative=(
                            f"{risk} We ask to move the due date from {long_date(rec['target_date'])} "
                            f"to {long_date(due)}."
                        ),
                        due_date_from=rec["target_date"],
                        due_date_to=due,
                    )
                )
            if final:
                confidence, percent = conf, final_percent
                narrative = steps[1]
                if conf == "amber":
                    narrative += f" At risk: {risk}"
                elif conf == "red":
                    narrative += f" Off track: {risk} A recovery plan is going to the senior leadership team."
                if due < day:
                    narrative += (
                        " The due date has passed; a revised date will be proposed to the assurance team."
                    )
            else:
                before_extension = extension_day is not None and day <= extension_day
                confidence = "amber" if before_extension or (conf == "red" and k == count - 2) else "green"
                percent = max(5, final_percent * (k + 1) // count // 5 * 5)
                narrative = demo.FOLLOW_UP_NOTES[(n + k) % len(demo.FOLLOW_UP_NOTES)]
            events.append(Event(Update.Kind.PROGRESS, "owner", day, narrative, confidence, percent))
        return Plan(created, owner_role, assigned + events)

    # Closed or waiting: submitted at least once. Work out the submission dates first.
    assure_day = resubmit_day = fix_day = return_day = None
    if state == "assured":
        submit_day = min(due - rng.randint(0, 21) * days, TODAY - rng.randint(40, 90) * days)
        assure_day = submit_day + rng.randint(10, 30) * days
    elif state == "submitted":
        submit_day = TODAY - rng.randint(4, 35) * days
    elif state == "returned_assured":
        submit_day = min(due - rng.randint(0, 14) * days, TODAY - 150 * days)
        return_day = submit_day + rng.randint(7, 18) * days
        fix_day = return_day + rng.randint(10, 30) * days
        resubmit_day = fix_day + rng.randint(1, 5) * days
        assure_day = resubmit_day + rng.randint(10, 25) * days
    elif state == "returned":
        resubmit_day = TODAY - rng.randint(4, 20) * days
        fix_day = resubmit_day - rng.randint(1, 5) * days
        return_day = fix_day - rng.randint(10, 30) * days
        submit_day = return_day - rng.randint(7, 18) * days
    else:
        raise ValueError(f"Unknown demo scenario {scenario!r}.")
    if (submit_day - start).days < 30:
        start = max(published + 4 * days, submit_day - 45 * days)
        created = min(created, start - 3 * days)
        for event in assigned:
            event.day = created + days
    span = (submit_day - start).days
    early = rng.random() < 0.2  # a wobble early on, for the confidence trend
    events = [
        progress_move(start, "owner", Status.NOT_STARTED, Status.IN_PROGRESS, steps[0], 5),
        Event(
            Update.Kind.PROGRESS,
            "owner",
            start + timedelta(days=span * 45 // 100),
            steps[1] + (f" At risk: {risk}" if early else ""),
            "amber" if early else "green",
            rng.randint(8, 12) * 5,
        ),
        Event(
            Update.Kind.PROGRESS,
            "owner",
            start + timedelta(days=span * 85 // 100),
            steps[2],
            "green",
            100,
            evidence=list(rec["evidence"]),
        ),
        progress_move(
            submit_day,
            "lead",
            Status.IN_PROGRESS,
            Status.SUBMITTED,
            demo.SUBMIT_NOTES[n % len(demo.SUBMIT_NOTES)],
            100,
        ),
    ]
    if return_day:
        returned = rec["return"]
        events += [
            status_event(return_day, "oversight", Status.SUBMITTED, Status.IN_PROGRESS, returned["reason"]),
            Event(
                Update.Kind.PROGRESS,
                "owner",
                fix_day,
                returned["fix"],
                "green",
                100,
                evidence=list(returned["evidence"]),
            ),
            progress_move(
                resubmit_day, "lead", Status.IN_PROGRESS, Status.SUBMITTED, demo.RESUBMIT_NOTE, 100
            ),
        ]
    if assure_day:
        note = demo.ASSURE_NOTES[n % len(demo.ASSURE_NOTES)]
        events.append(status_event(assure_day, "oversight", Status.SUBMITTED, Status.ASSURED, note))
    return Plan(created, owner_role, assigned + events)


def working_time(day: date, rng: random.Random, after: datetime | None = None) -> datetime:
    """A time in London working hours on ``day`` (or the next working day), later than ``after``."""
    while day.weekday() >= 5 or (day.month, day.day) in CLOSED_DAYS:
        day += timedelta(days=1)
    moment = datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59)), LONDON)
    if after is not None and moment <= after:
        moment = after + timedelta(minutes=rng.randint(20, 90))
        if moment.hour >= 18:
            return working_time(moment.date() + timedelta(days=1), rng)
    return moment


class Command(BaseCommand):
    help = (
        "Load the demo partners, accounts, reports, recommendations and action timelines. "
        "Safe to run again: existing demo rows are kept. To bring an existing demo database up to "
        "new demo content, run with --reset, which empties the whole database (flush) and loads "
        "the demo afresh. Every demo account has the password "
        f"{demo.DEMO_PASSWORD!r}, so it refuses to run with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never use this on a real deployment.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Empty the whole database first (manage.py flush: every row, not only the demo's, "
                "and evidence files stay on disk) and load the demo afresh. For demo databases only."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: every demo account shares the published "
                f"password {demo.DEMO_PASSWORD!r}, so the demo must never reach a real deployment. "
                "Run with DEBUG=True on a development machine, or pass --force if you are sure."
            )
        if options["reset"]:
            # After the DEBUG check: a reset is as dangerous as the demo password, and more.
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Database emptied (flush).")
        self.new = Counter()
        self.saved_files: list[str] = []
        try:
            # The follow-ups of each entry (retiring cached figures, marking tallies out of
            # date) made once for the whole load.
            with transaction.atomic(), batch.batched():
                self.load()
        except BaseException:
            # The rows are rolled back; remove the files written for them too.
            storage = Evidence._meta.get_field("file").storage
            for name in self.saved_files:
                storage.delete(name)
            raise
        # The trend's month-ends, worked out once here rather than by the first viewer.
        reporting.keep_month_ends()
        self.report()

    # -- helpers -----------------------------------------------------------------

    def upsert(self, model, lookup: dict, values: dict):
        """Find by natural key, create with ``values`` if missing, else save only changed fields."""
        obj, created = model.objects.get_or_create(**lookup, defaults=values)
        if created:
            self.new[model.__name__] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
        return obj

    # -- loading -----------------------------------------------------------------

    def load(self) -> None:
        self.agencies = {
            slug: self.upsert(Agency, {"slug": slug}, {"name": name, "short_name": short, "kind": kind})
            for slug, name, short, kind in demo.AGENCIES
        }
        self.load_users()
        self.load_inspectorates()
        self.themes = {
            slug: self.upsert(Theme, {"slug": slug}, {"name": name, "description": description})
            for name, slug, description in demo.THEMES
        }
        self.extras_used: set[str] = set()
        for index, spec in enumerate(demo.INSPECTIONS):
            self.load_inspection(spec, index)
        if unused := sorted(set(demo.ACTION_EXTRAS) - self.extras_used):
            raise CommandError(f"Demo extras for actions the demo does not have: {', '.join(unused)}")

    def load_users(self) -> None:
        User = get_user_model()
        accounts = [
            (
                demo.ADMIN_USER,
                {"is_staff": True, "is_superuser": True, "is_oversight": False, "is_demo": True},
            ),
            (
                demo.OVERSIGHT_USER,
                {"is_staff": False, "is_superuser": False, "is_oversight": True, "is_demo": True},
            ),
        ]
        roles = []
        for slug, people in demo.AGENCY_PEOPLE.items():
            for role, (first, last) in zip(
                (Membership.Role.LEAD, Membership.Role.CONTRIBUTOR), people, strict=True
            ):
                person = {
                    "username": f"{slug}.{role}",
                    "first_name": first,
                    "last_name": last,
                    "email": f"{first}.{last}@example.org".lower(),
                }
                accounts.append(
                    (
                        person,
                        {"is_staff": False, "is_superuser": False, "is_oversight": False, "is_demo": True},
                    )
                )
                roles.append((person["username"], slug, role))

        usernames = [person["username"] for person, _ in accounts]
        existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        # Hashing is deliberately slow, so hash the shared demo password once, and only
        # when an account is missing; existing accounts keep whatever password they have.
        hashed = make_password(demo.DEMO_PASSWORD) if set(usernames) - existing else None
        self.users = {}
        for person, flags in accounts:
            username = person["username"]
            values = {key: value for key, value in person.items() if key != "username"} | flags
            user, created = User.objects.get_or_create(
                username=username, defaults={**values, "password": hashed}
            )
            if created:
                self.new["User"] += 1
            else:
                changed = [name for name, value in values.items() if getattr(user, name) != value]
                if changed:
                    for name in changed:
                        setattr(user, name, values[name])
                    user.save(update_fields=changed)
            self.users[username] = user

        for username, slug, role in roles:
            self.upsert(
                Membership, {"user": self.users[username], "agency": self.agencies[slug]}, {"role": role}
            )
        self.oversight = self.users[demo.OVERSIGHT_USER["username"]]
        self.admin = self.users[demo.ADMIN_USER["username"]]

    def load_inspectorates(self) -> None:
        self.inspectorates = {}
        self.areas = {}
        self.grades = {}
        for spec in demo.INSPECTORATES:
            inspectorate = self.upsert(
                Inspectorate,
                {"slug": spec["slug"]},
                {"name": spec["name"], "short_name": spec["short_name"], "website": spec["website"]},
            )
            self.inspectorates[spec["slug"]] = inspectorate
            for rank, (label, is_graded) in enumerate(spec["grades"], start=1):
                self.grades[spec["slug"], label] = self.upsert(
                    Grade,
                    {"inspectorate": inspectorate, "label": label},
                    {"rank": rank, "is_graded": is_graded},
                )
            for order, name in enumerate(spec["areas"], start=1):
                self.areas[spec["slug"], name] = self.upsert(
                    GradedArea, {"inspectorate": inspectorate, "name": name}, {"order": order}
                )

    def load_inspection(self, spec: dict, index: int) -> None:
        scale = spec["inspectorate"]
        inspection = self.upsert(
            Inspection,
            {"slug": spec["slug"]},
            {
                "title": spec["title"],
                "short_name": spec["short_name"],
                "inspectorate_id": self.inspectorates[scale].pk,
                "kind": spec["kind"],
                "programme": spec["programme"],
                "authors": spec["authors"],
                "published_on": spec["published_on"],
                # Partners have seen every demo report since the day it was published.
                "released_at": datetime.combine(spec["published_on"], time(), LONDON),
                "source_url": spec["source_url"],
                "summary": spec["summary"],
            },
        )
        # set() writes (and records history) only when the membership differs.
        inspection.agencies.set([self.agencies[slug] for slug in spec["agencies"]])
        if "statutory_response_met_on" in spec:
            clock = Clock.statutory_response(inspection, responsible=self.agencies["gmca"])
            self.upsert(
                Clock,
                {"inspection": inspection, "kind": clock.kind},
                {
                    "title": clock.title,
                    "responsible": clock.responsible,
                    "due_on": clock.due_on,
                    "met_on": spec["statutory_response_met_on"],
                    # The response itself could not be found (FACTS.md, "Could not find" 6).
                    "is_illustrative": True,
                    "created_at": inspection.released_at,
                },
            ).full_clean()

        for slug, area, grade in spec.get("judgements", []):
            judgement = self.upsert(
                Judgement,
                {"inspection": inspection, "agency": self.agencies[slug], "area": self.areas[scale, area]},
                {"grade_id": self.grades[scale, grade].pk},
            )
            judgement.full_clean()

        for rec_index, rec_spec in enumerate(spec["recommendations"]):
            area = self.areas[scale, rec_spec["area"]] if rec_spec.get("area") else None
            recommendation = self.upsert(
                Recommendation,
                {"inspection": inspection, "reference": rec_spec["reference"]},
                {
                    "kind": rec_spec["kind"],
                    "is_illustrative": rec_spec["is_illustrative"],
                    "wording": rec_spec["wording"],
                    "area_id": area.pk if area else None,
                    "target_date": rec_spec["target_date"],
                    "response": rec_spec["response"],
                },
            )
            recommendation.full_clean()
            recommendation.themes.set([self.themes[slug] for slug in rec_spec["themes"]])
            for agency_index, entry in enumerate(rec_spec["actions"]):
                self.load_action(
                    inspection, recommendation, rec_spec, entry, index + rec_index + agency_index
                )

    def load_action(self, inspection, recommendation, rec: dict, entry: tuple, n: int) -> None:
        slug, scenario = entry[0], entry[1]
        due = entry[2] if len(entry) > 2 else rec["target_date"]
        agency = self.agencies[slug]
        key = f"{inspection.slug}/{rec['reference']}/{slug}"
        rng = random.Random(key)  # noqa: S311 (demo data, not security)
        plan = plan_action(rec, scenario, inspection.published_on, due, rng, n)
        if extras := demo.ACTION_EXTRAS.get(key):
            plan.events = extra_events(extras, plan.events)
            self.extras_used.add(key)

        owner = self.users[f"{slug}.{plan.owner_role}"]
        authors = {"owner": owner, "lead": self.users[f"{slug}.lead"], "oversight": self.oversight}
        created_at = working_time(plan.created, rng)
        times, after = [], created_at
        for event in plan.events:
            after = working_time(event.day, rng, after=after)
            times.append(after)
        assert not times or times[-1] < datetime.combine(TODAY, time(), LONDON), key

        description = rec["description"]
        if isinstance(description, dict):
            description = description.get(slug, description.get("default"))
        # The due date the action started with: before any extension the plan makes.
        moves = [event for event in plan.events if event.kind == Update.Kind.DUE_DATE]
        first_due = moves[0].due_date_from if moves else due
        named_later = any(event.kind == Update.Kind.OWNER for event in plan.events)

        action = Action.objects.filter(recommendation=recommendation, agency=agency).first()
        if action is None:
            action = services.action_create(
                recommendation=recommendation,
                agency=agency,
                due_date=first_due,
                by=self.admin,
                owner=None if named_later else owner,
                description=description.format(agency=agency.name),
                at=created_at,
            )
            self.new["Action"] += 1
        elif action.updates.exists():
            return  # the timeline is there already: leave the action as it is

        # The planned timeline, entry by entry, through the same commands people use,
        # backdated to when it happened.
        for event, moment in zip(plan.events, times, strict=True):
            by = authors[event.author]
            common = {"action": action, "by": by, "expected_version": None, "at": moment}
            if event.kind in (PLAN, VALUE, VOICE, IMPACT):
                self.write_extra(event, action, by=by, at=moment)
                self.new["Update"] += 1
                continue
            if event.kind == Update.Kind.OWNER:
                update = services.action_assign_owner(owner=owner, **common)
            elif event.kind == Update.Kind.DUE_DATE:
                # The lead asks; the GMCA assurance team agrees the new date an hour later.
                services.action_request_extension(
                    due_date=event.due_date_to, reason=event.narrative, **common
                )
                update = services.action_decide_extension(
                    action=action,
                    by=self.oversight,
                    approve=True,
                    note="New date agreed.",
                    expected_version=None,
                    at=moment + timedelta(hours=1),
                )
            elif event.kind == Update.Kind.PROGRESS:
                update = services.progress_log(
                    narrative=event.narrative,
                    confidence=event.confidence,
                    percent_complete=event.percent,
                    status_to=event.status_to,
                    files=self.evidence_files(event, agency=agency, rec=rec, moment=moment, rng=rng),
                    **common,
                )
                self.saved_files += [evidence.file.name for evidence in update.evidence.all()]
                self.new["Evidence"] += len(event.evidence)
            elif event.status_to == Status.ASSURED:
                update = services.action_assure(note=event.narrative, **common)
            else:
                update = services.action_return(reason=event.narrative, **common)
            assert (update.status_from, update.status_to) == (event.status_from, event.status_to), key
            self.new["Update"] += 1

    def write_extra(self, event: Event, action: Action, *, by, at: datetime) -> None:
        common = {"action": action, "by": by, "expected_version": None, "at": at}
        if event.kind == PLAN:
            existing = {m.title: m.pk for m in action.milestones.filter(is_removed=False)}
            measure, baseline, target, unit = event.extra["measure"] or ("", None, None, "")
            milestones = [
                services.MilestoneSpec(
                    title, due, done if done and done <= event.day else None, pk=existing.get(title)
                )
                for title, due, done in event.extra["milestones"]
            ]
            plan = services.Plan(
                description=action.description,
                milestones=milestones,
                impact_measure=measure,
                impact_baseline=baseline,
                impact_target=target,
                impact_unit=unit,
            )
            services.action_plan(plan=plan, **common)
        elif event.kind == VALUE:
            services.action_record_impact_value(
                value=event.extra["value"], narrative=event.narrative, **common
            )
        elif event.kind == VOICE:
            services.action_record_voice(voice=event.extra["voice"], note=event.narrative, **common)
        else:
            services.action_evidence_impact(note=event.narrative, **common)

    def evidence_files(self, event: Event, *, agency, rec: dict, moment: datetime, rng) -> list:
        files = []
        for original_name, content_type, body in event.evidence:
            numbers = {f"n{i}": rng.randint(1, 9) for i in range(10)}
            content = body.format(
                agency=agency.name, ref=rec["reference"], date=long_date(moment.date()), **numbers
            ).encode()
            files.append(SimpleUploadedFile(original_name, content, content_type))
        return files

    def report(self) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        for model in COUNTED_MODELS:
            name = model.__name__
            total = model.objects.count()
            self.stdout.write(
                f"  {model._meta.verbose_name_plural.capitalize()}: {total} ({self.new[name]} new)"
            )
        by_status = Counter(Action.objects.values_list("status", flat=True))
        summary = ", ".join(f"{Status(s).label.lower()} {by_status[s]}" for s in Status.values)
        overdue = Action.objects.overdue(today=TODAY).count()
        self.stdout.write(f"  Actions by status: {summary}; overdue at {long_date(TODAY)}: {overdue}")
        self.stdout.write(f"  Every demo account's password is {demo.DEMO_PASSWORD!r}.")
