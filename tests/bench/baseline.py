"""Bare baselines over the asset list's query: what plain Django and plain DRF cost on this machine.

The figures of the asset list and API are printed as ratios to these, measured in the same run:
the machine is shared, and a ratio survives the load that an absolute figure does not.

- `bare_list`: a plain Django view — login required, the ledger's filter-free query (school, live
  cards, code order, the table's columns with depreciation), Django's Paginator, a template loop.
- `BareAssetList`: a plain DRF `ListAPIView` — session auth, `IsAuthenticated`, page-number
  pagination, the app's `AssetSerializer`, over the same rows (category joined).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template import engines
from django.utils import timezone
from rest_framework import generics, pagination, permissions

from assets import depreciation
from assets.models import Asset
from assets.tables import AssetTable
from assets.views.cards import asset

TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html><body><table>"
    "{% for row in page %}<tr>{% for value in row %}<td>{{ value }}</td>{% endfor %}</tr>"
    "{% endfor %}</table><p>{{ page.number }} / {{ page.paginator.num_pages }}</p></body></html>"
)


def ledger_rows(user):
    live = Asset.objects.filter(school_id=user.school_id, archived_at__isnull=True)
    return depreciation.annotate_depreciation(live, timezone.localdate()).order_by("code", "pk")


@login_required
def bare_list(request):
    rows = ledger_rows(request.user).values_list(*AssetTable().paths)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return HttpResponse(TEMPLATE.render({"page": page}, request))


class BarePagination(pagination.PageNumberPagination):
    page_size = 50


class BareAssetList(generics.ListAPIView):
    serializer_class = asset.serializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = BarePagination

    def get_queryset(self):
        return ledger_rows(self.request.user).select_related("category")
