"""The journeys' accessibility check can fail: a page with known WCAG failures makes it
fail, naming each rule and the elements that break it, so a journey's silence means
something. (It asks axe for violations alone, which must still report every node.)"""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

BROKEN = """<!doctype html>
<html lang="en"><head><title>Broken on purpose</title></head>
<body><main>
  <h1>Broken on purpose</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="first-image">
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="second-image">
  <input type="text" id="unlabelled">
</main></body></html>"""


def test_a_page_with_wcag_failures_fails_the_check_naming_every_element(page):
    page.set_content(BROKEN)

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    message = str(failure.value)
    assert "image-alt" in message and "#first-image" in message and "#second-image" in message
    assert "#unlabelled" in message


def test_the_same_page_mended_passes(page):
    page.set_content(
        BROKEN.replace('id="first-image"', 'id="first-image" alt="A chart"')
        .replace('id="second-image"', 'id="second-image" alt=""')
        .replace(
            '<input type="text" id="unlabelled">',
            '<label for="named">Name</label><input type="text" id="named">',
        )
    )

    assert_accessible(page)
