"""Migrations 0001 to 0028 as one, for a new database: the same schema, built in
seconds instead of the eighteen the 28 steps took (each step made Django rebuild its
picture of the models again; the test suite builds a database in each of its processes).

A database that has applied the 28 keeps them: Django takes this as applied when all it
replaces are, and uses the 28 when only some are. Their data steps are left out (a new
database has no rows to change); what a new database needs of them is here: the
figures' cache table, the first intervals generation and the append-only triggers, last,
after every table they guard exists. Made with makemigrations from the models at 0028;
``makemigrations --check`` and tests/security/test_append_only_db.py hold it to them.

Compared catalogue by catalogue with a database migrated through the 28 (columns, types,
defaults, indexes, constraints, triggers, on SQLite and PostgreSQL), one name differs:
PostgreSQL calls the unique constraint on a report's short name ``..._key`` here and
``..._16a50d2b_uniq`` where 0019 added it to an existing table. Nothing uses the name.
"""

import datetime

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.core.management import call_command
from django.db import migrations, models

import recommendations.models
from recommendations import db_triggers


def create_cache_table(apps, schema_editor) -> None:
    """The figures' cache table (settings.CACHES), as 0004 made it."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def first_generation(apps, schema_editor) -> None:
    """As 0011 did."""
    apps.get_model("recommendations", "IntervalsGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("recommendations", "0001_initial"),
        ("recommendations", "0002_action_updated_at_help"),
        ("recommendations", "0003_as_at_indexes"),
        ("recommendations", "0004_figures_cache_table"),
        ("recommendations", "0005_recent_updates_index"),
        ("recommendations", "0006_append_only_triggers"),
        ("recommendations", "0007_update_owner_archive"),
        ("recommendations", "0008_recommendation_illustrative"),
        ("recommendations", "0009_action_state_intervals"),
        ("recommendations", "0010_tallies"),
        ("recommendations", "0011_trend_points"),
        ("recommendations", "0012_action_created_index"),
        ("recommendations", "0013_action_state_due_index"),
        ("recommendations", "0014_update_kind_ready"),
        ("recommendations", "0015_extension_requests"),
        ("recommendations", "0016_draft_reports"),
        ("recommendations", "0017_original_due_date"),
        ("recommendations", "0018_original_due_date_required"),
        ("recommendations", "0019_inspection_short_name"),
        ("recommendations", "0020_report_term"),
        ("recommendations", "0021_report_deadlines"),
        ("recommendations", "0022_voice"),
        ("recommendations", "0023_plans_and_impact"),
        ("recommendations", "0024_past_figures"),
        ("recommendations", "0025_assurance_on_intervals"),
        ("recommendations", "0026_past_changes"),
        ("recommendations", "0027_derive_intervals_again"),
        ("recommendations", "0028_intervals_carry_recommendation"),
    ]

    dependencies = [
        ("agencies", "0002_organisation_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Evidence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        max_length=200,
                        storage=recommendations.models.evidence_storage,
                        upload_to=recommendations.models.evidence_file_name,
                    ),
                ),
                ("original_name", models.CharField(max_length=255)),
                ("content_type", models.CharField(max_length=100)),
                ("size", models.PositiveBigIntegerField(help_text="In bytes.")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name_plural": "evidence",
                "ordering": ["uploaded_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Grade",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("label", models.CharField(max_length=100)),
                ("rank", models.PositiveSmallIntegerField(help_text="1 is the best grade on the scale.")),
                (
                    "is_graded",
                    models.BooleanField(
                        default=True,
                        help_text="Off for outcomes such as CQC's 'not rated' that are not a grade.",
                    ),
                ),
            ],
            options={
                "ordering": ["inspectorate__name", "rank"],
            },
        ),
        migrations.CreateModel(
            name="GradedArea",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("order", models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                "ordering": ["inspectorate__name", "order", "name"],
            },
        ),
        migrations.CreateModel(
            name="Inspectorate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("short_name", models.CharField(max_length=50, unique=True)),
                ("slug", models.SlugField(max_length=60, unique=True)),
                ("website", models.URLField(blank=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="IntervalsGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.PositiveBigIntegerField(default=1)),
            ],
        ),
        migrations.CreateModel(
            name="PastFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(unique=True)),
                ("generation", models.PositiveBigIntegerField()),
                ("figures", models.JSONField()),
            ],
            options={
                "verbose_name_plural": "past figures",
            },
        ),
        migrations.CreateModel(
            name="TallyState",
            fields=[
                (
                    "agency",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="agencies.agency",
                    ),
                ),
                ("version", models.PositiveBigIntegerField(default=1)),
                ("computed_version", models.PositiveBigIntegerField(default=0)),
                ("spans", models.JSONField(blank=True, default=list)),
            ],
        ),
        migrations.CreateModel(
            name="Theme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=60, unique=True)),
                ("description", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Action",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("description", models.TextField(blank=True, help_text="What the agency will do.")),
                ("due_date", models.DateField(help_text="The due date in force.")),
                (
                    "original_due_date",
                    models.DateField(
                        editable=False,
                        help_text="The due date agreed when the action was created.",
                        verbose_name="due date first agreed",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("submitted", "Submitted for assurance"),
                            ("assured", "Assured"),
                        ],
                        default="not_started",
                        max_length=20,
                    ),
                ),
                (
                    "confidence",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("green", "Green: on track"),
                            ("amber", "Amber: at risk"),
                            ("red", "Red: off track"),
                        ],
                        max_length=10,
                        verbose_name="delivery confidence",
                    ),
                ),
                (
                    "percent_complete",
                    models.PositiveSmallIntegerField(
                        default=0, validators=[django.core.validators.MaxValueValidator(100)]
                    ),
                ),
                (
                    "voice",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("children", "Children or young people were asked for their views"),
                            ("families", "Parents or carers were asked for their views"),
                            ("co_produced", "Designed with children, young people or families"),
                            ("represented", "Through advocates or a group that represents them"),
                            ("none", "Their views have not shaped this action"),
                        ],
                        max_length=20,
                        verbose_name="voice of children and families",
                    ),
                ),
                ("voice_note", models.TextField(blank=True, verbose_name="how their views shaped it")),
                (
                    "contributors_may_plan",
                    models.BooleanField(default=False, verbose_name="contributors may change the plan"),
                ),
                (
                    "percent_from_milestones",
                    models.BooleanField(default=False, verbose_name="percent complete from milestones"),
                ),
                (
                    "milestone_due",
                    models.DateField(
                        blank=True, editable=False, null=True, verbose_name="next milestone due"
                    ),
                ),
                (
                    "impact_measure",
                    models.TextField(blank=True, verbose_name="what would show it made a difference"),
                ),
                (
                    "impact_baseline",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="baseline"
                    ),
                ),
                (
                    "impact_target",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="target"
                    ),
                ),
                ("impact_unit", models.CharField(blank=True, max_length=40, verbose_name="unit")),
                ("impact_evidenced", models.BooleanField(default=False, verbose_name="impact evidenced")),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Raised by every change; a form holding an older version is stale.",
                    ),
                ),
                ("is_archived", models.BooleanField(default=False, verbose_name="archived")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "updated_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        help_text="When the latest timeline entry was written. The as-at figures rely on no update being later than this.",
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="actions",
                        to="agencies.agency",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        help_text="The person accountable for the action in the agency.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="owned_actions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["due_date", "pk"],
            },
        ),
        migrations.CreateModel(
            name="EvidenceAccess",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("accessed_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                (
                    "evidence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="accesses",
                        to="recommendations.evidence",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence_accesses",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "evidence download",
                "verbose_name_plural": "evidence downloads",
                "ordering": ["-accessed_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalInspection",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "short_name",
                    models.CharField(
                        db_index=True,
                        help_text='What lists call the report beside a reference, for example "CSE review Part Four" (a list then reads “CSE review Part Four R3”).',
                        max_length=60,
                    ),
                ),
                ("slug", models.SlugField(max_length=80)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("inspection_report", "Inspection report"),
                            ("review_report", "Review report"),
                            ("letter", "Letter"),
                            ("overview", "Overview report"),
                        ],
                        default="inspection_report",
                        max_length=30,
                    ),
                ),
                (
                    "programme",
                    models.CharField(
                        blank=True, help_text='For example "CSE Assurance Review Part Four".', max_length=200
                    ),
                ),
                (
                    "authors",
                    models.CharField(
                        blank=True,
                        help_text="Who wrote or signed it, as published, where known.",
                        max_length=300,
                    ),
                ),
                ("published_on", models.DateField(verbose_name="publication date")),
                (
                    "source_url",
                    models.URLField(
                        help_text="Where the published report can be read.",
                        max_length=500,
                        verbose_name="source",
                    ),
                ),
                ("summary", models.TextField(blank=True)),
                (
                    "released_at",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text="Empty while the report is a draft that only administrators see.",
                        null=True,
                        verbose_name="published to partners",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "inspectorate",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.inspectorate",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical report",
                "verbose_name_plural": "historical reports",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalInspectorate",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(db_index=True, max_length=200)),
                ("short_name", models.CharField(db_index=True, max_length=50)),
                ("slug", models.SlugField(max_length=60)),
                ("website", models.URLField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical inspectorate",
                "verbose_name_plural": "historical inspectorates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTheme",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(db_index=True, max_length=100)),
                ("slug", models.SlugField(max_length=60)),
                ("description", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical theme",
                "verbose_name_plural": "historical themes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Inspection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "short_name",
                    models.CharField(
                        help_text='What lists call the report beside a reference, for example "CSE review Part Four" (a list then reads “CSE review Part Four R3”).',
                        max_length=60,
                        unique=True,
                    ),
                ),
                ("slug", models.SlugField(max_length=80, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("inspection_report", "Inspection report"),
                            ("review_report", "Review report"),
                            ("letter", "Letter"),
                            ("overview", "Overview report"),
                        ],
                        default="inspection_report",
                        max_length=30,
                    ),
                ),
                (
                    "programme",
                    models.CharField(
                        blank=True, help_text='For example "CSE Assurance Review Part Four".', max_length=200
                    ),
                ),
                (
                    "authors",
                    models.CharField(
                        blank=True,
                        help_text="Who wrote or signed it, as published, where known.",
                        max_length=300,
                    ),
                ),
                ("published_on", models.DateField(verbose_name="publication date")),
                (
                    "source_url",
                    models.URLField(
                        help_text="Where the published report can be read.",
                        max_length=500,
                        verbose_name="source",
                    ),
                ),
                ("summary", models.TextField(blank=True)),
                (
                    "released_at",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text="Empty while the report is a draft that only administrators see.",
                        null=True,
                        verbose_name="published to partners",
                    ),
                ),
                (
                    "agencies",
                    models.ManyToManyField(
                        blank=True,
                        related_name="inspections",
                        to="agencies.agency",
                        verbose_name="agencies covered",
                    ),
                ),
                (
                    "inspectorate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inspections",
                        to="recommendations.inspectorate",
                    ),
                ),
            ],
            options={
                "verbose_name": "report",
                "ordering": ["-published_on", "title"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRecommendation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "reference",
                    models.CharField(help_text="Unique within the report, e.g. R1 or AFI 3.", max_length=30),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("recommendation", "Recommendation"),
                            ("area_for_improvement", "Area for improvement"),
                            ("cause_of_concern", "Cause of concern"),
                            ("point_for_strengthening", "Point for strengthening"),
                        ],
                        default="recommendation",
                        max_length=30,
                    ),
                ),
                ("wording", models.TextField()),
                ("target_date", models.DateField(blank=True, null=True)),
                (
                    "response",
                    models.CharField(
                        choices=[
                            ("awaiting", "Awaiting response"),
                            ("accepted", "Accepted"),
                            ("accepted_in_principle", "Accepted in principle"),
                            ("not_accepted", "Not accepted"),
                        ],
                        default="awaiting",
                        max_length=30,
                    ),
                ),
                (
                    "is_illustrative",
                    models.BooleanField(
                        default=False,
                        help_text="Illustrative: not the published wording",
                        verbose_name="illustrative",
                    ),
                ),
                (
                    "is_archived",
                    models.BooleanField(
                        default=False,
                        help_text="Archived recommendations keep their history but leave the lists.",
                        verbose_name="archived",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.gradedarea",
                        verbose_name="graded area",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.inspection",
                        verbose_name="report",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical recommendation",
                "verbose_name_plural": "historical recommendations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalJudgement",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="agencies.agency",
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.gradedarea",
                    ),
                ),
                (
                    "grade",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.grade",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.inspection",
                        verbose_name="report",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical judgement",
                "verbose_name_plural": "historical judgements",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalInspection_agencies",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="agencies.agency",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="recommendations.historicalinspection",
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.inspection",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalInspection_agencies",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalClock",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("statutory_response", "Published response (Police Act 1996, section 55)"),
                            ("action_plan", "Action plan"),
                            ("other", "Other deadline"),
                        ],
                        default="other",
                        max_length=30,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="For example “The Mayor's comments on the report, published”.",
                        max_length=200,
                        verbose_name="what is due",
                    ),
                ),
                ("due_on", models.DateField(verbose_name="due")),
                ("met_on", models.DateField(blank=True, null=True, verbose_name="met on")),
                (
                    "response_url",
                    models.URLField(
                        blank=True,
                        help_text="Where the response or plan can be read.",
                        max_length=500,
                        verbose_name="published response",
                    ),
                ),
                (
                    "is_illustrative",
                    models.BooleanField(
                        default=False,
                        help_text="Illustrative: whether and when it was met could not be confirmed",
                        verbose_name="illustrative",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "responsible",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="agencies.agency",
                        verbose_name="who it falls to",
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.inspection",
                        verbose_name="report",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical deadline",
                "verbose_name_plural": "historical deadlines",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalGradedArea",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(max_length=200)),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "inspectorate",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.inspectorate",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical graded area",
                "verbose_name_plural": "historical graded areas",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalGrade",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("label", models.CharField(max_length=100)),
                ("rank", models.PositiveSmallIntegerField(help_text="1 is the best grade on the scale.")),
                (
                    "is_graded",
                    models.BooleanField(
                        default=True,
                        help_text="Off for outcomes such as CQC's 'not rated' that are not a grade.",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "inspectorate",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.inspectorate",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical grade",
                "verbose_name_plural": "historical grades",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="gradedarea",
            name="inspectorate",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="areas",
                to="recommendations.inspectorate",
            ),
        ),
        migrations.AddField(
            model_name="grade",
            name="inspectorate",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="grades",
                to="recommendations.inspectorate",
            ),
        ),
        migrations.CreateModel(
            name="Judgement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="judgements",
                        to="agencies.agency",
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="judgements",
                        to="recommendations.gradedarea",
                    ),
                ),
                (
                    "grade",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="judgements",
                        to="recommendations.grade",
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="judgements",
                        to="recommendations.inspection",
                        verbose_name="report",
                    ),
                ),
            ],
            options={
                "ordering": ["inspection", "agency__name", "area__order"],
            },
        ),
        migrations.CreateModel(
            name="Milestone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("due_on", models.DateField(verbose_name="due")),
                ("done_on", models.DateField(blank=True, null=True, verbose_name="done on")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("is_removed", models.BooleanField(default=False, verbose_name="removed from the plan")),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="milestones",
                        to="recommendations.action",
                    ),
                ),
            ],
            options={
                "ordering": ["action", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="PastChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("generation", models.PositiveBigIntegerField()),
                ("day", models.DateField()),
            ],
            options={
                "indexes": [models.Index(fields=["day", "generation"], name="past_change_day")],
            },
        ),
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reference",
                    models.CharField(help_text="Unique within the report, e.g. R1 or AFI 3.", max_length=30),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("recommendation", "Recommendation"),
                            ("area_for_improvement", "Area for improvement"),
                            ("cause_of_concern", "Cause of concern"),
                            ("point_for_strengthening", "Point for strengthening"),
                        ],
                        default="recommendation",
                        max_length=30,
                    ),
                ),
                ("wording", models.TextField()),
                ("target_date", models.DateField(blank=True, null=True)),
                (
                    "response",
                    models.CharField(
                        choices=[
                            ("awaiting", "Awaiting response"),
                            ("accepted", "Accepted"),
                            ("accepted_in_principle", "Accepted in principle"),
                            ("not_accepted", "Not accepted"),
                        ],
                        default="awaiting",
                        max_length=30,
                    ),
                ),
                (
                    "is_illustrative",
                    models.BooleanField(
                        default=False,
                        help_text="Illustrative: not the published wording",
                        verbose_name="illustrative",
                    ),
                ),
                (
                    "is_archived",
                    models.BooleanField(
                        default=False,
                        help_text="Archived recommendations keep their history but leave the lists.",
                        verbose_name="archived",
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendations",
                        to="recommendations.gradedarea",
                        verbose_name="graded area",
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendations",
                        to="recommendations.inspection",
                        verbose_name="report",
                    ),
                ),
                (
                    "themes",
                    models.ManyToManyField(
                        blank=True, related_name="recommendations", to="recommendations.theme"
                    ),
                ),
            ],
            options={
                "ordering": ["inspection", "reference"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalAction",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("description", models.TextField(blank=True, help_text="What the agency will do.")),
                ("due_date", models.DateField(help_text="The due date in force.")),
                (
                    "original_due_date",
                    models.DateField(
                        editable=False,
                        help_text="The due date agreed when the action was created.",
                        verbose_name="due date first agreed",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("submitted", "Submitted for assurance"),
                            ("assured", "Assured"),
                        ],
                        default="not_started",
                        max_length=20,
                    ),
                ),
                (
                    "confidence",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("green", "Green: on track"),
                            ("amber", "Amber: at risk"),
                            ("red", "Red: off track"),
                        ],
                        max_length=10,
                        verbose_name="delivery confidence",
                    ),
                ),
                (
                    "percent_complete",
                    models.PositiveSmallIntegerField(
                        default=0, validators=[django.core.validators.MaxValueValidator(100)]
                    ),
                ),
                (
                    "voice",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("children", "Children or young people were asked for their views"),
                            ("families", "Parents or carers were asked for their views"),
                            ("co_produced", "Designed with children, young people or families"),
                            ("represented", "Through advocates or a group that represents them"),
                            ("none", "Their views have not shaped this action"),
                        ],
                        max_length=20,
                        verbose_name="voice of children and families",
                    ),
                ),
                ("voice_note", models.TextField(blank=True, verbose_name="how their views shaped it")),
                (
                    "contributors_may_plan",
                    models.BooleanField(default=False, verbose_name="contributors may change the plan"),
                ),
                (
                    "percent_from_milestones",
                    models.BooleanField(default=False, verbose_name="percent complete from milestones"),
                ),
                (
                    "milestone_due",
                    models.DateField(
                        blank=True, editable=False, null=True, verbose_name="next milestone due"
                    ),
                ),
                (
                    "impact_measure",
                    models.TextField(blank=True, verbose_name="what would show it made a difference"),
                ),
                (
                    "impact_baseline",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="baseline"
                    ),
                ),
                (
                    "impact_target",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="target"
                    ),
                ),
                ("impact_unit", models.CharField(blank=True, max_length=40, verbose_name="unit")),
                ("impact_evidenced", models.BooleanField(default=False, verbose_name="impact evidenced")),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Raised by every change; a form holding an older version is stale.",
                    ),
                ),
                ("is_archived", models.BooleanField(default=False, verbose_name="archived")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="agencies.agency",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The person accountable for the action in the agency.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical action",
                "verbose_name_plural": "historical actions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ActionState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("agreed_due", models.DateField(verbose_name="due date first agreed")),
                ("valid_from", models.DateTimeField()),
                (
                    "valid_to",
                    models.DateTimeField(default=datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.UTC)),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("submitted", "Submitted for assurance"),
                            ("assured", "Assured"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "confidence",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("green", "Green: on track"),
                            ("amber", "Amber: at risk"),
                            ("red", "Red: off track"),
                        ],
                        max_length=10,
                    ),
                ),
                ("percent_complete", models.PositiveSmallIntegerField()),
                ("due_date", models.DateField()),
                ("archived", models.BooleanField()),
                (
                    "voice",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("children", "Children or young people were asked for their views"),
                            ("families", "Parents or carers were asked for their views"),
                            ("co_produced", "Designed with children, young people or families"),
                            ("represented", "Through advocates or a group that represents them"),
                            ("none", "Their views have not shaped this action"),
                        ],
                        default="",
                        max_length=20,
                    ),
                ),
                ("milestone_due", models.DateField(blank=True, null=True)),
                ("impact_evidenced", models.BooleanField(default=False)),
                ("progress_updates", models.PositiveIntegerField(default=0)),
                ("evidenced_updates", models.PositiveIntegerField(default=0)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("assured_days", models.FloatField(blank=True, null=True)),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="states",
                        to="recommendations.action",
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="agencies.agency"
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="recommendations.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "action state interval",
                "ordering": ["action", "valid_from", "pk"],
            },
        ),
        migrations.AddField(
            model_name="action",
            name="recommendation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actions",
                to="recommendations.recommendation",
            ),
        ),
        migrations.CreateModel(
            name="Tally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("agency", "Agency"),
                            ("inspection", "Report"),
                            ("area", "Graded area"),
                            ("theme", "Theme"),
                            ("due_month", "Month due"),
                        ],
                        max_length=10,
                    ),
                ),
                ("key", models.PositiveIntegerField(default=0)),
                ("total", models.PositiveIntegerField(default=0)),
                ("not_started", models.PositiveIntegerField(default=0)),
                ("in_progress", models.PositiveIntegerField(default=0)),
                ("submitted", models.PositiveIntegerField(default=0)),
                ("assured", models.PositiveIntegerField(default=0)),
                ("green", models.PositiveIntegerField(default=0)),
                ("amber", models.PositiveIntegerField(default=0)),
                ("red", models.PositiveIntegerField(default=0)),
                ("percent_sum", models.PositiveBigIntegerField(default=0)),
                ("progress_updates", models.PositiveIntegerField(default=0)),
                ("evidenced_updates", models.PositiveIntegerField(default=0)),
                ("slipped", models.PositiveIntegerField(default=0)),
                ("slipped_days", models.PositiveBigIntegerField(default=0)),
                ("voice", models.PositiveIntegerField(default=0)),
                ("impact", models.PositiveIntegerField(default=0)),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="agencies.agency"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="HistoricalRecommendation_themes",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="recommendations.historicalrecommendation",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.recommendation",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalRecommendation_themes",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TrendPoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("scope", models.PositiveIntegerField()),
                ("generation", models.PositiveBigIntegerField()),
                ("total", models.PositiveIntegerField()),
                ("assured", models.PositiveIntegerField()),
                ("green", models.PositiveIntegerField()),
                ("amber", models.PositiveIntegerField()),
                ("red", models.PositiveIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("day", "scope"), name="trend_point_one_per_day")
                ],
            },
        ),
        migrations.CreateModel(
            name="Update",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("progress", "Progress update"),
                            ("status", "Status change"),
                            ("owner", "Owner changed"),
                            ("due_date", "Due date changed"),
                            ("archive", "Archived or restored"),
                            ("ready", "Ready for the lead"),
                            ("extension_request", "New due date asked for"),
                            ("extension_refused", "New due date refused"),
                            ("publish", "Published to partners"),
                            ("voice", "Voice of children and families recorded"),
                            ("plan", "Plan changed"),
                            ("impact", "Impact evidenced"),
                        ],
                        default="progress",
                        max_length=20,
                    ),
                ),
                ("narrative", models.TextField(blank=True)),
                (
                    "confidence",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("green", "Green: on track"),
                            ("amber", "Amber: at risk"),
                            ("red", "Red: off track"),
                        ],
                        max_length=10,
                        verbose_name="delivery confidence",
                    ),
                ),
                (
                    "percent_complete",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, validators=[django.core.validators.MaxValueValidator(100)]
                    ),
                ),
                (
                    "status_from",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("submitted", "Submitted for assurance"),
                            ("assured", "Assured"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "status_to",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("submitted", "Submitted for assurance"),
                            ("assured", "Assured"),
                        ],
                        max_length=20,
                    ),
                ),
                ("due_date_from", models.DateField(blank=True, null=True)),
                ("due_date_to", models.DateField(blank=True, null=True)),
                ("requested_due_date", models.DateField(blank=True, null=True)),
                ("archived", models.BooleanField(blank=True, null=True)),
                (
                    "voice",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("children", "Children or young people were asked for their views"),
                            ("families", "Parents or carers were asked for their views"),
                            ("co_produced", "Designed with children, young people or families"),
                            ("represented", "Through advocates or a group that represents them"),
                            ("none", "Their views have not shaped this action"),
                        ],
                        max_length=20,
                    ),
                ),
                ("plan", models.JSONField(blank=True, null=True)),
                (
                    "impact_value",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="latest value"
                    ),
                ),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("form_token", models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="updates",
                        to="recommendations.action",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="updates",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "owner_from",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="previous owner",
                    ),
                ),
                (
                    "owner_to",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="new owner",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="evidence",
            name="update",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="evidence",
                to="recommendations.update",
            ),
        ),
        migrations.CreateModel(
            name="Clock",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("statutory_response", "Published response (Police Act 1996, section 55)"),
                            ("action_plan", "Action plan"),
                            ("other", "Other deadline"),
                        ],
                        default="other",
                        max_length=30,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="For example “The Mayor's comments on the report, published”.",
                        max_length=200,
                        verbose_name="what is due",
                    ),
                ),
                ("due_on", models.DateField(verbose_name="due")),
                ("met_on", models.DateField(blank=True, null=True, verbose_name="met on")),
                (
                    "response_url",
                    models.URLField(
                        blank=True,
                        help_text="Where the response or plan can be read.",
                        max_length=500,
                        verbose_name="published response",
                    ),
                ),
                (
                    "is_illustrative",
                    models.BooleanField(
                        default=False,
                        help_text="Illustrative: whether and when it was met could not be confirmed",
                        verbose_name="illustrative",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "responsible",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="clocks",
                        to="agencies.agency",
                        verbose_name="who it falls to",
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="clocks",
                        to="recommendations.inspection",
                        verbose_name="report",
                    ),
                ),
            ],
            options={
                "verbose_name": "deadline",
                "ordering": ["due_on", "pk"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("met_on__isnull", True)), fields=["due_on"], name="clock_open_due"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["statutory_response", "action_plan", "other"])),
                        name="clock_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("title", ""), _negated=True), name="clock_title_not_empty"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("response_url", ""), ("met_on__isnull", False), _connector="OR"),
                        name="clock_published_response_is_met",
                    ),
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="inspection",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["inspection_report", "review_report", "letter", "overview"])
                ),
                name="inspection_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="inspection",
            constraint=models.CheckConstraint(
                condition=models.Q(("short_name", ""), _negated=True), name="inspection_short_name_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="gradedarea",
            constraint=models.UniqueConstraint(
                fields=("inspectorate", "name"), name="graded_area_unique_per_inspectorate"
            ),
        ),
        migrations.AddConstraint(
            model_name="grade",
            constraint=models.UniqueConstraint(
                fields=("inspectorate", "label"), name="grade_label_unique_per_scale"
            ),
        ),
        migrations.AddConstraint(
            model_name="grade",
            constraint=models.UniqueConstraint(
                fields=("inspectorate", "rank"), name="grade_rank_unique_per_scale"
            ),
        ),
        migrations.AddConstraint(
            model_name="grade",
            constraint=models.CheckConstraint(
                condition=models.Q(("rank__gte", 1)), name="grade_rank_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="judgement",
            constraint=models.UniqueConstraint(
                fields=("inspection", "agency", "area"), name="judgement_one_per_area"
            ),
        ),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.CheckConstraint(
                condition=models.Q(("title", ""), _negated=True), name="milestone_title_not_empty"
            ),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(fields=["valid_to", "valid_from"], name="action_state_range"),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(fields=["action", "valid_from"], name="action_state_action"),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(fields=["due_date"], name="action_state_due"),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(fields=["valid_from"], name="action_state_from"),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(
                condition=models.Q(("milestone_due__isnull", False)),
                fields=["milestone_due"],
                name="action_state_milestone",
            ),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(
                condition=models.Q(("assured_days__isnull", False)),
                fields=["valid_from"],
                name="action_state_assured",
            ),
        ),
        migrations.AddIndex(
            model_name="actionstate",
            index=models.Index(
                condition=models.Q(("archived", True)),
                fields=["valid_to", "valid_from"],
                name="action_state_archived",
            ),
        ),
        migrations.AddConstraint(
            model_name="actionstate",
            constraint=models.CheckConstraint(
                condition=models.Q(("valid_from__lte", models.F("valid_to"))), name="action_state_ordered"
            ),
        ),
        migrations.AddConstraint(
            model_name="actionstate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("valid_to", datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.UTC))),
                fields=("action",),
                name="action_state_one_open",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["agency", "status", "due_date"], name="action_agency_status_due"),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["status", "due_date"], name="action_status_due"),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(("is_archived", False), ("status__in", ["not_started", "in_progress"])),
                fields=["due_date", "id"],
                name="action_open_due",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["created_at"], name="action_created"),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(
                    ("is_archived", False),
                    ("milestone_due__isnull", False),
                    ("status__in", ["not_started", "in_progress"]),
                ),
                fields=["milestone_due"],
                name="action_open_milestone_due",
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.UniqueConstraint(
                fields=("recommendation", "agency"), name="action_one_per_agency"
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("percent_complete__lte", 100)), name="action_percent_0_100"
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("version__gte", 1)), name="action_version_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["not_started", "in_progress", "submitted", "assured"])),
                name="action_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("confidence__in", ["", "green", "amber", "red"])),
                name="action_confidence_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("voice__in", ["", "children", "families", "co_produced", "represented", "none"])
                ),
                name="action_voice_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("impact_evidenced", False), ("status", "assured"), _connector="OR"),
                name="action_impact_only_when_assured",
            ),
        ),
        migrations.AddIndex(
            model_name="tally",
            index=models.Index(fields=["dimension", "key"], name="tally_dimension_key"),
        ),
        migrations.AddConstraint(
            model_name="tally",
            constraint=models.UniqueConstraint(
                fields=("agency", "dimension", "key"), name="tally_one_per_key"
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.UniqueConstraint(
                fields=("inspection", "reference"), name="recommendation_reference_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("reference", ""), _negated=True),
                name="recommendation_reference_not_empty",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("wording", ""), _negated=True), name="recommendation_wording_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "recommendation",
                            "area_for_improvement",
                            "cause_of_concern",
                            "point_for_strengthening",
                        ],
                    )
                ),
                name="recommendation_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("response__in", ["awaiting", "accepted", "accepted_in_principle", "not_accepted"])
                ),
                name="recommendation_response_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="update",
            index=models.Index(
                condition=models.Q(("kind", "extension_request")),
                fields=["action"],
                name="update_extension_requests",
            ),
        ),
        migrations.AddIndex(
            model_name="update",
            index=models.Index(fields=["action", "-created_at"], name="update_action_timeline"),
        ),
        migrations.AddIndex(
            model_name="update",
            index=models.Index(fields=["-created_at", "-id"], name="update_recent_first"),
        ),
        migrations.AddIndex(
            model_name="update",
            index=models.Index(
                condition=models.Q(("status_to", ""), _negated=True),
                fields=["action", "-created_at"],
                name="update_status_changes",
            ),
        ),
        migrations.AddIndex(
            model_name="update",
            index=models.Index(
                condition=models.Q(("kind", "due_date")),
                fields=["action", "-created_at"],
                name="update_due_date_changes",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("percent_complete__isnull", True), ("percent_complete__lte", 100), _connector="OR"
                ),
                name="update_percent_0_100",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "progress",
                            "status",
                            "owner",
                            "due_date",
                            "archive",
                            "ready",
                            "extension_request",
                            "extension_refused",
                            "publish",
                            "voice",
                            "plan",
                            "impact",
                        ],
                    )
                ),
                name="update_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(("confidence__in", ["", "green", "amber", "red"])),
                name="update_confidence_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind__in", ["status", "progress"]),
                        ("status_from__in", ["not_started", "in_progress", "submitted", "assured"]),
                        ("status_to__in", ["not_started", "in_progress", "submitted", "assured"]),
                        models.Q(("status_from", models.F("status_to")), _negated=True),
                    ),
                    models.Q(
                        models.Q(("kind", "status"), _negated=True), ("status_from", ""), ("status_to", "")
                    ),
                    _connector="OR",
                ),
                name="update_status_change_consistent",
                violation_error_message="A status change must name a different old and new status.",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("archived__isnull", False), ("kind", "archive")),
                    models.Q(("archived", False), ("kind", "publish")),
                    models.Q(
                        models.Q(("kind__in", ["archive", "publish"]), _negated=True),
                        ("archived__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="update_archive_says_which",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "owner"),
                    models.Q(("owner_from__isnull", True), ("owner_to__isnull", True)),
                    _connector="OR",
                ),
                name="update_owner_only_on_owner_change",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind", "voice"),
                        ("voice__in", ["children", "families", "co_produced", "represented", "none"]),
                    ),
                    models.Q(models.Q(("kind", "voice"), _negated=True), ("voice", "")),
                    _connector="OR",
                ),
                name="update_voice_only_on_voice_entry",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "plan"), ("plan__isnull", False)),
                    models.Q(models.Q(("kind", "plan"), _negated=True), ("plan__isnull", True)),
                    _connector="OR",
                ),
                name="update_plan_only_on_plan_entry",
            ),
        ),
        migrations.AddConstraint(
            model_name="update",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "progress"), ("impact_value__isnull", True), _connector="OR"),
                name="update_impact_value_on_progress",
            ),
        ),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.CheckConstraint(condition=models.Q(("size__gt", 0)), name="evidence_not_empty"),
        ),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.CheckConstraint(
                condition=models.Q(("original_name", ""), _negated=True), name="evidence_name_not_empty"
            ),
        ),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.RunPython(first_generation, migrations.RunPython.noop),
        db_triggers.install_operation(),
    ]
