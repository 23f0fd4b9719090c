"""Retire cached figures when the records behind them change.

Actions change only through ``recommendations.services``, which retires what each
change affects (today's figures, or past ones too for a backdated entry). The
records around them (reports, grades, recommendations, themes, agencies) are edited
by administrators in the admin or the shell; any save or delete of one, or of the
links between them, may change figures for any date, so it retires them all. This is
the only place that happens: no view, admin class or command does it by hand.

Today's tallies (``recommendations.tallies``) are kept per agency, so only a
recommendation's own changes (its report, area, archiving or themes) touch them, and
only for the agencies with actions on it; a new agency gets its tally state here.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from agencies.models import Agency
from recommendations import cache, intervals, tallies
from recommendations.models import (
    Action,
    Clock,
    Grade,
    GradedArea,
    Inspection,
    Inspectorate,
    Judgement,
    Recommendation,
    Theme,
)

# A report's deadlines are on the board report (kept as a PDF until something changes).
FIGURE_RECORDS = (
    Agency,
    Inspectorate,
    Grade,
    GradedArea,
    Inspection,
    Judgement,
    Theme,
    Recommendation,
    Clock,
)


def _history_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading a fixture or a backup: the loader retires the figures once at the end
    cache.bump(cache.HISTORY)


def _regrouped(recommendation_ids) -> None:
    """Stored past figures group actions by their recommendation's report, area and themes
    as they are now: when those change for a recommendation with actions, retire them."""
    if Action.objects.filter(recommendation_id__in=list(recommendation_ids)).exists():
        intervals.past_changed()


GROUPED_BY = ("inspection_id", "area_id")


def _recommendation_saving(sender, instance, **kwargs) -> None:
    """Note the report and area it had, to tell after the save whether they changed."""
    instance._grouped_before = None
    if instance.pk is not None and not kwargs.get("raw"):
        instance._grouped_before = (
            Recommendation.objects.filter(pk=instance.pk).values_list(*GROUPED_BY).first()
        )


def _recommendation_changed(sender, instance, created=False, **kwargs) -> None:
    if not kwargs.get("raw"):
        tallies.touch_recommendations([instance.pk])
        before = getattr(instance, "_grouped_before", None)
        if before is not None and before != tuple(getattr(instance, f) for f in GROUPED_BY):
            _regrouped([instance.pk])


def _themes_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        tallies.touch_recommendations([instance.pk])
        _regrouped([instance.pk])
    elif pk_set:
        tallies.touch_recommendations(pk_set)
        _regrouped(pk_set)
    else:
        tallies.touch_all()  # a theme's recommendations cleared: which they were is gone
        intervals.past_changed()


def _agency_created(sender, instance, created, **kwargs) -> None:
    if created:
        tallies.track([instance.pk])


def connect() -> None:
    # Today's tallies count an agency's actions by report, area and theme: they change
    # with a recommendation's own fields or themes (the write path sees to actions).
    pre_save.connect(_recommendation_saving, sender=Recommendation, dispatch_uid="past-recommendation")
    post_save.connect(_recommendation_changed, sender=Recommendation, dispatch_uid="tallies-recommendation")
    m2m_changed.connect(_themes_changed, sender=Recommendation.themes.through, dispatch_uid="tallies-themes")
    post_save.connect(_agency_created, sender=Agency, dispatch_uid="tallies-agency")
    for model in FIGURE_RECORDS:
        post_save.connect(_history_changed, sender=model, dispatch_uid=f"figures-save-{model._meta.label}")
        post_delete.connect(
            _history_changed, sender=model, dispatch_uid=f"figures-delete-{model._meta.label}"
        )
    for through in (Inspection.agencies.through, Recommendation.themes.through):
        m2m_changed.connect(
            _history_changed, sender=through, dispatch_uid=f"figures-m2m-{through._meta.label}"
        )
