from rest_framework.permissions import BasePermission

from core import access

ACTIONS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
    "metadata": "view",
}


class RolePermission(BasePermission):
    """The API face of core.access: the role check; the viewset scopes the queryset."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        model = getattr(view, "model", None)
        if model is None:
            return True
        return access.can(request.user, model, view.access_action())
