"""Retire cached figures when the records behind them change.

Actions change only through ``recommendations.services``, which retires what each
change affects (today's figures, or past ones too for a backdated entry). The
records around them (reports, grades, recommendations, themes, agencies) are edited
by administrators in the admin or the shell; any save or delete of one, or of the
links between them, may change figures for any date, so it retires them all. This is
the only place that happens: no view, admin class or command does it by hand.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from agencies.models import Agency
from recommendations import cache
from recommendations.models import (
    Grade,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    Theme,
)

FIGURE_RECORDS = (Agency, Inspectorate, Grade, GradedArea, Inspection, Judgement, Theme, Recommendation)


def _history_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading a fixture or a backup: the loader retires the figures once at the end
    cache.bump(cache.HISTORY)


def connect() -> None:
    for model in FIGURE_RECORDS:
        post_save.connect(_history_changed, sender=model, dispatch_uid=f"figures-save-{model._meta.label}")
        post_delete.connect(
            _history_changed, sender=model, dispatch_uid=f"figures-delete-{model._meta.label}"
        )
    for through in (Inspection.agencies.through, Recommendation.themes.through):
        m2m_changed.connect(
            _history_changed, sender=through, dispatch_uid=f"figures-m2m-{through._meta.label}"
        )
