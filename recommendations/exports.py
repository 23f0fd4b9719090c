"""CSV and Excel downloads of the lists, streamed so memory stays flat however many rows.

CSV rows are written as the database cursor yields them; Excel is written by
openpyxl's write-only workbook into a temporary file and then streamed. Any text
cell that a spreadsheet would run as a formula is neutralised with a leading
apostrophe (OWASP's advice for CSV injection).

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

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
# Word's manual line break (vertical tab) and page break (form feed).
BREAKS = ("\x0b", "\x0c")


def excel_text(value):
    """Text an .xlsx cell can hold: breaks as line breaks, other control characters as "\ufffd"."""
    if not isinstance(value, str):
        return value
    return ILLEGAL_CHARACTERS_RE.sub(lambda m: "\n" if m.group() in BREAKS else "\ufffd", value)


def neutralise(value):
    """Make a cell safe and plain: dates in ISO format, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    display: Callable | None = None


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(queryset, columns: list[Column], clean: Callable = lambda v: v) -> Iterator[list]:
    fields = [c.field for c in columns]
    for values in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        # Cleaned before neutralised, so that no cleaning can uncover a formula.
        yield [
            neutralise(clean(c.display(v) if c.display else v)) for c, v in zip(columns, values, strict=True)
        ]


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


def xlsx_response(queryset, columns: list[Column], filename: str, sheet: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([c.header for c in columns])
    for row in _rows(queryset, columns, clean=excel_text):
        worksheet.append(row)
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
