"""manage.py create_api_token EMAIL --scope S [--scope S ...] [--days N]: the token alone on the last line."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.api.models import Scope
from portal.api.tokens import DEFAULT_DAYS, api_token_create_offline


class Command(BaseCommand):
    help = "Make an API token for a user and print it (once: only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--scope", action="append", required=True, choices=Scope.values, dest="scopes")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
        parser.add_argument("--name", default="command line")

    def handle(self, *args, email, scopes, days, name, **options):
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the address {email}.")
        try:
            token, secret = api_token_create_offline(user=user, name=name, scopes=scopes, days=days)
        except PermissionDenied as error:
            raise CommandError(f"{error} (an official needs an authenticator set up first)") from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stderr.write(
            f"Token {token.prefix} for {user.email}, scopes {', '.join(token.scopes)}, "
            f"expires {token.expires:%Y-%m-%d}. Shown only now:"
        )
        self.stdout.write(secret)
