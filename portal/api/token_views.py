"""The page where a user manages their API tokens: list, create (the secret shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.twofactor import second_factor_required

from .forms import TokenForm
from .tokens import api_token_create, api_token_revoke, tokens_of

# The secret just made, kept in the session only until the page that shows it once is rendered.
FRESH_TOKEN_KEY = "api_fresh_token"  # noqa: S105 (a session key, not a secret)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
                second_factor_passed=request.user.is_verified(),
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            request.session[FRESH_TOKEN_KEY] = {"id": token.pk, "secret": secret}
            return redirect("api_tokens")
    fresh = request.session.pop(FRESH_TOKEN_KEY, None)
    context = {
        "form": form,
        "tokens": tokens_of(request.user),
        "fresh": fresh,
        "docs_url": reverse("api:docs"),
        "needs_second_factor": second_factor_required(request.user) and not request.user.is_verified(),
    }
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def api_token_revoke_view(request, pk: int):
    token = tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    api_token_revoke(token_id=token.pk, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("api_tokens")
