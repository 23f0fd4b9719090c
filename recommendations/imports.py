"""Bulk import of a report's recommendations from a CSV or Excel (.xlsx) file.

Three steps, each its own function so the views stay thin:

1. ``import_file_read`` turns the uploaded bytes into a heading row and data rows. The
   type comes from the content (an .xlsx is a zip with ``xl/`` parts; a CSV decodes as
   UTF-8 or Windows-1252 text with no NUL bytes), never from the name. Anything wrong
   with the file as a whole (not CSV or Excel, empty, too large, missing or unexpected
   columns, formula cells) raises ``ValidationError`` with every message at once.
2. ``import_rows_check`` checks each row against the database (agencies, themes, the
   report's existing references, its publication date) in a fixed number of queries,
   however many rows, and returns a ``Preview``: each row's parsed values and errors.
3. ``recommendations_import`` does 1 and 2 again on the same bytes inside one
   transaction, with the inspection row locked, and writes only if no row has an
   error: all or nothing. A row whose reference is already in the report with the
   same wording is skipped, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from agencies.models import Agency
from recommendations import services
from recommendations.evidence import HTML_START, OLE2_MAGIC, ZIP_MAGIC, safe_name
from recommendations.models import Inspection, Recommendation, RecommendationKind, Theme

# The columns, in the template's order. "themes" may be left out of the file.
COLUMNS = ("reference", "kind", "wording", "agencies", "themes", "due date")
REQUIRED = ("reference", "kind", "wording", "agencies", "due date")
# Other spellings people type for a heading, after normalising (see ``_heading``).
HEADING_ALIASES = {"agency": "agencies", "theme": "themes", "due": "due date", "type": "kind"}
# A cell starting with one of these is run as a formula by a spreadsheet (OWASP, CSV
# injection); the import refuses the file rather than store text that would later be.
FORMULA_START = ("=", "+", "-", "@")
MAX_ROWS = 1000
# An .xlsx is compressed: bound what it may expand to, so a "zip bomb" is refused
# before openpyxl reads it.
MAX_XLSX_EXPANSION = 50
MAX_XLSX_PARTS = 500
SHOWN_CELLS = 10

KIND_BY_TEXT = {
    **{re.sub(r"[\s_]+", " ", value): value for value in RecommendationKind.values},
    **{label.lower(): value for value, label in RecommendationKind.choices},
    "afi": RecommendationKind.AREA_FOR_IMPROVEMENT,
}
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPT_ATTRIBUTE = f".csv,.xlsx,text/csv,{XLSX_CONTENT_TYPE}"


Cell = str | date


@dataclass
class Sheet:
    """The file's content: its kind ("CSV" or "Excel"), headings and non-blank data rows."""

    file_kind: str
    headings: list[str]
    rows: list[tuple[int, dict[str, Cell]]]  # (row number as a spreadsheet shows it, values)


@dataclass
class Row:
    number: int
    reference: str = ""
    kind: str = ""
    kind_text: str = ""
    wording: str = ""
    agencies_text: str = ""
    agencies: list[Agency] = field(default_factory=list)
    themes_text: str = ""
    themes: list[Theme] = field(default_factory=list)
    due_date: date | None = None
    due_text: str = ""
    errors: list[str] = field(default_factory=list)
    already_imported: bool = False

    @property
    def kind_label(self) -> str:
        return RecommendationKind(self.kind).label if self.kind else self.kind_text


@dataclass
class Preview:
    inspection: Inspection
    file_kind: str
    rows: list[Row]

    @property
    def error_rows(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def new_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.errors and not row.already_imported]

    @property
    def skipped_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.errors and row.already_imported]

    @property
    def action_count(self) -> int:
        return sum(len(row.agencies) for row in self.new_rows)


@dataclass
class ImportResult:
    created: list[str]
    skipped: list[str]
    actions: int


# -- 1. Reading the file ----------------------------------------------------------------


