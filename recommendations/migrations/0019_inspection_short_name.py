"""A short name for each report, shown beside every reference ("CSE review Part Four R3"),
since several reports each have an R3.

Reports already here are named from their inspectorate and publication month
("HMICFRS Dec 2024"), or as the demo names them; an administrator can rename them."""

from django.db import migrations, models

DEMO = {
    "gmp-national-child-protection-inspection-2024": "GMP child protection inspection 2024",
    "gm-complex-safeguarding-peer-review-interim-findings-2024": "Peer review letter 2024",
    "cse-assurance-review-part-one": "CSE review Part One",
    "cse-assurance-review-part-two": "CSE review Part Two",
    "cse-assurance-review-part-three": "CSE review Part Three",
    "cse-assurance-review-part-four": "CSE review Part Four",
    "ofsted-child-exploitation-overview-ten-councils-2025": "Ofsted exploitation overview 2025",
}


def name_reports(apps, schema_editor):
    Inspection = apps.get_model("recommendations", "Inspection")
    taken: set[str] = set()
    for inspection in Inspection.objects.select_related("inspectorate").order_by("published_on", "pk"):
        name = DEMO.get(inspection.slug) or (
            f"{inspection.inspectorate.short_name} {inspection.published_on:%b %Y}"
        )
        unique, n = name, 1
        while unique in taken:
            n += 1
            unique = f"{name} ({n})"
        taken.add(unique)
        inspection.short_name = unique
        inspection.save(update_fields=["short_name"])


HELP = (
    'What lists call the report beside a reference, for example "CSE review Part Four" '
    "(a list then reads “CSE review Part Four R3”)."
)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0018_original_due_date_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="inspection",
            name="short_name",
            field=models.CharField(default="", help_text=HELP, max_length=60),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalinspection",
            name="short_name",
            field=models.CharField(default="", help_text=HELP, max_length=60, db_index=True),
            preserve_default=False,
        ),
        migrations.RunPython(name_reports, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="inspection",
            name="short_name",
            field=models.CharField(help_text=HELP, max_length=60, unique=True),
        ),
        migrations.AddConstraint(
            model_name="inspection",
            constraint=models.CheckConstraint(
                condition=models.Q(("short_name", ""), _negated=True), name="inspection_short_name_not_empty"
            ),
        ),
    ]
