from core.navigation import daily_entries, menu_for


def shell(request):
    """Menu and unread-notification count for the base layout (one query for the count)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_menu": (menu := menu_for(user)),
        "nav_daily": daily_entries(menu),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
