"""The board report PDF keeps its stylesheet in production, where static files are
collected into STATIC_ROOT under hashed names (ManifestStaticFilesStorage), rather
than served from the source folders as in development and the rest of the tests."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from weasyprint.urls import URLFetcherResponse

from recommendations.views import dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected_static(settings, tmp_path) -> Path:
    """Static files as `make deploy` leaves them: collected, with hashed names in a manifest."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.fixture
def fetched(monkeypatch) -> dict:
    """What the PDF's fetcher answered for each URL: the bytes, or the error it raised."""
    answers = {}
    make_fetcher = dashboard.static_only_fetcher

    def recording_fetcher():
        fetcher = make_fetcher()
        fetch = fetcher.fetch

        def record(url, headers=None):
            try:
                response = fetch(url, headers)
            except Exception as error:
                answers[url] = error
                raise
            answers[url] = body = response.read()
            response.close()
            return URLFetcherResponse(url, body, headers=response.headers)

        fetcher.fetch = record
        return fetcher

    monkeypatch.setattr(dashboard, "static_only_fetcher", recording_fetcher)
    return answers


def test_the_board_report_pdf_loads_its_collected_stylesheet(client, oversight, collected_static, fetched):
    client.force_login(oversight)

    response = client.get(reverse("board_report"), {"format": "pdf"})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    stylesheets = [url for url in fetched if url.endswith(".css")]
    assert len(stylesheets) == 1
    (url,) = stylesheets
    hashed = url.removeprefix("file://").removeprefix("/static/")
    assert hashed != "govuk/app.css"  # the manifest's name, as in production
    assert fetched[url] == (collected_static / hashed).read_bytes()
    # What the stylesheet itself refers to (fonts, images) loads too.
    assert not [u for u, answer in fetched.items() if isinstance(answer, Exception)]


def test_the_board_report_pdf_loads_nothing_from_outside_the_static_files(
    client, oversight, collected_static
):
    fetcher = dashboard.static_only_fetcher()

    for url in (
        "https://example.org/tracker.css",
        "file:///etc/passwd",
        "file:///static/../assurance/settings.py",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
    ):
        with pytest.raises(ValueError, match="may not load"):
            fetcher.fetch(url)
