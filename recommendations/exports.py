"""CSV and Excel downloads of the lists, streamed so memory stays flat however many rows.

CSV rows are written as the database cursor yields them, plain: dates in ISO format,
times in London with their offset. Excel is written by openpyxl's write-only workbook
into a temporary file and then streamed, as a file people can work in: a first sheet
saying what the file is, when it was made, by whom and with which filters; then the
rows, with real Excel dates and London times, a bold header row that stays in view, a
filter on every column, widths to read by, and each row's page as a link. Any text cell
that a spreadsheet would run as a formula is neutralised with a leading apostrophe
(OWASP's advice for CSV injection), in both.

The Excel file format cannot hold most control characters, yet text pasted from Word
brings some (a vertical tab for each Shift+Enter line break): in .xlsx cells line and
page breaks become line breaks and any other such character a visible replacement
mark. The stored text is left as it was written, and the CSV keeps it exactly.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
# Word's manual line break (vertical tab) and page break (form feed).
BREAKS = ("\x0b", "\x0c")


def excel_text(value):
    """Text an .xlsx cell can hold: breaks as line breaks, other control characters as "\ufffd"."""
    if not isinstance(value, str):
        return value
    return ILLEGAL_CHARACTERS_RE.sub(lambda m: "\n" if m.group() in BREAKS else "\ufffd", value)


def defuse(value):
    """A text that a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise(value):
    """Make a CSV cell safe and plain: dates in ISO format, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return defuse(value)


def excel_value(value):
    """Make an Excel cell safe and typed: dates and times as Excel dates (times in
    London, as people read them), numbers as numbers, formulas defused."""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return defuse(excel_text(value))


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    display: Callable | None = None
    # Excel's column width, in characters: wide enough to read the usual value.
    width: int | None = None
    # The value is the address of the row's page: a link in Excel.
    is_link: bool = False


def person_name(path: str):
    """The full name of the person at ``path`` (their username if they gave none), in
    the query: files name people as people do, not by their sign-in."""
    full = Trim(Concat(F(f"{path}__first_name"), Value(" "), F(f"{path}__last_name")))
    return Coalesce(NullIf(full, Value("")), F(f"{path}__username"))


def page_link(request, route: str) -> Callable[[int], str]:
    """The address of each row's page, from its id, without reversing the route per row."""
    from django.urls import reverse

    one = request.build_absolute_uri(reverse(route, args=[1]))
    stem, _, tail = one.rpartition("1")
    return lambda pk: f"{stem}{pk}{tail}"


DATE_FORMAT = "d mmm yyyy"
TIME_FORMAT = "d mmm yyyy hh:mm"
BOLD = Font(bold=True)
LINK = Font(color="1D70B8", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(queryset, columns: list[Column], make: Callable = neutralise) -> Iterator[list]:
    fields = [c.field for c in columns]
    for values in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        yield [make(c.display(v) if c.display else v) for c, v in zip(columns, values, strict=True)]


def csv_response(queryset, columns: list[Column], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream() -> Iterable[str]:
        yield "\ufeff"  # so that Excel reads the file as UTF-8
        yield writer.writerow([c.header for c in columns])
        for row in _rows(queryset, columns):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass(frozen=True)
class About:
    """What the first sheet of an Excel file says about it."""

    title: str
    description: str
    by: str
    filters: list[tuple[str, str]]
    as_at: date | None = None


def _about_sheet(workbook: Workbook, about: About) -> None:
    sheet = workbook.create_sheet(title="About")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90

    def line(label: str, value) -> None:
        key = WriteOnlyCell(sheet, value=label)
        key.font = BOLD
        cell = WriteOnlyCell(sheet, value=excel_value(value))
        cell.alignment = WRAP
        if isinstance(value, datetime):
            cell.number_format = TIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
        sheet.append([key, cell])

    title = WriteOnlyCell(sheet, value=about.title)
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([])
    line("What this is", about.description)
    line("Produced", timezone.now())
    line("By", about.by)
    line("Figures as at", about.as_at or "Now, when it was produced")
    if about.filters:
        for n, (name, value) in enumerate(about.filters):
            line("Filters" if n == 0 else "", f"{name}: {value}")
    else:
        line("Filters", "None: every row")
    line("Produced by", "The Safeguarding Assurance Tracker, Greater Manchester Combined Authority")


def _cell(sheet, column: Column, value):
    """A data cell, typed, with a date format or a link where it needs one."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = TIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if column.is_link and value:
        cell = WriteOnlyCell(sheet, value=value)
        cell.hyperlink = value
        cell.font = LINK
        return cell
    return value


def xlsx_response(
    queryset, columns: list[Column], filename: str, sheet: str, about: About | None = None
) -> FileResponse:
    workbook = Workbook(write_only=True)
    if about is not None:
        _about_sheet(workbook, about)
    worksheet = workbook.create_sheet(title=sheet[:31])
    # The rows open first; the "About" sheet is a click away.
    workbook.active = len(workbook.worksheets) - 1
    for n, column in enumerate(columns, start=1):
        worksheet.column_dimensions[get_column_letter(n)].width = column.width or max(
            12, len(column.header) + 2
        )
    worksheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(worksheet, value=column.header)
        cell.font = BOLD
        header.append(cell)
    worksheet.append(header)
    count = 0
    for row in _rows(queryset, columns, make=excel_value):
        worksheet.append([_cell(worksheet, c, v) for c, v in zip(columns, row, strict=True)])
        count += 1
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    # Spooled: small files stay in memory, large ones go to disk.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
