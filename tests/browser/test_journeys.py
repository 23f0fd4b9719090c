"""Each user group's journey in a real Chromium, with every visited page checked by axe-core."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from recommendations.models import Action, Grade, GradedArea, Status, Update
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, sign_in, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def overdue_bolton_action() -> Action:
    return Action.objects.overdue().filter(agency__slug="bolton").order_by("due_date", "pk").first()


def test_a_partner_finds_an_overdue_action_and_logs_progress_with_evidence(page, live_server, demo, tmp_path):
    sign_in(page, live_server, "bolton.contributor")
    expect(page.get_by_role("heading", name="Our actions")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Overdue", exact=True).check()
    page.get_by_role("button", name="Apply filters").first.click()
    assert "due=overdue" in page.url
    assert_accessible(page)
    action = overdue_bolton_action()
    page.locator(f"a[href='/actions/{action.pk}/']").first.click()
    expect(page.get_by_text("Overdue").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Log progress").click()
    assert_accessible(page)
    evidence = tmp_path / "training-attendance.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("What has been done since the last update?").fill(
        "Training on the new plan template delivered to all three locality teams."
    )
    page.get_by_label("Green: on track").check()
    page.get_by_label("Percent complete").fill("60")
    page.locator("input[type=file][name=files]").set_input_files(str(evidence))
    page.get_by_role("button", name="Save progress").click()

    expect(page.get_by_text("Progress logged.")).to_be_visible()
    expect(page.get_by_text("Training on the new plan template delivered")).to_be_visible()
    expect(page.get_by_role("link", name="training-attendance.pdf")).to_be_visible()
    assert_accessible(page)
    action.refresh_from_db()
    assert (action.percent_complete, action.confidence) == (60, "green")


def test_a_lead_submits_for_assurance_and_resubmits_after_a_return(
    page, live_server, demo, browser, tmp_path
):
    action = overdue_bolton_action()
    evidence = tmp_path / "template-audit.pdf"
    evidence.write_bytes(PDF)
    # A contributor finishes the work and tells the lead it is ready.
    contributor = browser.new_context().new_page()
    sign_in(contributor, live_server, "bolton.contributor")
    contributor.goto(f"{live_server.url}/actions/{action.pk}/progress/")
    contributor.get_by_label("What has been done since the last update?").fill(
        "All teams now use the new template."
    )
    contributor.get_by_label("Green: on track").check()
    contributor.get_by_label("Percent complete").fill("100")
    contributor.locator("input[type=file][name=files]").set_input_files(str(evidence))
    contributor.get_by_role("button", name="Save progress").click()
    contributor.get_by_role("link", name="Mark ready for the lead").click()
    assert_accessible(contributor)
    contributor.get_by_role("button", name="Mark ready for the lead").click()
    expect(contributor.get_by_text("Marked ready. Your agency's leads have been told.")).to_be_visible()
    contributor.context.close()

    # The lead finds it on their home page and submits it as it stands.
    sign_in(page, live_server, "bolton.lead")
    page.goto(f"{live_server.url}/actions/")
    page.get_by_role("link", name="Ready for you to submit").click()
    page.get_by_role("link", name=re.compile(action.recommendation.reference)).first.click()
    page.get_by_role("link", name="Submit for assurance").click()
    expect(page.get_by_text("All teams now use the new template.")).to_be_visible()
    expect(page.get_by_role("link", name="template-audit.pdf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for assurance").click()
    expect(
        page.get_by_text("Submitted for assurance. The GMCA assurance team has been told.")
    ).to_be_visible()
    assert_accessible(page)

    # Oversight returns it, in a browser of their own.
    overseer = browser.new_context().new_page()
    sign_in(overseer, live_server, "oversight")
    overseer.goto(f"{live_server.url}/actions/{action.pk}/return/")
    assert_accessible(overseer)
    overseer.get_by_role("button", name="Return the action").click()
    expect(overseer.get_by_text("Enter why the action is being returned").first).to_be_visible()
    assert_accessible(overseer)
    overseer.get_by_label("Why are you returning this action?").fill(
        "The evidence does not show the audit results."
    )
    overseer.get_by_role("button", name="Return the action").click()
    expect(overseer.get_by_text("has been returned")).to_be_visible()
    overseer.context.close()

    # Back with the agency: returned, in a banner with the reason and a tag, and so
    # headed on the timeline.
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    banner = page.get_by_role("region", name="Returned")
    expect(banner).to_contain_text("Returned by the GMCA assurance team on")
    expect(banner).to_contain_text("The evidence does not show the audit results.")
    expect(page.locator(".govuk-summary-list .govuk-tag--orange", has_text="Returned")).to_be_visible()
    expect(page.get_by_role("heading", name="Returned by the GMCA assurance team")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Log progress").click()
    page.get_by_label("What has been done since the last update?").fill("Audit results attached, as asked.")
    page.get_by_label("Green: on track").check()
    page.get_by_label("Percent complete").fill("100")
    page.get_by_label("Submit it for assurance with this update").check()
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_role("region", name="Returned")).to_have_count(0)
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED
    assert action.updates.filter(status_to=Status.SUBMITTED).count() >= 2

    # The assurance team assures it with the narrative and evidence in view, then
    # reopens it when a re-inspection finds the issue again.
    overseer = browser.new_context().new_page()
    sign_in(overseer, live_server, "oversight")
    overseer.goto(f"{live_server.url}/actions/{action.pk}/assure/")
    expect(overseer.get_by_text("Audit results attached, as asked.")).to_be_visible()
    expect(overseer.get_by_role("link", name="template-audit.pdf")).to_be_visible()
    expect(overseer.get_by_text("The evidence does not show the audit results.")).to_be_visible()
    assert_accessible(overseer)
    overseer.get_by_role("button", name="Assure the action").click()
    expect(overseer.get_by_text("is assured")).to_be_visible()
    overseer.goto(f"{live_server.url}/actions/{action.pk}/")
    overseer.get_by_role("link", name="Reopen").click()
    overseer.get_by_role("button", name="Reopen the action").click()
    expect(overseer.get_by_text("Enter why the action is being reopened").first).to_be_visible()
    assert_accessible(overseer)
    overseer.get_by_label("Why are you reopening this action?").fill(
        "The re-inspection found the issue again."
    )
    overseer.get_by_role("button", name="Reopen the action").click()
    expect(overseer.get_by_text("has been reopened")).to_be_visible()
    expect(overseer.get_by_role("heading", name="Reopened by the GMCA assurance team")).to_be_visible()
    overseer.context.close()
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_oversight_drills_into_the_dashboard_assures_returns_exports_and_opens_the_board_report(
    page, live_server, demo
):
    sign_in(page, live_server, "oversight")
    expect(page.get_by_role("heading", name="Assurance queue")).to_be_visible()
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", name="Partnership dashboard")).to_be_visible()
    assert_accessible(page)

    cell = page.locator("table.app-matrix a[aria-label*='submitted for assurance for']").first
    label = cell.get_attribute("aria-label")
    expected = int(label.split()[0])
    cell.click()
    expect(
        page.get_by_text(f"{expected} action{'s match' if expected != 1 else ' matches'} your filters")
    ).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/assurance/")
    assert_accessible(page)
    waiting = Action.objects.filter(status=Status.SUBMITTED).count()
    page.get_by_role("link", name=re.compile(r"^Assure ")).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Assure the action").click()
    expect(page.get_by_text("is assured")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Return ")).first.click()
    page.get_by_label("Why are you returning this action?").fill("Please attach the signed agreement.")
    page.get_by_role("button", name="Return the action").click()
    expect(page.get_by_text("has been returned")).to_be_visible()
    assert Action.objects.filter(status=Status.SUBMITTED).count() == waiting - 2

    page.goto(f"{live_server.url}/dashboard/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Actions (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith("Report,Reference,Recommendation,Agency")
    assert len(content.splitlines()) == Action.objects.count() + 1

    page.get_by_role("link", name="Board report", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Board report as at"))).to_be_visible()
    expect(page.get_by_text("Produced").first).to_be_visible()
    assert_accessible(page)


def test_the_public_summary_works_signed_out(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    expect(
        page.get_by_role("heading", name="Progress on safeguarding recommendations in Greater Manchester")
    ).to_be_visible()
    expect(page.get_by_role("table", name="By partner")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", name=re.compile("Accessibility statement"))).to_be_visible()
    assert_accessible(page)
    narrative = Update.objects.exclude(narrative="").values_list("narrative", flat=True).first()
    page.goto(f"{live_server.url}/public/")
    assert narrative not in page.content()


def test_an_administrator_adds_an_inspection_with_judgements_and_recommendations(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/admin/recommendations/inspection/add/")
    assert_accessible(page)
    page.get_by_label("Title:").fill(
        "Joint targeted area inspection of the multi-agency response to exploitation"
    )
    page.get_by_label("Slug:").fill("jtai-exploitation-2026")
    page.get_by_label("Short name:").fill("JTAI exploitation 2026")
    page.get_by_label("Inspectorate:").select_option(label="Ofsted")
    page.get_by_label("Publication date:").fill("2026-10-01")
    page.get_by_label("Source:").fill("https://www.gov.uk/government/publications/jtai-example")
    judgements = page.locator("#judgements-group")
    judgements.locator(".add-row a").click()
    page.locator("#id_judgements-0-agency").select_option(label="Manchester City Council")
    # Ofsted's own area and grade: several scales have a "Good", and the add page now
    # refuses another inspectorate's (issue 11).
    ofsted_area = GradedArea.objects.filter(inspectorate__short_name="Ofsted").first()
    ofsted_good = Grade.objects.get(inspectorate__short_name="Ofsted", label="Good")
    page.locator("#id_judgements-0-area").select_option(value=str(ofsted_area.pk))
    page.locator("#id_judgements-0-grade").select_option(value=str(ofsted_good.pk))
    recommendations = page.locator("#recommendations-group")
    recommendations.locator(".add-row a").click()
    page.locator("#id_recommendations-0-reference").fill("R1")
    page.locator("#id_recommendations-0-wording").fill(
        "Partners should make sure exploitation screening tools are used consistently."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    assert_accessible(page)


def test_a_draft_report_is_invisible_to_a_partner_until_an_administrator_publishes_it(
    page, live_server, demo, browser, tmp_path
):
    from recommendations.models import Inspection, Inspectorate

    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/admin/recommendations/inspection/add/")
    page.get_by_label("Title:").fill("Joint targeted area inspection of the response to exploitation")
    page.get_by_label("Short name:").fill("JTAI exploitation 2026")
    page.get_by_label("Inspectorate:").select_option(label="Ofsted")
    page.get_by_label("Publication date:").fill("2026-10-01")
    page.get_by_label("Source:").fill("https://www.gov.uk/government/publications/jtai-example")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    draft = Inspection.objects.get(title="Joint targeted area inspection of the response to exploitation")
    assert draft.is_draft and Inspectorate.objects.get(pk=draft.inspectorate_id).short_name == "Ofsted"

    # Its recommendations from the spreadsheet the inspectorate published.
    sheet = tmp_path / "jtai.csv"
    sheet.write_text(
        "reference,kind,wording,agencies,themes,due date\n"
        "R1,recommendation,Partners should use one exploitation screening tool.,Manchester; GMP,,2027-03-31\n"
    )
    page.goto(f"{live_server.url}/admin-tools/inspections/{draft.pk}/import/")
    page.locator("input[type=file][name=file]").set_input_files(str(sheet))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("button", name="Import 1 recommendation").click()
    expect(page.get_by_text("agencies will see their new actions when you publish it")).to_be_visible()
    assert_accessible(page)

    # A Manchester contributor sees nothing of it: not in their lists, 404 by address.
    partner = browser.new_context().new_page()
    sign_in(partner, live_server, "manchester.contributor")
    partner.goto(f"{live_server.url}/actions/")
    expect(partner.get_by_text("one exploitation screening tool")).to_have_count(0)
    partner.goto(f"{live_server.url}/recommendations/?q=screening")
    expect(partner.get_by_text("one exploitation screening tool")).to_have_count(0)
    assert partner.goto(f"{live_server.url}/reports/{draft.pk}/").status == 404

    # The administrator checks what partners will see, then publishes it.
    page.goto(f"{live_server.url}/reports/{draft.pk}/")
    expect(page.get_by_text("Only administrators can see this report.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Check and publish to partners").click()
    expect(page.get_by_text("GMP: 1")).to_be_visible()
    expect(page.get_by_text("Manchester: 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish to partners").click()
    expect(page.get_by_text("is published to partners, with 2 agency actions")).to_be_visible()

    partner.goto(f"{live_server.url}/actions/")
    expect(partner.get_by_text("one exploitation screening tool").first).to_be_visible()
    assert partner.goto(f"{live_server.url}/reports/{draft.pk}/").status == 200
    partner.context.close()


@pytest.mark.parametrize("path", ["/public/", "/accessibility/", "/accounts/login/"])
def test_public_pages_reflow_at_320_pixels(page, live_server, demo, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{path}")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_a_partner_journey_reflows_at_320_pixels(page, live_server, demo):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server, "bolton.contributor")
    assert_no_horizontal_scroll(page)
    action = overdue_bolton_action()
    for path in (
        f"/actions/{action.pk}/",
        f"/actions/{action.pk}/progress/",
        f"/recommendations/{action.recommendation_id}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert_no_horizontal_scroll(page)


def test_a_partner_logs_progress_with_the_keyboard_alone(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("bolton.contributor")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/actions/$"))
    action = overdue_bolton_action()
    tab_to(page, f"a[href='/actions/{action.pk}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/actions/{action.pk}/$"))
    tab_to(page, f"a[href='/actions/{action.pk}/progress/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/progress/$"))
    tab_to(page, "#id_narrative")
    page.keyboard.type("Keyboard-only update: guidance published.")
    # A radio group is one tab stop; arrow keys choose within it, as in any browser.
    tab_to(page, "input[name=confidence]")
    for _ in range(3):
        if page.locator("#id_confidence_0").is_checked():
            break
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    assert page.locator("#id_confidence_0").is_checked()
    tab_to(page, "#id_percent_complete")
    page.keyboard.press("Control+A")
    page.keyboard.type("55")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/actions/{action.pk}/$"))
    expect(page.get_by_text("Keyboard-only update: guidance published.")).to_be_visible()


def test_filters_and_forms_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "bolton.contributor")
    page.get_by_label("Overdue", exact=True).check()
    page.get_by_role("button", name="Apply filters").first.click()
    assert "due=overdue" in page.url
    action = overdue_bolton_action()
    page.goto(f"{live_server.url}/actions/{action.pk}/progress/")
    page.get_by_label("What has been done since the last update?").fill("Logged without JavaScript.")
    page.get_by_label("Amber: at risk").check()
    page.get_by_label("Percent complete").fill("45")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Logged without JavaScript.")).to_be_visible()
    action.refresh_from_db()
    assert action.percent_complete == 45
    context.close()


def test_the_settings_and_import_pages_are_accessible(page, live_server, demo):
    """Pages outside the main journeys: notification preferences, API tokens, import."""
    from recommendations.models import Inspection

    sign_in(page, live_server, "bolton.lead")
    for path in ("/notifications/", "/api/tokens/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        assert_no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/api/tokens/")
    page.get_by_role("button", name=re.compile("Create")).first.click()
    assert_accessible(page)

    admin = page.context.browser.new_context().new_page()
    sign_in(admin, live_server, "admin")
    inspection = Inspection.objects.order_by("pk").first()
    admin.goto(f"{live_server.url}/admin-tools/inspections/{inspection.pk}/import/")
    assert_accessible(admin)
    admin.goto(f"{live_server.url}/admin/recommendations/inspection/{inspection.pk}/change/")
    assert_accessible(admin)
    admin.context.close()


def test_a_lead_asks_for_new_due_dates_and_the_assurance_team_approves_one_and_refuses_one(
    page, live_server, demo, browser
):
    # Wigan's two open actions due soonest; the first is overdue.
    overdue = list(
        Action.objects.filter(
            agency__slug="wigan", status__in=[Status.NOT_STARTED, Status.IN_PROGRESS]
        ).order_by("due_date", "pk")[:2]
    )
    assert len(overdue) == 2 and overdue[0].is_overdue
    sign_in(page, live_server, "wigan.lead")
    for action, reason in zip(overdue, ("The new system went live late.", "Staff changes."), strict=True):
        page.goto(f"{live_server.url}/actions/{action.pk}/")
        page.get_by_role("link", name="Ask for a new date").click()
        assert_accessible(page)
        page.get_by_label("Day").fill("30")
        page.get_by_label("Month").fill("6")
        page.get_by_label("Year").fill("2027")
        page.get_by_label("Why does the action need more time?").fill(reason)
        page.get_by_role("button", name="Ask for this date").click()
        expect(page.get_by_text("is waiting for the GMCA assurance team")).to_be_visible()

    overseer = browser.new_context().new_page()
    sign_in(overseer, live_server, "oversight")
    for action, decision in zip(overdue, ("Yes, approve it", "No, refuse it"), strict=True):
        overseer.goto(f"{live_server.url}/assurance/")
        overseer.get_by_role(
            "link",
            name=re.compile(
                f"^Decide on {re.escape(action.agency.short_name)}.*{action.recommendation.reference}$"
            ),
        ).click()
        assert_accessible(overseer)
        overseer.get_by_label(decision).check()
        if decision.startswith("No"):
            overseer.get_by_role("button", name="Save the decision").click()
            expect(overseer.get_by_text("Enter why the new due date is refused").first).to_be_visible()
            assert_accessible(overseer)
            overseer.get_by_label(decision).check()
            overseer.get_by_label("Your reason").fill("Agree a recovery plan with us first.")
        overseer.get_by_role("button", name="Save the decision").click()
        expect(overseer.get_by_text(re.compile("New due date for .* (approved|refused)"))).to_be_visible()
    overseer.context.close()

    approved, refused = (Action.objects.get(pk=a.pk) for a in overdue)
    assert str(approved.due_date) == "2027-06-30" and not approved.is_overdue
    assert refused.due_date == overdue[1].due_date
    page.goto(f"{live_server.url}/actions/{refused.pk}/")
    expect(page.get_by_text("Agree a recovery plan with us first.")).to_be_visible()
    expect(page.get_by_role("heading", name="New due date refused")).to_be_visible()


def test_a_report_deadline_becomes_overdue_and_appears_on_the_assurance_teams_task_list(
    page, live_server, demo, browser
):
    import datetime

    from django.utils import timezone

    from recommendations.models import Inspection

    report = Inspection.objects.get(slug="cse-assurance-review-part-four")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/admin/recommendations/clock/add/")
    assert_accessible(page)
    page.get_by_label("Report:").select_option(value=str(report.pk))
    page.get_by_label("Kind:").select_option(label="Action plan")
    page.get_by_label("What is due:").fill("GMP's action plan on the Part Four findings, sent to the Mayor")
    page.get_by_label("Who it falls to:").select_option(label="Greater Manchester Police")
    page.get_by_label("Due:", exact=True).fill(yesterday.isoformat())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()

    overseer = browser.new_context().new_page()
    sign_in(overseer, live_server, "oversight")
    overseer.goto(f"{live_server.url}/")
    expect(overseer.get_by_role("heading", name="Report deadlines")).to_be_visible()
    expect(
        overseer.get_by_text("GMP's action plan on the Part Four findings, sent to the Mayor")
    ).to_be_visible()
    expect(overseer.get_by_text("1 day overdue")).to_be_visible()
    assert_accessible(overseer)
    overseer.get_by_role("link", name="CSE review Part Four", exact=True).first.click()
    expect(overseer.get_by_role("heading", name="Deadlines")).to_be_visible()
    expect(overseer.get_by_text("Overdue", exact=True)).to_be_visible()
    overseer.context.close()


def test_a_lead_writes_a_plan_with_milestones_and_an_overdue_one_reaches_the_task_list(
    page, live_server, demo
):
    import datetime

    from django.utils import timezone

    action = Action.objects.get(
        agency__slug="bury",
        recommendation__inspection__slug="cse-assurance-review-part-four",
        recommendation__reference="R2",
    )
    assert not action.milestones.exists()
    today = timezone.localdate()
    late, later = today - datetime.timedelta(days=10), today + datetime.timedelta(days=60)
    sign_in(page, live_server, "bury.lead")
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    page.get_by_role("link", name="Write the plan").click()
    expect(page.get_by_role("heading", name="Your plan for this action")).to_be_visible()
    assert_accessible(page)

    page.locator("[name=m0_title]").fill("Information governance review of the agreement")
    page.locator("[name=m0_due_on_day]").fill(str(late.day))
    page.locator("[name=m0_due_on_month]").fill(str(late.month))
    page.locator("[name=m0_due_on_year]").fill(str(late.year))
    page.locator("[name=m1_title]").fill("Agreement signed")
    page.get_by_label("What would show that the action has made a difference?").fill(
        "Share of monthly exploitation data returns received on time and to the common standard"
    )
    page.get_by_label("Target value (optional)").fill("90")
    page.get_by_label("Unit (optional)").fill("%")
    page.get_by_role("button", name="Save the plan").click()
    # The second milestone has no due date: an error summary, and nothing saved.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter when milestone 2 is due")).to_be_visible()
    assert_accessible(page)
    assert not action.milestones.exists()

    page.locator("[name=m1_due_on_day]").fill(str(later.day))
    page.locator("[name=m1_due_on_month]").fill(str(later.month))
    page.locator("[name=m1_due_on_year]").fill(str(later.year))
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="Information governance review of the agreement")).to_be_visible()
    expect(page.get_by_text("Milestone overdue").first).to_be_visible()
    expect(page.get_by_role("heading", name="Plan changed").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/actions/")
    page.get_by_role("link", name=re.compile("With a milestone overdue")).click()
    assert "due=milestone" in page.url
    expect(page.locator(f"a[href='/actions/{action.pk}/']").first).to_be_visible()
    assert_accessible(page)


def test_the_assurance_team_records_impact_evidenced_with_evidence(page, live_server, demo, tmp_path):
    action = Action.objects.get(
        agency__slug="manchester",
        recommendation__inspection__slug="cse-assurance-review-part-four",
        recommendation__reference="R8",
    )
    assert action.status == Status.ASSURED and not action.impact_evidenced and action.impact_measure
    sign_in(page, live_server, "oversight")
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    expect(page.get_by_text("Assured as delivered; impact not yet evidenced")).to_be_visible()
    page.get_by_role("link", name="Record impact evidenced").click()
    expect(page.get_by_role("heading", name="Has this action made a difference?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record impact evidenced").click()
    expect(page.get_by_role("link", name="Enter what shows the action made a difference")).to_be_visible()
    assert_accessible(page)

    rota = tmp_path / "reviewer-rota.pdf"
    rota.write_bytes(PDF)
    page.get_by_label("What shows the action has made a difference?").fill(
        "The rota shows six trained reviewers, four of whom took part in the autumn round."
    )
    page.locator("input[type=file][name=files]").set_input_files(str(rota))
    page.get_by_role("button", name="Record impact evidenced").click()
    expect(page.get_by_text("Impact evidenced for Manchester's action on R8.")).to_be_visible()
    expect(page.get_by_text("Impact evidenced").first).to_be_visible()
    expect(page.get_by_role("link", name="reviewer-rota.pdf")).to_be_visible()
    assert_accessible(page)
    action.refresh_from_db()
    assert action.impact_evidenced

    page.goto(f"{live_server.url}/dashboard/")
    expect(
        page.get_by_text(re.compile(r"assured as delivered, of which 2 \(\d+%\) with impact evidenced"))
    ).to_be_visible()
    assert_accessible(page)
