from django.urls import path, re_path

from recommendations.views import actions, assurance, dashboard, evidence, imports, recommendations, reports

urlpatterns = [
    path("actions/", actions.our_actions, name="our_actions"),
    path("actions/all/", actions.action_list, name="action_list"),
    path("actions/switch-agency/", actions.switch_agency, name="switch_agency"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/progress/", actions.action_progress, name="action_progress"),
    path("actions/<int:pk>/owner/", actions.action_owner, name="action_owner"),
    path("actions/<int:pk>/due-date/", actions.action_due_date, name="action_due_date"),
    path("actions/<int:pk>/due-date/decide/", assurance.action_extension, name="action_extension"),
    path("actions/<int:pk>/assure/", assurance.action_assure, name="action_assure"),
    path("actions/<int:pk>/return/", assurance.action_return, name="action_return"),
    path("actions/<int:pk>/reopen/", assurance.action_reopen, name="action_reopen"),
    path("actions/<int:pk>/ready/", actions.action_ready, name="action_ready"),
    path("actions/<int:pk>/submit/", actions.action_submit, name="action_submit"),
    path("actions/<int:pk>/voice/", actions.action_voice, name="action_voice"),
    path("assurance/", assurance.assurance_queue, name="assurance_queue"),
    path("recommendations/", recommendations.recommendation_list, name="recommendation_list"),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail, name="recommendation_detail"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/publish/", reports.report_publish, name="report_publish"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/compare/", dashboard.dashboard_compare, name="dashboard_compare"),
    path("dashboard/board-report/", dashboard.board_report, name="board_report"),
    re_path(r"^exports/actions\.(?P<fmt>csv|xlsx)$", dashboard.export_actions, name="export_actions"),
    re_path(
        r"^exports/recommendations\.(?P<fmt>csv|xlsx)$",
        dashboard.export_recommendations,
        name="export_recommendations",
    ),
    re_path(r"^exports/updates\.(?P<fmt>csv|xlsx)$", dashboard.export_updates, name="export_updates"),
    path("public/", dashboard.public_summary, name="public_summary"),
    path("admin-tools/inspections/<int:pk>/import/", imports.inspection_import, name="inspection_import"),
    path(
        "admin-tools/inspections/<int:pk>/import/confirm/",
        imports.inspection_import_confirm,
        name="inspection_import_confirm",
    ),
    path(
        "admin-tools/inspections/<int:pk>/import/done/",
        imports.inspection_import_done,
        name="inspection_import_done",
    ),
    re_path(
        r"^admin-tools/inspections/(?P<pk>[0-9]+)/import/template\.(?P<fmt>csv|xlsx)$",
        imports.inspection_import_template,
        name="inspection_import_template",
    ),
]
