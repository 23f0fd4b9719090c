"""Sign in with your organisation's account: OpenID Connect, one identity provider per
partner organisation, several at once.

mozilla-django-oidc does the protocol: the authorisation request with ``state``, a
``nonce`` and PKCE (S256) kept in the session, the callback that checks the state and
hands the nonce and code verifier on, and the exchange of the code for tokens. This
module picks the provider (``assurance.oidc_config``: by the e-mail domain or the
organisation chosen), reads its addresses from its discovery document, checks the ID
token fully (signature against the provider's published keys, issuer, audience, expiry,
nonce: the library leaves the audience and issuer unchecked) and decides who the
person is:

- an account is linked by the provider's issuer and subject identifier
  (``ExternalIdentity``), never by e-mail address;
- the first sign-in from a configured e-mail domain creates the person as a contributor
  of the organisation's agency (leads, the assurance team and administrators are still
  granted in the tracker); any other domain is refused with a page that says why;
- a person the tracker has deactivated is refused, and one the organisation has
  disabled cannot get past their provider; accounts made here have no password;
- for the assurance team and administrators the sign-in counts as two-factor only when
  the provider says a second factor was used (``amr`` contains ``mfa``, or an ``acr``
  the configuration names); otherwise the tracker's own code is still asked.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from agencies.models import Agency, ExternalIdentity, Membership
from assurance.oidc_config import Provider

log = logging.getLogger(__name__)

# Session keys: which provider each pending sign-in went to; after sign-in, the
# provider, its ID token (to end its session too) and whether it vouched for two factors.
STATES = "sso_states"
PROVIDER = "sso_provider"
ID_TOKEN = "sso_id_token"  # noqa: S105 (a session key, not a secret)
TWO_FACTOR = "sso_two_factor"
EMAIL = re.compile(r"^[^@\s]+@([^@\s]+)$")
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256"]
# Clock difference allowed between the provider and this server.
LEEWAY = 60


class Refused(Exception):
    """The sign-in cannot go on; ``reason`` picks what the refusal page says."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- The configured providers ------------------------------------------------------------


def providers() -> tuple[Provider, ...]:
    return tuple(settings.OIDC_PROVIDERS)


def provider(key: str | None) -> Provider | None:
    return next((p for p in providers() if p.key == key), None)


def domain_of(email: str) -> str | None:
    match = EMAIL.match(email.strip().lower())
    return match.group(1) if match else None


def provider_for_email(email: str) -> Provider | None:
    domain = domain_of(email)
    return next((p for p in providers() if domain in p.domains), None) if domain else None


@dataclass(frozen=True)
class Metadata:
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    end_session_endpoint: str