def import_file_read(*, name: str, data: bytes) -> Sheet:
    """Read an uploaded CSV or .xlsx file; raise ``ValidationError`` for a bad file."""
    name = safe_name(name)
    limit = settings.IMPORT_MAX_BYTES
    if not data:
        raise ValidationError(
            f"{name} is empty. Choose a file with a heading row and one row per recommendation."
        )
    if len(data) > limit:
        raise ValidationError(
            f"{name} is {filesizeformat(len(data))}. The file must be smaller than {filesizeformat(limit)}."
        )
    if data.startswith(ZIP_MAGIC):
        grid, formulas = _read_xlsx(name, data)
        file_kind = "Excel"
    else:
        grid, formulas = _read_csv(name, data)
        file_kind = "CSV"
    formulas += [
        f"{get_column_letter(col)}{number}"
        for number, cells in grid
        for col, value in enumerate(cells, start=1)
        if isinstance(value, str) and value.strip().startswith(FORMULA_START)
    ]
    if formulas:
        formulas = sorted(set(formulas), key=_cell_order)
        shown = ", ".join(formulas[:SHOWN_CELLS])
        more = f" and {len(formulas) - SHOWN_CELLS} more" if len(formulas) > SHOWN_CELLS else ""
        raise ValidationError(
            f"{name} has cells that start with =, +, - or @, which a spreadsheet would run as a "
            f"formula: {shown}{more}. Remove the formula or the leading character and upload the file again."
        )
    return _sheet(name, file_kind, grid)


def _cell_order(coordinate: str) -> tuple[int, int]:
    letters, digits = re.match(r"([A-Z]+)(\d+)", coordinate).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits), column


def _not_csv_or_excel(name: str, why: str) -> ValidationError:
    return ValidationError(f"{name} is not a CSV or Excel (.xlsx) file: {why}")


def _describe_content(data: bytes) -> str:
    """What a refused file seems to be, for the message."""
    if data.startswith(b"%PDF-"):
        return "it is a PDF."
    if data.startswith(OLE2_MAGIC):
        return "it is an older Office file (such as .xls or .doc). In Excel, save it as .xlsx or CSV."
    if data.startswith((b"MZ", b"\x7fELF")):
        return "it is a program."
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "it is an image."
    if HTML_START.match(data[:2048]):
        return "it is a web page."
    return "its content is neither CSV text nor an Excel workbook."


