from core.navigation import menu_for


def shell(request):
    """Menu and unread-notification count for the base layout (one query for the count)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_menu": menu_for(user),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
