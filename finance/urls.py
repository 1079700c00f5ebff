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
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
from django.urls import path as _path  # noqa: E402

from core import resources as _resources  # noqa: E402
from finance.views import disclosure as _disclosure  # noqa: E402
from finance.views import disclosure_public as _disclosure_public  # noqa: E402
from finance.views import suppliers as _suppliers  # noqa: E402

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
