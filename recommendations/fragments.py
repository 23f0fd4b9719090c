"""Table rows rendered once and reused while their data stays the same.

The dashboard's agency matrix and grades table have a row for every agency (and graded
area): 250 and 555 rows at national scale, about 0.1 s of template rendering on every
view. After a partner's update only that agency's rows change, so the rows of each table
as last shown are kept in the cache together, each under a digest of exactly what it
shows: a view renders only the rows whose data it has not seen, and reads and writes the
rest as one cache entry (one entry a table, not one a row, so the first view of a table
costs two cache queries however many rows it has). Nothing needs retiring: changed data
has a new digest, and only the rows last shown are kept.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString

from recommendations.cache import schema as cache_schema

TIMEOUT = 60 * 60 * 24


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def render_row(template, context: dict, row: dict) -> SafeString:
    return template.render({**context, "row": row})


def table_key(template_name: str, context: dict) -> str:
    """The cache key of a table's rows: the partial's own source and the models' shape
    are in it, so a deploy that changes either never shows rows rendered before it."""
    source = _file_digest(get_template(template_name).origin.name)
    return f"rows:{template_name}:{cache_schema()}:{source}:{_digest(repr(sorted(context.items())))}"


@functools.cache
def _file_digest(path: str) -> str:
    """The template file's digest, once a process (a deploy starts new processes)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def rows_html(template_name: str, rows: list[dict], context: dict) -> list[SafeString]:
    """Each of ``rows`` rendered by ``template_name`` (a partial that shows ``row``) with
    ``context``, reusing the rows rendered before with the same data and context. One
    cache query to read, and one to keep the table's rows if any was rendered now."""
    key = table_key(template_name, context)
    digests = [_digest(repr(row)) for row in rows]
    kept = cache.get(key) or {}
    template = get_template(template_name)
    # The template's SafeStrings are kept as they are: read back, they are still marked
    # safe. A cache that gave back plain strings would have them escaped, not trusted.
    html = {
        d: kept[d] if d in kept else render_row(template, context, row)
        for d, row in zip(digests, rows, strict=True)
    }
    if html.keys() != kept.keys():
        cache.set(key, html, TIMEOUT)
    return [html[d] for d in digests]
