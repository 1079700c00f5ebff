"""/finance/... pages. Each part of the module adds its patterns inside its own section."""

app_name = "finance"

urlpatterns: list = []

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
from django.urls import path  # noqa: E402

from finance.views import delivery as delivery_views  # noqa: E402

urlpatterns += [
    path("delivery/<int:pk>/", delivery_views.DeliveryPanelView.as_view(), name="delivery_panel"),
    path(
        "delivery/<int:pk>/approve-excess/",
        delivery_views.ExcessApproveView.as_view(),
        name="excess_approve",
    ),
    path(
        "acceptances/record/<int:pk>/",
        delivery_views.AcceptanceRecordView.as_view(),
        name="acceptance_record",
    ),
    path("acceptances/", delivery_views.AcceptanceListView.as_view(), name="acceptance_list"),
    path(
        "acceptances/<int:pk>/",
        delivery_views.AcceptanceDetailView.as_view(),
        name="acceptance_detail",
    ),
    path(
        "acceptances/<int:pk>/invoice/",
        delivery_views.InvoiceDownloadView.as_view(),
        name="acceptance_invoice",
    ),
    path(
        "payments/record/<int:pk>/",
        delivery_views.PaymentRecordView.as_view(),
        name="payment_record",
    ),
    path("payments/", delivery_views.PaymentListView.as_view(), name="payment_list"),
    path("payments/<int:pk>/", delivery_views.PaymentDetailView.as_view(), name="payment_detail"),
]
if not any(getattr(p, "name", "") == "purchaserequest_detail" for p in urlpatterns):
    # Until the requests part's page is merged, a request's address opens its delivery panel
    # (notifications and links name "finance:purchaserequest_detail"). Dead once it exists.
    urlpatterns.append(
        path(
            "requests/<int:pk>/",
            delivery_views.DeliveryPanelView.as_view(),
            name="purchaserequest_detail",
        )
    )
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
