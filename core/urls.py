from django.urls import path

from core import resources
from core.views import dashboard, district, pages, places, reports, robots, suppliers

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("district/", district.DistrictComparisonView.as_view(), name="district"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("notifications/", pages.notification_list, name="notification_list"),
    path("notifications/read-all/", pages.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", pages.notification_open, name="notification_open"),
    path("exports/<int:pk>/", pages.export_detail, name="export_detail"),
    path("exports/<int:pk>/retry/", pages.export_retry, name="export_retry"),
    path("exports/<int:pk>/download/", pages.export_download, name="export_download"),
    path("reports/", reports.ReportListView.as_view(), name="report_list"),
    path("reports/generate/", reports.ReportGenerateView.as_view(), name="report_generate"),
    path(
        "reports/<int:pk>/<str:kind>/", reports.ReportDownloadView.as_view(), name="report_download"
    ),
    # Printed on labels: these addresses must never change.
    path("q/room/<uuid:token>/", pages.room_qr_scan, name="room_qr_scan"),
    path("places/rooms/<int:pk>/qr.svg", pages.room_qr_svg, name="room_qr_svg"),
    path("places/rooms/qr-labels.pdf", pages.RoomQrSheetView.as_view(), name="room_qr_sheet"),
]
urlpatterns += resources.urlpatterns(places.ALL)
urlpatterns += resources.urlpatterns(suppliers.ALL)
urlpatterns += robots.robot.urlpatterns("settings/robots")