def metadata(p: Provider) -> Metadata:
    """The provider's addresses from its discovery document, kept for a while. Its
    issuer must be the one configured (a document from elsewhere is refused)."""
    key = f"oidc:metadata:{p.key}:{p.issuer}"
    found = cache.get(key)
    if found is None:
        try:
            response = requests.get(
                f"{p.issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            log.warning("OpenID provider %s: no discovery document (%s)", p.key, error)
            raise Refused("unreachable") from None
        if str(document.get("issuer", "")).rstrip("/") != p.issuer:
            log.error("OpenID provider %s: the discovery document names another issuer", p.key)
            raise Refused("unreachable")
        try:
            found = {
                "authorization_endpoint": document["authorization_endpoint"],
                "token_endpoint": document["token_endpoint"],
                "jwks_uri": document["jwks_uri"],
                "userinfo_endpoint": document.get("userinfo_endpoint", ""),
                "end_session_endpoint": document.get("end_session_endpoint", ""),
            }
        except KeyError as missing:
            log.error("OpenID provider %s: the discovery document has no %s", p.key, missing)
            raise Refused("unreachable") from None
        cache.set(key, found, settings.OIDC_DISCOVERY_SECONDS)
    return Metadata(**found)


_key_clients: dict[str, jwt.PyJWKClient] = {}


def signing_key(jwks_uri: str, token: str):
    """The provider's published key that signed ``token`` (the key set is kept, and
    fetched again when a key it has not seen appears)."""
    client = _key_clients.get(jwks_uri)
    if client is None:
        client = _key_clients[jwks_uri] = jwt.PyJWKClient(
            jwks_uri, lifespan=settings.OIDC_DISCOVERY_SECONDS, timeout=settings.OIDC_TIMEOUT
        )
    try:
        return client.get_signing_key_from_jwt(token).key
    except jwt.PyJWKClientError as error:
        raise SuspiciousOperation(f"No key of the provider signed the ID token ({error}).") from None


def verify_id_token(p: Provider, meta: Metadata, token: str, nonce: str | None) -> dict:
    """The ID token's claims, once its signature, issuer, audience, expiry and nonce
    hold; otherwise ``SuspiciousOperation``."""
    try:
        claims = jwt.decode(
            token,
            signing_key(meta.jwks_uri, token),
            algorithms=ALGORITHMS,
            audience=p.client_id,
            issuer=p.issuer,
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.InvalidTokenError as error:
        raise SuspiciousOperation(f"The ID token is not valid ({error}).") from None
    if not nonce or claims.get("nonce") != nonce:
        raise SuspiciousOperation("The ID token's nonce is not the one this sign-in sent.")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != p.client_id:
        raise SuspiciousOperation("The ID token was issued to another party.")
    return claims


def vouches_for_two_factors(p: Provider, claims: dict) -> bool:
    amr = claims.get("amr") or []
    return (isinstance(amr, list) and "mfa" in amr) or (bool(p.mfa_acr) and claims.get("acr") in p.mfa_acr)


# -- Who the person is -------------------------------------------------------------------


def _unique_username(email: str) -> str:
    User = get_user_model()
    base = email[:140]
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def person_for(p: Provider, claims: dict) -> object:
    """The tracker's user for these verified claims: the one linked to this subject, or
    a new contributor of the organisation's agency on a first sign-in. ``Refused`` if
    neither may be."""
    User = get_user_model()
    identity = (
        ExternalIdentity.objects.select_related("user").filter(issuer=p.issuer, subject=claims["sub"]).first()
    )
    if identity is not None:
        if not identity.user.is_active:
            raise Refused("inactive")
        identity.last_signed_in_at = timezone.now()
        identity.save(update_fields=["last_signed_in_at"])
        return identity.user
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
    domain = domain_of(email)
    if domain is None or claims.get("email_verified") is False:
        raise Refused("no_email")
    if domain not in p.domains:
        raise Refused("domain")
    agency = Agency.objects.filter(slug=p.agency, is_active=True).first()
    if agency is None:
        log.error("OpenID provider %s: no active agency with the slug %r", p.key, p.agency)
        raise Refused("no_agency")
    if User.objects.filter(email__iexact=email).exists():
        # Someone already has an account with this address: linking it on the address
        # alone would let whoever controls the address at the provider take it over.
        raise Refused("exists")
    given, family = claims.get("given_name") or "", claims.get("family_name") or ""
    if not (given or family) and claims.get("name"):
        given, _, family = str(claims["name"]).partition(" ")
    with transaction.atomic():
        user = User(
            username=_unique_username(email), email=email, first_name=given[:150], last_name=family[:150]
        )
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, agency=agency, role=Membership.Role.CONTRIBUTOR)
        ExternalIdentity.objects.create(
            user=user, issuer=p.issuer, subject=claims["sub"], last_signed_in_at=timezone.now()
        )
    log.info("OpenID provider %s: first sign-in made user %s in %s", p.key, user.pk, agency.slug)
    return user


class OrganisationBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of a sign-in this module started (the callback view
    puts the provider on the request); any other ``authenticate`` call is not its."""

    def __init__(self, *args, **kwargs) -> None:
        # Not the library's __init__: it reads one provider from settings.
        self.UserModel = get_user_model()

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        p = getattr(request, "sso_provider", None) if request is not None else None
        if p is None or not request.GET.get("code") or not request.GET.get("state"):
            return None
        self.request = request
        try:
            meta = metadata(p)
            self.OIDC_OP_TOKEN_ENDPOINT = meta.token_endpoint
            token_request = {
                "client_id": p.client_id,
                "client_secret": p.client_secret,
                "grant_type": "authorization_code",
                "code": request.GET["code"],
                "redirect_uri": request.build_absolute_uri(reverse("sso_callback")),
            }
            if code_verifier:
                token_request["code_verifier"] = code_verifier
            try:
                tokens = self.get_token(token_request)
            except requests.RequestException as error:
                log.warning("OpenID provider %s refused the code: %s", p.key, error)
                raise Refused("token") from None
            id_token = tokens.get("id_token")
            if not id_token:
                raise Refused("token")
            claims = verify_id_token(p, meta, id_token, nonce)
            if not claims.get("email") and meta.userinfo_endpoint and tokens.get("access_token"):
                self.OIDC_OP_USER_ENDPOINT = meta.userinfo_endpoint
                info = self.get_userinfo(tokens["access_token"], id_token, claims)
                if info.get("sub") == claims["sub"]:
                    claims = {**info, **claims, "email": info.get("email", "")}
            user = person_for(p, claims)
        except Refused as refusal:
            request.sso_refusal = refusal.reason
            return None
        request.sso_signed_in = {"id_token": id_token, "two_factor": vouches_for_two_factors(p, claims)}
        return user


def two_factor_from_provider(request: HttpRequest) -> bool:
    """Whether this session's sign-in came with the provider's word for a second factor."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and request.session.get(TWO_FACTOR) == user.pk)


# -- Pages ---------------------------------------------------------------------------------

REASONS = {
    "denied": "Your organisation did not sign you in. If your account there has been disabled, "
    "or you chose not to continue, you cannot use this service with it.",
    "domain": "Your organisation's account is not set up to sign in to this service with that "
    "e-mail address. Sign in with the account for your organisation's own e-mail domain.",
    "no_email": "Your organisation did not tell us your e-mail address, so we could not set up your account.",
    "exists": "An account with your e-mail address already exists in this service. Ask the "
    "GMCA assurance team to link it to your organisation's account, or sign in with its "
    "username and password.",
    "inactive": "Your account in this service has been closed. Ask the GMCA assurance team if you still need it.",
    "no_agency": "Your organisation is not yet set up in this service. Ask the GMCA assurance team.",
    "unreachable": "Your organisation's sign-in service is not answering. Try again later.",
    "token": "Your organisation's sign-in service did not confirm who you are. Try signing in again.",
    "expired": "That sign-in had already been used or had expired. Try signing in again.",
}


def refused(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    return render(
        request,
        "registration/sso_refused.html",
        {"reason": REASONS.get(reason, REASONS["token"])},
        status=status,
    )


class Begin(OIDCAuthenticationRequestView):
    """The library's authorisation request, sent to one provider: state, nonce and PKCE
    kept in the session, the e-mail typed passed on as a hint."""

    def __init__(self, p: Provider, meta: Metadata, login_hint: str = "") -> None:
        View.__init__(self)
        self.provider, self.login_hint = p, login_hint
        self.OIDC_OP_AUTH_ENDPOINT = meta.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = p.client_id

    def get_settings(self, attr, *args):
        ours = {
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": True,
            "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
            "OIDC_RP_SCOPES": "openid email profile",
            "OIDC_AUTHENTICATION_CALLBACK_URL": "sso_callback",
        }
        return ours[attr] if attr in ours else import_from_settings(attr, *args)

    def get_extra_params(self, request):
        return {"login_hint": self.login_hint} if self.login_hint else {}


def safe_next(request: HttpRequest, target: str | None) -> str | None:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def begin(
    request: HttpRequest, p: Provider, *, login_hint: str = "", next_url: str | None = None
) -> HttpResponse:
    """Send the person to their provider to sign in."""
    try:
        meta = metadata(p)
    except Refused as refusal:
        return refused(request, refusal.reason, status=503)
    response = Begin(p, meta, login_hint).get(request)
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    pending = {
        k: v for k, v in request.session.get(STATES, {}).items() if k in request.session["oidc_states"]
    }
    pending[state] = p.key
    request.session[STATES] = pending
    request.session["oidc_login_next"] = safe_next(request, next_url)
    return response


class Callback(OIDCAuthenticationCallbackView):
    """The library's callback (the state must be one this session sent; the nonce and
    code verifier go with it once), then this tracker's refusal page or sign-in."""

    http_method_names = ["get", "head"]

    def get(self, request):
        state = request.GET.get("state", "")
        request.sso_provider = provider(request.session.get(STATES, {}).get(state))
        request.sso_refusal = "denied" if request.GET.get("error") else None
        if request.GET.get("code") and request.sso_provider is None:
            # A state this session never sent is the library's to refuse (400).
            if state in request.session.get("oidc_states", {}):
                raise SuspiciousOperation("A sign-in state without its provider.")
            request.sso_refusal = "expired"
        return super().get(request)

    def login_failure(self):
        reason = getattr(self.request, "sso_refusal", None)
        if reason is None and getattr(self, "user", None) is not None and not self.user.is_active:
            reason = "inactive"
        return refused(self.request, reason or "expired")

    def login_success(self):
        response = super().login_success()
        signed_in = self.request.sso_signed_in
        self.request.session[PROVIDER] = self.request.sso_provider.key
        self.request.session[ID_TOKEN] = signed_in["id_token"]
        if signed_in["two_factor"]:
            self.request.session[TWO_FACTOR] = self.user.pk
        else:
            self.request.session.pop(TWO_FACTOR, None)
        return response


def end_session_url(request: HttpRequest, provider_key: str | None, id_token: str | None) -> str | None:
    """Where to end the provider's session too, if it offers that."""
    p = provider(provider_key)
    if p is None:
        return None
    try:
        meta = metadata(p)
    except Refused:
        return None
    if not meta.end_session_endpoint:
        return None
    query = {
        "client_id": p.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("home")),
    }
    if id_token:
        query["id_token_hint"] = id_token
    return f"{meta.end_session_endpoint}?{urlencode(query)}"


def sign_out(request: HttpRequest) -> str | None:
    """End this tracker's session; the provider's end-session address, if any, to go to next."""
    provider_key, id_token = request.session.get(PROVIDER), request.session.get(ID_TOKEN)
    auth.logout(request)
    return end_session_url(request, provider_key, id_token)