def _read_xlsx(name: str, data: bytes) -> tuple[list[tuple[int, list[Cell]]], list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_csv_or_excel(name, "it is a damaged or unreadable zip file.") from None
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        kind = (
            "a Word or PowerPoint file"
            if any(n.startswith(("word/", "ppt/")) for n in names)
            else "a zip file"
        )
        raise _not_csv_or_excel(name, f"it is {kind}.")
    expanded = sum(part.file_size for part in parts)
    if len(parts) > MAX_XLSX_PARTS or expanded > MAX_XLSX_EXPANSION * settings.IMPORT_MAX_BYTES:
        raise ValidationError(f"{name} expands to more than the import can read. Save a smaller workbook.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise ValidationError(
            f"{name} could not be read as an Excel workbook. Save it again from Excel."
        ) from None
    try:
        if not workbook.worksheets:
            raise ValidationError(f"{name} has no worksheet.")
        grid: list[tuple[int, list[Cell]]] = []
        formulas: list[str] = []
        for number, cells in enumerate(workbook.worksheets[0].iter_rows(), start=1):
            values: list[Cell] = []
            for col, cell in enumerate(cells, start=1):
                if cell.data_type == "f":
                    formulas.append(f"{get_column_letter(col)}{number}")
                values.append(_xlsx_value(cell.value))
            if any(values):
                grid.append((number, values))
            if len(grid) > MAX_ROWS + 1:
                break
    finally:
        workbook.close()
    return grid, formulas


def _xlsx_value(value) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _decode_text(name: str, data: bytes) -> str:
    if b"\x00" in data or HTML_START.match(data[:2048]):
        raise _not_csv_or_excel(name, _describe_content(data))
    try:
        return codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel writes for "CSV" on Windows without "UTF-8" in the name.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_csv_or_excel(name, _describe_content(data)) from None


def _read_csv(name: str, data: bytes) -> tuple[list[tuple[int, list[Cell]]], list[str]]:
    if data.startswith((b"%PDF-", OLE2_MAGIC)):
        raise _not_csv_or_excel(name, _describe_content(data))
    text = _decode_text(name, data)
    first_line = text.split("\n", 1)[0]
    # Some locales' Excel separates with semicolons; tab-separated text is common too.
    delimiter = ","
    if "," not in first_line:
        delimiter = "\t" if "\t" in first_line else ";" if ";" in first_line else ","
    grid: list[tuple[int, list[Cell]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        for number, cells in enumerate(reader, start=1):
            values = [cell.strip() for cell in cells]
            if any(values):
                grid.append((number, values))
            if len(grid) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise ValidationError(f"{name} could not be read as CSV ({error}). Save it again as CSV.") from None
    return grid, []


def _heading(text: Cell) -> str:
    text = re.sub(r"\(.*?\)", "", str(text)).strip().lower()
    text = re.sub(r"[\s_\-]+", " ", text).strip()
    return HEADING_ALIASES.get(text, text)


def _sheet(name: str, file_kind: str, grid: list[tuple[int, list[Cell]]]) -> Sheet:
    if not grid:
        raise ValidationError(
            f"{name} is empty. Choose a file with a heading row and one row per recommendation."
        )
    _, heading_cells = grid[0]
    width = max(len(cells) for _, cells in grid)
    headings = [_heading(cell) for cell in heading_cells] + [""] * (width - len(heading_cells))
    errors = []
    missing = [column for column in REQUIRED if column not in headings]
    if missing:
        errors.append(f"{name} is missing the {_plural(missing, 'column')} {_and(missing)}.")
    unexpected = [str(heading_cells[i]) for i, h in enumerate(headings) if h and h not in COLUMNS]
    if unexpected:
        errors.append(
            f"{name} has {_plural(unexpected, 'column')} the import does not use: "
            f"{_and([f'“{u}”' for u in unexpected])}. The columns are {_and(COLUMNS)}."
        )
    repeated = sorted({h for h in headings if h and headings.count(h) > 1})
    if repeated:
        errors.append(f"{name} has more than one {_and(repeated)} column.")
    unnamed = [
        get_column_letter(i + 1)
        for i, h in enumerate(headings)
        if not h and any(i < len(cells) and cells[i] for _, cells in grid[1:])
    ]
    if unnamed:
        errors.append(f"Column {_and(unnamed)} of {name} has values but no heading.")
    if errors:
        raise ValidationError(errors)
    if len(grid) == 1:
        raise ValidationError(
            f"{name} has a heading row but no recommendations. Add one row per recommendation."
        )
    if len(grid) - 1 > MAX_ROWS:
        raise ValidationError(f"{name} has more than {MAX_ROWS:,} rows. Split it into smaller files.")
    rows = []
    for number, cells in grid[1:]:
        values = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headings) if h}
        rows.append((number, values))
    return Sheet(file_kind=file_kind, headings=[h for h in headings if h], rows=rows)


def _plural(items, word: str) -> str:
    return word if len(items) == 1 else f"{word}s"


def _and(items) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# -- 2. Checking the rows -----------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same_wording(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def import_rows_check(*, inspection: Inspection, sheet: Sheet) -> Preview:
    """Each row's values and errors. Three queries whatever the number of rows: the
    agencies, the themes and the report's existing references."""
    all_agencies = list(Agency.objects.all())
    agencies: dict[str, Agency] = {}
    for agency in all_agencies:
        agencies[_key(agency.name)] = agency
        agencies[_key(agency.slug)] = agency
    # Short names are what the template asks for: they win over a clash with a name.
    for agency in all_agencies:
        agencies[_key(agency.short_name)] = agency
    themes: dict[str, Theme] = {}
    for theme in Theme.objects.all():
        themes[_key(theme.slug)] = theme
        themes[_key(theme.name)] = theme
    existing_exact: dict[str, str] = {}
    existing_folded: dict[str, tuple[str, str]] = {}
    for reference, wording in inspection.recommendations.values_list("reference", "wording"):
        existing_exact[reference] = wording
        existing_folded.setdefault(_key(reference), (reference, wording))
    return _check(inspection, sheet, agencies, themes, existing_exact, existing_folded)


def _check(inspection, sheet, agencies, themes, existing_exact, existing_folded) -> Preview:
    rows = [_parse_row(number, values) for number, values in sheet.rows]

    by_reference: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.reference:
            by_reference[_key(row.reference)].append(row)
    for same in by_reference.values():
        if len(same) > 1:
            numbers = _and([r.number for r in same])
            for row in same:
                row.errors.append(f"Reference {row.reference} is used on more than one row (rows {numbers})")

    published = inspection.published_on
    for row in rows:
        if row.reference and not row.errors:
            found = existing_exact.get(row.reference)
            if found is None and _key(row.reference) in existing_folded:
                found = existing_folded[_key(row.reference)][1]
            if found is not None:
                if _same_wording(found, row.wording):
                    row.already_imported = True
                else:
                    row.errors.append(
                        f"Reference {row.reference} is already in this report with different wording"
                    )
        _check_values(row, agencies, themes, published)
        if row.already_imported:
            # Skipped whatever its other cells say: the recommendation is there already, and
            # importing the same file again must change nothing (even if, say, an agency
            # has since become inactive).
            row.errors = []
    return Preview(inspection=inspection, file_kind=sheet.file_kind, rows=rows)


def _parse_row(number: int, values: dict[str, Cell]) -> Row:
    def text(column: str) -> str:
        value = values.get(column, "")
        return value.isoformat() if isinstance(value, date) else str(value).strip()

    row = Row(
        number=number,
        reference=" ".join(text("reference").split()),
        kind_text=text("kind"),
        wording=text("wording"),
        agencies_text=text("agencies"),
        themes_text=text("themes"),
    )
    due = values.get("due date", "")
    if isinstance(due, date):
        row.due_date, row.due_text = due, due.isoformat()
    else:
        row.due_text = str(due).strip()
    if not row.reference:
        row.errors.append("Enter a reference, such as R1")
    elif len(row.reference) > Recommendation._meta.get_field("reference").max_length:
        row.errors.append("The reference must be 30 characters or fewer")
    return row


def _check_values(row: Row, agencies: dict, themes: dict, published: date) -> None:
    if not row.kind_text:
        row.errors.append("Enter a kind: recommendation, area for improvement or cause of concern")
    else:
        row.kind = KIND_BY_TEXT.get(re.sub(r"[\s_]+", " ", row.kind_text.lower()), "")
        if not row.kind:
            row.errors.append(
                f"“{row.kind_text}” is not a kind: use recommendation, area for improvement or cause of concern"
            )
    if not row.wording:
        row.errors.append("Enter the wording of the recommendation")

    names = [n.strip() for n in re.split(r"[;,]", row.agencies_text) if n.strip()]
    if not names:
        row.errors.append("Enter at least one agency's short name, such as GMP")
    for agency_name in names:
        agency = agencies.get(_key(agency_name))
        if agency is None:
            row.errors.append(f"“{agency_name}” is not an agency's short name")
        elif not agency.is_active:
            row.errors.append(f"{agency.short_name} is inactive and gets no new work")
        elif agency not in row.agencies:
            row.agencies.append(agency)

    for theme_name in [n.strip() for n in row.themes_text.split(";") if n.strip()]:
        theme = themes.get(_key(theme_name))
        if theme is None:
            row.errors.append(f"“{theme_name}” is not a theme")
        elif theme not in row.themes:
            row.themes.append(theme)

    if row.due_date is None:
        row.due_date = _parse_date(row)
    if row.due_date is not None and (problem := services.due_date_problem(row.due_date, published)):
        row.errors.append(f"{problem} (the row says {date_format(row.due_date, 'j F Y')})")


def _parse_date(row: Row) -> date | None:
    raw = row.due_text
    if not raw:
        row.errors.append("Enter a due date, such as 2025-09-30")
        return None
    iso, uk = ISO_DATE.match(raw), UK_DATE.match(raw)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif uk:
        day, month, year = (int(part) for part in uk.groups())
    else:
        row.errors.append(f"The due date “{raw}” must be a date like 2025-09-30 or 30/09/2025")
        return None
    try:
        return date(year, month, day)
    except ValueError:
        row.errors.append(f"The due date “{raw}” is not a real date")
        return None


# -- 3. Importing -----------------------------------------------------------------------


def recommendations_import(*, inspection: Inspection, name: str, data: bytes, by) -> ImportResult | Preview:
    """Read and check ``data`` again and, if no row has an error, create its new
    recommendations (awaiting a response, with their themes) and one not-started action
    per addressed agency, all in one transaction. Returns the ``Preview`` instead,
    writing nothing, if a row has an error now (the report may have changed since the
    preview). Raises ``ValidationError`` for a bad file."""
    reason = f"Imported from {safe_name(name)}"[:100]
    with transaction.atomic():
        # One import at a time per report: the second waits, then sees the first's rows.
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        preview = import_rows_check(inspection=inspection, sheet=import_file_read(name=name, data=data))
        if preview.error_rows:
            return preview
        new_rows = preview.new_rows
        recommendations = bulk_create_with_history(
            [
                Recommendation(
                    inspection=inspection,
                    reference=row.reference,
                    kind=row.kind,
                    wording=row.wording,
                    target_date=row.due_date,
                    response=Recommendation.Response.AWAITING,
                )
                for row in new_rows
            ],
            Recommendation,
            default_user=by,
            default_change_reason=reason,
        )
        for recommendation, row in zip(recommendations, new_rows, strict=True):
            if row.themes:
                # Through the manager, so the history records the themes too.
                recommendation.themes.add(*row.themes)
        # Through the write path, which also retires today's cached figures.
        actions = services.actions_create(
            [
                services.ActionSpec(recommendation, agency, row.due_date)
                for recommendation, row in zip(recommendations, new_rows, strict=True)
                for agency in row.agencies
            ],
            by=by,
            reason=reason,
        )
    return ImportResult(
        created=[row.reference for row in new_rows],
        skipped=[row.reference for row in preview.skipped_rows],
        actions=len(actions),
    )


# -- The upload form and the template file ----------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Choose a CSV or Excel file to upload", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = f"A CSV or Excel (.xlsx) file smaller than {filesizeformat(settings.IMPORT_MAX_BYTES)}."

    @classmethod
    def refused(cls, messages: list[str]) -> ImportForm:
        """A form showing ``messages`` on the file input: the file must be uploaded again."""
        form = cls(data={}, files={})
        form.is_valid()
        form.errors.clear()
        for message in messages:
            form.add_error("file", message)
        return form

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = safe_name(upload.name)
        # Refuse a large file before reading it into memory.
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                f"{name} is {filesizeformat(upload.size)}. "
                f"The file must be smaller than {filesizeformat(settings.IMPORT_MAX_BYTES)}."
            )
        upload.seek(0)
        data = upload.read()
        self.sheet = import_file_read(name=name, data=data)
        self.data_bytes = data
        return upload


def template_rows(inspection: Inspection) -> list[list[Cell]]:
    """The heading row and one example row that would pass the checks for ``inspection``."""
    due = inspection.published_on + timedelta(days=182)
    return [
        list(COLUMNS),
        [
            "R1",
            "Recommendation",
            "Partners should agree one case-file audit tool for children's social care, health and police.",
            "GMP; Bolton",
            "Consistent tools and processes",
            due,
        ],
    ]


def template_csv(inspection: Inspection) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in template_rows(inspection):
        writer.writerow([value.isoformat() if isinstance(value, date) else value for value in row])
    # The byte order mark makes Excel open the file as UTF-8.
    return "\ufeff".encode() + out.getvalue().encode()


def template_xlsx(inspection: Inspection) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Recommendations"
    for row in template_rows(inspection):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (12, 24, 80, 24, 36, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["F2"].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
