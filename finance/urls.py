"""/finance/... pages. Each part of the module adds its patterns inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

app_name = "finance"

urlpatterns: list = []

# ---- part: budget (begin) ----
from finance.views import budget as budget_views

urlpatterns += budget_views.urlpatterns()
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
from django.urls import path

from finance.views import requests as _requests

urlpatterns += [
    path("requests/", _requests.LedgerView.as_view(), name="purchaserequest_list"),
    path("requests/new/", _requests.RequestFormView.as_view(), name="purchaserequest_add"),
    path("requests/mine/", _requests.MyRequestsView.as_view(), name="my_requests"),
    path("requests/inbox/", _requests.InboxView.as_view(), name="approvals_inbox"),
    path(
        "requests/<int:pk>/",
        _requests.RequestDetailView.as_view(),
        name="purchaserequest_detail",
    ),
    path(
        "requests/<int:pk>/edit/",
        _requests.RequestEditView.as_view(),
        name="purchaserequest_edit",
    ),
    path(
        "requests/<int:pk>/<slug:step>/",
        _requests.RequestStepView.as_view(),
        name="purchaserequest_step",
    ),
    path(
        "requests/documents/<int:pk>/",
        _requests.AttachmentView.as_view(),
        name="requestattachment_file",
    ),
    path("approvals/<int:pk>/minutes/", _requests.MinutesView.as_view(), name="approval_minutes"),
]
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
from django.urls import path

from finance.views import purchasing as purchasing_views

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
from django.urls import path

from finance.views import delivery as delivery_views

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
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
from django.urls import path as _path

from core import resources as _resources
from finance.views import disclosure as _disclosure
from finance.views import disclosure_public as _disclosure_public
from finance.views import suppliers as _suppliers

urlpatterns += _resources.urlpatterns(_suppliers.ALL)
urlpatterns += [
    _path(
        "contracts/<int:pk>/document/",
        _suppliers.ContractDocumentView.as_view(),
        name="suppliercontract_document",
    ),
    _path("disclosures/", _disclosure.DisclosureListView.as_view(), name="disclosure_list"),
    _path("disclosures/add/", _disclosure.DisclosureCreateView.as_view(), name="disclosure_add"),
    _path(
        "disclosures/<int:pk>/",
        _disclosure.DisclosureDetailView.as_view(),
        name="disclosure_detail",
    ),
    _path(
        "disclosures/<int:pk>/notice.pdf",
        _disclosure.DisclosureNoticeView.as_view(),
        name="disclosure_notice",
    ),
    _path(
        "disclosures/<int:pk>/<slug:step>/",
        _disclosure.DisclosureStepView.as_view(),
        name="disclosure_step",
    ),
    _path(
        "public/disclosures/<str:token>/",
        _disclosure_public.PublicDisclosureView.as_view(),
        name="disclosure_public",
    ),
]
# ---- part: suppliers (end) ----
