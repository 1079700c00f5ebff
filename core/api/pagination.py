from rest_framework.pagination import PageNumberPagination

from core import paging


class StandardPagination(PageNumberPagination):
    """Pages of 50 (up to 500). A text search (`?q=`) is counted exactly up to a cap and
    estimated beyond (core.paging), as on the web list; `count_estimated` says which."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = paging.paginator_class(request.query_params)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page is not None else None
        response.data["count_estimated"] = getattr(paginator, "estimated", False)
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": "true when `count` is an estimate (a text search past 1,000 rows)",
        }
        return schema
