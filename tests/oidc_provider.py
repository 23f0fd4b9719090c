"""A real OpenID Connect provider on 127.0.0.1 for the tests (oidc-provider-mock, run as
its own process): it publishes a discovery document and keys, shows an authorisation
form, and issues signed ID tokens with the claims a test gives each subject."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Provider:
    url: str
    process: subprocess.Popen

    def set_user(self, sub: str, **claims) -> None:
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10).raise_for_status()

    def authorize(self, authorize_url: str, sub: str, *, deny: bool = False) -> str:
        """Answer the provider's sign-in form as the person ``sub`` (or refuse); the
        address it sends the browser back to."""
        form = {"action": "deny"} if deny else {"sub": sub}
        response = requests.post(authorize_url, data=form, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def config(self, **overrides) -> str:
        entry = {
            "key": "gmp",
            "name": "Greater Manchester Police",
            "issuer": self.url,
            "client_id": "tracker",
            "client_secret": "tracker-secret",
            "domains": ["gmp.example.org"],
            "agency": "gmp",
            **overrides,
        }
        return json.dumps([entry])


def start() -> Provider:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--require-nonce", "true"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{url}/.well-known/openid-configuration", timeout=1).ok:
                return Provider(url, process)
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the OpenID provider did not start")
        time.sleep(0.1)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
