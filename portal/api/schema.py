"""How the OpenAPI schema describes the API's authentication and its errors."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .serializers import ErrorSerializer

# Every operation may answer these, with the error body: bad input, no or a dead token, a scope missing, an
# object the caller may not see, a method or media type it does not take, too many calls.
ERROR_STATUSES = (400, 401, 403, 404, 405, 406, 415, 429)


class ApiAutoSchema(AutoSchema):
    def get_response_serializers(self):
        responses = super().get_response_serializers()
        if not isinstance(responses, dict):
            return responses
        return {**dict.fromkeys(ERROR_STATUSES, ErrorSerializer), **responses}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.TokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made on the API tokens page or with `manage.py create_api_token`.",
        }
