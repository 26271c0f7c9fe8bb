from django.urls import path

from accreditation.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("new/", views.plan_create, name="create"),
    path("<slug:code>/", views.plan_detail, name="detail"),
    path("<slug:code>/edit/", views.plan_edit, name="edit"),
    path("<slug:code>/targets/", views.plan_targets, name="targets"),
    path("<slug:code>/progress.<str:fmt>", views.plan_export, name="export"),
]
