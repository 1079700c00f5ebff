from django.urls import path

from repairs import views

app_name = "repairs"

urlpatterns = [
    path("new/", views.request_add, name="request_add"),
]
