"""URLs of the application pages, mounted under /applications/."""

from django.urls import path

from accreditation.desk.views import enterprise, experts, park, reviewer, rounds

app_name = "applications"

urlpatterns = [
    # The enterprise
    path("mine/", enterprise.my_applications, name="mine"),
    path("start/<int:enterprise_pk>/", enterprise.start, name="start"),
    path("<int:pk>/", enterprise.detail, name="detail"),
    path("<int:pk>/documents/", enterprise.upload, name="upload"),
    path("documents/<int:pk>/", enterprise.document_download, name="document"),
    path("documents/<int:pk>/delete/", enterprise.document_delete, name="document_delete"),
    path("<int:pk>/form.pdf", enterprise.form_pdf, name="form_pdf"),
    path("<int:pk>/preview/", enterprise.preview, name="preview"),
    path("<int:pk>/withdraw/", enterprise.withdraw, name="withdraw"),
    # The park
    path("", park.queue, name="queue"),
    path("batch/", park.batch, name="batch"),
    path("<int:pk>/screen/", park.screen, name="screen"),
    path("<int:pk>/assign/", park.assign, name="assign"),
    path("<int:pk>/return/", park.return_for_revision, name="return"),
    path("<int:pk>/reject/", park.reject, name="reject"),
    path("<int:pk>/approve/", park.approve, name="approve"),
    path("<int:pk>/recommend/", park.recommend, name="recommend"),
    path("<int:pk>/outcome/", park.outcome, name="outcome"),
    path("<int:pk>/object/", park.object_, name="object"),
    path("<int:pk>/draw/", experts.draw, name="draw"),
    path("draws/<int:pk>/", experts.draw_record, name="draw_record"),
    path("experts/", experts.pool, name="experts"),
    path("experts/<int:pk>/", experts.expert_edit, name="expert_edit"),
    path("experts/me/", experts.my_profile, name="my_expert_profile"),
    path("<int:pk>/close-notice/", park.close_notice, name="close_notice"),
    path("rounds/", rounds.rounds, name="rounds"),
    # The reviewer
    path("reviews/", reviewer.my_reviews, name="reviews"),
    path("reviews/<int:pk>/declare/", reviewer.declare, name="declare"),
    path("reviews/<int:pk>/", reviewer.review, name="review"),
    path("reviews/<int:pk>/decline/", reviewer.decline, name="decline"),
]
