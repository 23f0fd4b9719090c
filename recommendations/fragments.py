"""Table rows rendered once and reused while their data stays the same.

The dashboard's agency matrix and grades table have a row for every agency (and graded
area): 250 and 555 rows at national scale, about 0.1 s of template rendering on every
view. After a partner's update only that agency's rows change, so each row's HTML is
kept in the cache under a digest of exactly what it shows (its data and the page's
link settings): a view renders only the rows whose data it has not seen, and reads the
rest in one cache query. Nothing needs retiring: changed data has a new digest, and old
rows expire.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString

TIMEOUT = 60 * 60 * 24


def rows_html(template_name: str, rows: list[dict], context: dict) -> list[SafeString]:
    """Each of ``rows`` rendered by ``template_name`` (a partial that shows ``row``) with
    ``context``: reused where the same row was rendered before. One cache query to read,
    and one to keep the rows rendered now."""
    template = get_template(template_name)
    shared = repr(sorted(context.items()))
    keys = [
        f"row:{template_name}:{hashlib.sha256((repr(row) + shared).encode()).hexdigest()}" for row in rows
    ]
    found = cache.get_many(keys)
    rendered = {}
    html = []
    for key, row in zip(keys, rows, strict=True):
        if key not in found:
            # Kept as the template's SafeString: read back, it is still marked safe (a
            # cache that gave back a plain string would have it escaped, not trusted).
            found[key] = rendered[key] = template.render({**context, "row": row})
        html.append(found[key])
    if rendered:
        cache.set_many(rendered, TIMEOUT)
    return html
