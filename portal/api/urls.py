"""URLs of the API, version 1 (mounted at /api/v1/)."""

from django.urls import path, reverse_lazy
from django.utils.text import format_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

# Swagger UI in the portal's own page (templates/api/docs.html: the visitor's language, landmarks, readable
# colours). What Swagger UI draws is in English, its own words and the schema's alike: the schema it shows is
# asked for in English too, so that the part the page marks as English is English throughout.
docs_view = SpectacularSwaggerSplitView.as_view(
    url=format_lazy("{}?lang=en", reverse_lazy("api:schema")), template_name="api/docs.html"
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view, name="docs"),
    path("enterprises/", views.EnterpriseList.as_view(), name="enterprise_list"),
    path("enterprises/<int:pk>/", views.EnterpriseDetail.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/figures/", views.FiguresView.as_view(), name="figures"),
    path("enterprises/<int:pk>/ip/", views.IPItemList.as_view(), name="ip_items"),
    path("enterprises/<int:pk>/certificates/", views.CertificateList.as_view(), name="certificates"),
    path("changes/", views.ChangeFeed.as_view(), name="changes"),
    path("reports/tiers/", views.TierReportStream.as_view(), name="tier_report"),
    path("accreditations/", views.AccreditationList.as_view(), name="accreditation_list"),
    path("accreditations/<int:pk>/", views.AccreditationDetail.as_view(), name="accreditation_detail"),
    path("applications/", views.ApplicationList.as_view(), name="application_list"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application_detail"),
    path("enterprises/<int:pk>/assessments/", views.AssessmentList.as_view(), name="assessments"),
    path("enterprises/<int:pk>/assessments/changes/", views.AssessmentChangeList.as_view(), name="assessment_changes"),
]
