from core import querycache
from core.navigation import daily_entries, menu_for


def shell(request):
    """Menu and unread-notification count for the base layout (the count kept until a
    notification changes: core.querycache)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = user.notifications.filter(read_at__isnull=True)
    return {
        "nav_menu": (menu := menu_for(user)),
        "nav_daily": daily_entries(menu),
        "unread_notifications": querycache.remember(unread, unread.count, extra="count"),
    }
