"""Root URL configuration: accounts and home here; each app mounts its own urls."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("portal.account_urls")),
    path("pool/", include("accreditation.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("applications/", include("accreditation.application_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
