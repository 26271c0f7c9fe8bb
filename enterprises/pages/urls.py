from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("mine/", views.my_enterprises, name="mine"),
    path("claim/", views.claim, name="claim"),
    path("claim/<int:pk>/", views.my_claim, name="my_claim"),
    path("claims/", views.claim_queue, name="claims"),
    path("claims/<int:pk>/", views.claim_review, name="claim_review"),
    path("claims/proofs/<int:pk>/", views.claim_proof, name="claim_proof"),
    path("claims/<int:pk>/verify/", views.claim_verify, name="claim_verify"),
    path("claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("industries/", views.industry_search, name="industry_search"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/<slug:section>/", views.profile_section_edit, name="edit_section"),
    path("<int:pk>/figures/", views.annual_figures, name="figures"),
    # Before the item routes, whose <slug:kind> would take "development-scores" too.
    path("<int:pk>/development-scores/", views.development_scores, name="development_scores"),
    path(
        "<int:pk>/development-scores/<int:score_pk>/evidence/",
        views.development_score_evidence,
        name="development_score_evidence",
    ),
    path(
        "<int:pk>/development-scores/<int:score_pk>/verify/",
        views.development_score_verify,
        name="development_score_verify",
    ),
    path(
        "<int:pk>/development-scores/<int:score_pk>/reject/",
        views.development_score_reject,
        name="development_score_reject",
    ),
    path("<int:pk>/<slug:kind>/", views.item_list, name="items"),
    path("<int:pk>/<slug:kind>/new/", views.item_edit, name="item_add"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
]
