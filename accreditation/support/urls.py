from django.urls import path

from accreditation.support import views

app_name = "support"

urlpatterns = [
    # Enterprises
    path("calls/", views.calls, name="calls"),
    path("calls/<int:call_pk>/apply/<int:enterprise_pk>/", views.apply, name="apply"),
    path("mine/", views.mine, name="mine"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("milestones/<int:pk>/report/", views.report, name="report"),
    # Park staff
    path("", views.programmes, name="programmes"),
    path("programmes/new/", views.programme_form, name="programme_create"),
    path("programmes/<slug:code>/", views.programme_detail, name="programme"),
    path("programmes/<slug:code>/edit/", views.programme_form, name="programme_edit"),
    path("programmes/<slug:code>/calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/budget/", views.call_detail, name="call"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/grant/", views.grant, name="grant"),
    path("tranches/<int:pk>/disburse/", views.disburse, name="disburse"),
    path("awards/", views.awards, name="awards"),
    path("awards/<int:pk>/", views.award_decide, name="award"),
    path("spending.<str:fmt>", views.spending_export, name="spending_export"),
]
