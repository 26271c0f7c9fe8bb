"""How the OpenAPI schema describes the API's authentication and its errors."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .serializers import ErrorSerializer

# Every operation may answer these, with the error body: bad input, no or a dead token, a scope missing, an
# object the caller may not see, a method or media type it does not take, too many calls.
ERROR_STATUSES = (400, 401, 403, 404, 405, 406, 415, 429)


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in map(str, ERROR_STATUSES):
            responses.setdefault(code, self._get_response_for_code(ErrorSerializer, code, direction=direction))
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.TokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made on the API tokens page or with `manage.py create_api_token`.",
        }
