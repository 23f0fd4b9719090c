"""The organisations whose own accounts sign people in (OpenID Connect), read once at
start-up.

``OIDC_PROVIDERS`` in the environment (or the file ``OIDC_PROVIDERS_FILE`` names) holds
a JSON list, one object per identity provider:

    {"key": "gmp", "name": "Greater Manchester Police",
     "issuer": "https://login.microsoftonline.com/<tenant id>/v2.0",
     "client_id": "<application (client) id>", "client_secret_env": "OIDC_GMP_SECRET",
     "domains": ["gmp.police.uk"], "agency": "gmp", "mfa_acr": []}

``client_secret_env`` names the environment variable that holds the secret (or give
``client_secret`` itself); ``agency`` is the slug of the agency new people join as
contributors; ``mfa_acr`` lists ``acr`` values that mean the provider asked for a second
factor (an ``amr`` containing ``mfa`` always does). Anything wrong stops the start-up
with the reason, rather than failing at someone's first sign-in. Pure Python: the
settings module imports it before Django is set up.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
FIELDS = {
    "key",
    "name",
    "issuer",
    "client_id",
    "client_secret",
    "client_secret_env",
    "domains",
    "agency",
    "mfa_acr",
}


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    domains: tuple[str, ...]
    agency: str
    mfa_acr: tuple[str, ...] = ()

    def __repr__(self) -> str:  # never print the secret
        return f"Provider({self.key!r}, {self.issuer!r})"


def _fail(where: str, message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"OIDC_PROVIDERS {where}: {message}")


def _text(entry: dict, name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"'{name}' must be a non-empty string.")
    return value.strip()


def _issuer(value: str, where: str) -> str:
    parts = urlsplit(value)
    local = parts.hostname in LOCAL_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise _fail(where, f"'issuer' must be an https address (http only on this machine), not {value!r}.")
    if not parts.netloc or parts.query or parts.fragment:
        raise _fail(where, f"'issuer' must be the provider's issuer address, not {value!r}.")
    return value.rstrip("/")


def parse(raw: str, environ: dict[str, str] | None = None) -> tuple[Provider, ...]:
    """The providers ``raw`` (JSON) describes, checked; ``()`` when it is empty."""
    environ = os.environ if environ is None else environ
    if not raw.strip():
        return ()
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _fail("", f"is not valid JSON ({error}).") from None
    if not isinstance(entries, list):
        raise _fail("", "must be a JSON list of providers.")
    providers: list[Provider] = []
    domain_owner: dict[str, str] = {}
    for i, entry in enumerate(entries):
        where = f"entry {i + 1}"
        if not isinstance(entry, dict):
            raise _fail(where, "must be a JSON object.")
        unknown = set(entry) - FIELDS
        if unknown:
            raise _fail(where, f"unknown field(s) {', '.join(sorted(unknown))}.")
        key = _text(entry, "key", where)
        where = f"'{key}'"
        if not KEY.match(key):
            raise _fail(where, "'key' must be lower-case letters, digits and hyphens.")
        if any(p.key == key for p in providers):
            raise _fail(where, "two providers have this key.")
        if "client_secret_env" in entry:
            secret_name = _text(entry, "client_secret_env", where)
            secret = environ.get(secret_name, "")
            if not secret:
                raise _fail(where, f"the environment variable {secret_name} (its client secret) is not set.")
        else:
            secret = _text(entry, "client_secret", where)
        domains = entry.get("domains")
        if not isinstance(domains, list) or not domains:
            raise _fail(where, "'domains' must list the e-mail domains it signs in.")
        cleaned = []
        for domain in domains:
            domain = str(domain).strip().lower()
            if not DOMAIN.match(domain):
                raise _fail(where, f"{domain!r} is not an e-mail domain.")
            if domain in domain_owner:
                raise _fail(where, f"the domain {domain} is already {domain_owner[domain]}'s.")
            domain_owner[domain] = key
            cleaned.append(domain)
        acr = entry.get("mfa_acr", [])
        if not isinstance(acr, list) or not all(isinstance(a, str) and a for a in acr):
            raise _fail(where, "'mfa_acr' must be a list of acr values.")
        providers.append(
            Provider(
                key=key,
                name=_text(entry, "name", where),
                issuer=_issuer(_text(entry, "issuer", where), where),
                client_id=_text(entry, "client_id", where),
                client_secret=secret,
                domains=tuple(cleaned),
                agency=_text(entry, "agency", where),
                mfa_acr=tuple(acr),
            )
        )
    return tuple(providers)


def from_environment(environ: dict[str, str] | None = None) -> tuple[Provider, ...]:
    environ = os.environ if environ is None else environ
    path = environ.get("OIDC_PROVIDERS_FILE", "")
    if path:
        try:
            raw = Path(path).read_text()
        except OSError as error:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS_FILE: cannot read {path} ({error}).") from None
        return parse(raw, environ)
    return parse(environ.get("OIDC_PROVIDERS", ""), environ)
