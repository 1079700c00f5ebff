from django.urls import path

from repairs import views

app_name = "repairs"

urlpatterns = [
    # Linked from QR scans, the teacher's home page, asset and room pages: never rename.
    path("new/", views.RequestAddView.as_view(), name="request_add"),
    path("", views.RepairBoardView.as_view(), name="repairrequest_list"),
    path("mine/", views.MyRequestsView.as_view(), name="my_requests"),
    path("jobs/", views.MyJobsView.as_view(), name="my_jobs"),
    path("<int:pk>/", views.RepairRequestDetailView.as_view(), name="repairrequest_detail"),
    path("<int:pk>/<slug:step>/", views.RequestStepView.as_view(), name="request_step"),
    path("stats/", views.RepairStatsView.as_view(), name="stats"),
    path("rooms/<int:pk>/", views.RoomStatusView.as_view(), name="room_status"),
]
