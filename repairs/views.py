from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def request_add(request):
    """Placeholder until the repairs module lands: tells the reporter how to report meanwhile."""
    return render(request, "repairs/request_add_pending.html")
