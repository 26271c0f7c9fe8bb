from django.urls import path

from . import eligibility_views, views

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
