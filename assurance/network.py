"""Where a request comes from, for the sign-in lockout and the evidence audit."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person making the request.

    Behind ``AXES_PROXY_COUNT`` trusted proxies (``BEHIND_PROXY``), each proxy appends the
    address it received the request from to ``X-Forwarded-For``, so the person's address
    is that many entries from the right; anything further left was written by the
    browser and is not trusted. Without proxies the header is ignored: anyone can send it.
    """
    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
