"""Root URL configuration: accounts and home here; each app mounts its own urls."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from . import views


class FaviconRedirect(RedirectView):
    """The static icon's URL is asked for per request: under the manifest storage it carries a hash."""

    permanent = True
    http_method_names = ["get", "head", "options"]

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.ico")


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; the icon itself is a static file.
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path("accounts/", include("portal.account_urls")),
    path("accounts/api-tokens/", include("portal.api.page_urls")),
    path("pool/", include("accreditation.urls")),
    path("enterprises/", include("enterprises.pages.urls")),
    path("applications/", include("accreditation.desk.urls")),
    path("plans/", include("accreditation.programmes.urls")),
    path("support/", include("accreditation.support.urls")),
    path("inbox/", include("accreditation.notices.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("portal.api.urls")),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
