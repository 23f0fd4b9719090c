"""Two-factor authentication pages: set up an authenticator app, verify a code each session.

django-otp does the cryptography and throttling; these views only guide the person
through it with GOV.UK forms. Backup codes are shown once, when they are made.
"""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies import sso

BACKUP_CODES = 10


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        max_length=16,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-10"}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


def _next_url(request: HttpRequest) -> str:
    return sso.safe_next(request, request.POST.get("next") or request.GET.get("next")) or "/"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the code (or type the key), then prove it works."""
    user = request.user
    if any(devices_for_user(user, confirmed=True)) and not user.is_verified():
        return redirect("two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_backup_codes(user)
            otp_login(request, device)
            return render(
                request,
                "registration/two_factor_backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error(
            "token", "The security code is wrong or has expired. Enter the code your app shows now"
        )
    secret = base64.b32encode(device.bin_key).decode()
    ctx = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr": segno.make(device.config_url, error="m").svg_inline(
            scale=4, title="QR code for your authenticator app"
        ),
        "next": _next_url(request),
    }
    return render(request, "registration/two_factor_setup.html", ctx, status=400 if form.errors else 200)


def _new_backup_codes(user) -> list[str]:
    """Replace the person's backup codes with new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Enter the code from the authenticator app, or a backup code, once a session."""
    if request.user.is_verified() or sso.two_factor_from_provider(request):
        return redirect(_next_url(request))
    if not any(devices_for_user(request.user, confirmed=True)):
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"You used a backup code. You have {left} left.")
            return redirect(_next_url(request))
        form.add_error(
            "token",
            "The security code is wrong or has expired. Enter the code your app shows now, or a backup code",
        )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


# -- Sign in with your organisation's account (OpenID Connect: agencies/sso.py) ----------


class OrganisationEmailForm(forms.Form):
    email = forms.EmailField(
        label="Your work e-mail address",
        help_text="For example, firstname.lastname@manchester.gov.uk",
        max_length=254,
        error_messages={
            "required": "Enter your work e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        self.provider = sso.provider_for_email(email)
        if self.provider is None:
            raise forms.ValidationError(
                "Your organisation does not sign in to this service with its own accounts yet. "
                "Sign in with the username and password you were given"
            )
        return email


@require_http_methods(["GET", "HEAD", "POST"])
def sso_start(request: HttpRequest) -> HttpResponse:
    """Open to everyone, like the sign-in page: find the person's organisation by their
    e-mail address (or let them choose it) and send them to its identity provider."""
    next_url = sso.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = OrganisationEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return sso.begin(request, form.provider, login_hint=form.cleaned_data["email"], next_url=next_url)
    return render(
        request,
        "registration/sso_start.html",
        {"form": form, "organisations": sso.providers(), "next": next_url or ""},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
def sso_organisation(request: HttpRequest, key: str) -> HttpResponse:
    """Open to everyone: start signing in with the chosen organisation's account."""
    p = sso.provider(key)
    if p is None:
        raise Http404("No such organisation")
    return sso.begin(request, p, next_url=request.GET.get("next"))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out (a POST, as Django's own): end this session and, for a sign-in with an
    organisation's account, the provider's session too where it offers that."""
    provider_end = sso.sign_out(request)
    return redirect(provider_end or "home")
