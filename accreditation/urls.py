from django.urls import path

from accreditation import views
from accreditation.alerts import views as alert_views
from accreditation.eligibility import views as eligibility_views
from accreditation.reports import views as report_views

app_name = "accreditation"

urlpatterns = [
    path("", views.pool, name="pool"),
    path("accreditations/", views.accreditation_list, name="list"),
    path("accreditations/new/", views.accreditation_edit, name="create"),
    path("accreditations/<int:pk>/", views.accreditation_detail, name="detail"),
    path("accreditations/<int:pk>/edit/", views.accreditation_edit, name="edit"),
    path("accreditations/<int:pk>/evidence/", views.accreditation_evidence, name="evidence"),
    path("accreditations/<int:pk>/revoke/", views.accreditation_revoke, name="revoke"),
    path("accreditations/<int:pk>/renewal/", views.accreditation_start_renewal, name="start_renewal"),
    path("accreditations/<int:pk>/renew/", views.accreditation_renew, name="renew"),
    path("enterprises/<int:enterprise_pk>/timeline/", views.enterprise_timeline, name="timeline"),
    path("mine/", views.my_titles, name="mine"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
]

urlpatterns += [
    path("enterprises/<int:enterprise_pk>/eligibility/", eligibility_views.eligibility, name="eligibility"),
    path("enterprises/<int:enterprise_pk>/eligibility/what-if/", eligibility_views.what_if, name="what_if"),
]

# Tier reports: exports of the filtered lists and the summary workbook; a large export's page and file.
urlpatterns += [
    path("exports/<int:pk>/", report_views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", report_views.export_download, name="export_download"),
    path("exports/<slug:source>/<slug:fmt>/", report_views.export_start, name="export"),
]

# Alerts: the officials' list.
urlpatterns += [
    path("alerts/", alert_views.alert_list, name="alerts"),
]
