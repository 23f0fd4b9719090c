"""Bearer-token authentication for the API. Sessions are deliberately not used: a
browser's cookie never reaches the API's data, so there is no cross-site request to
forge, and every call names the token it acts with."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from api.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        """The token's user, for ``request.auth``; ``request.api_token`` is the token.
        Raises ``TokenRejected`` (a 401 with its message) for a token that cannot be used."""
        api_token = token_authenticate(token)
        request.api_token = api_token
        return api_token.user
