"""HEAD answers wherever GET does, with the same status and no body: load balancers,
uptime monitors and link checkers ask with HEAD, and a 405 reads to them as broken."""

import pytest
from django.urls import reverse

from api.services import token_create
from tests.test_access_matrix import (  # _shared_world and world are fixtures, used here by name
    EXPECTED,
    ROLES,
    _shared_world,  # noqa: F401
    sign_in_as,
    url_kwargs,
    world,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def role_for(name: str) -> str:
    """The first role that may read the page (so HEAD is tried on the page itself, not
    on a refusal), or signed out for a page nobody reads with GET."""
    return next((role for role, seen in zip(ROLES, EXPECTED[name], strict=True) if seen == 200), "signed_out")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_head_answers_as_get_does_without_a_body(client, world, name):  # noqa: F811
    sign_in_as(client, world, role_for(name))
    # The API's endpoints are tried with a token, so that they answer with data.
    headers = {}
    if name.startswith("api:"):
        secret = token_create(user=world["users"]["oversight"], name="Monitor", expires_in_days=None)[1]
        headers = {"Authorization": f"Bearer {secret}"}

    for kwargs in url_kwargs(name, world):
        url = reverse(name, kwargs=kwargs)
        head = client.head(url, headers=headers)
        get = client.get(url, headers=headers)

        assert (head.status_code, head.get("Location")) == (get.status_code, get.get("Location")), url
        assert head.get("Content-Type") == get.get("Content-Type"), url
        assert body(head) == b"", url


@pytest.mark.parametrize(
    "url", ["/healthz", "/accessibility/", "/public/", "/api/public/summary", "/api/openapi.json"]
)
def test_head_works_signed_out_on_the_public_pages(client, url):
    head = client.head(url)

    assert head.status_code == 200
    assert body(head) == b""


def test_a_method_nobody_uses_is_still_refused(client, world):  # noqa: F811
    sign_in_as(client, world, "oversight")

    for url in ("/healthz", reverse("dashboard"), "/api/public/summary"):
        assert client.generic("PUT", url).status_code == 405, url


@pytest.mark.parametrize(("name", "who"), [("action_progress", "lead"), ("action_assure", "oversight")])
def test_head_follows_get_to_the_action_when_the_form_no_longer_applies(client, world, name, who):  # noqa: F811
    sign_in_as(client, world, who)
    url = reverse(name, args=[world["assured"].pk])  # assured: neither form applies to it

    head, get = client.head(url), client.get(url)

    assert get.status_code == 302
    assert (head.status_code, head.get("Location")) == (get.status_code, get["Location"])
