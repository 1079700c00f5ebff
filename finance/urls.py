"""/finance/... pages. Each part of the module adds its patterns inside its own section."""

app_name = "finance"

urlpatterns: list = []

# ---- part: budget (begin) ----
from finance.views import budget as budget_views  # noqa: E402

urlpatterns += budget_views.urlpatterns()
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
from django.urls import path  # noqa: E402

from finance.views import purchasing as purchasing_views  # noqa: E402

urlpatterns += [
    path(
        "purchasing/requests/<int:pk>/",
        purchasing_views.RequestPurchasingView.as_view(),
        name="purchasing_request",
    ),
    path(
        "purchasing/requests/<int:pk>/quotes/add/",
        purchasing_views.QuoteAddView.as_view(),
        name="purchasing_quote_add",
    ),
    path(
        "purchasing/requests/<int:pk>/quotes/<int:quote>/remove/",
        purchasing_views.QuoteRemoveView.as_view(),
        name="purchasing_quote_remove",
    ),
    path(
        "purchasing/requests/<int:pk>/order/",
        purchasing_views.OrderPlaceView.as_view(),
        name="purchasing_order",
    ),
    path(
        "purchasing/orders/",
        purchasing_views.PurchaseOrderListView.as_view(),
        name="purchaseorder_list",
    ),
    path(
        "purchasing/orders/<int:pk>/",
        purchasing_views.PurchaseOrderDetailView.as_view(),
        name="purchaseorder_detail",
    ),
    path("purchasing/quotes/", purchasing_views.QuoteListView.as_view(), name="quote_list"),
    path(
        "purchasing/quotes/<int:pk>/",
        purchasing_views.QuoteDetailView.as_view(),
        name="quote_detail",
    ),
]
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
