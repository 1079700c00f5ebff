"""/planning/... pages. Each part of the module adds its patterns inside its own section."""

app_name = "planning"

urlpatterns: list = []

# ---- part: plans (begin) ----
from planning.views.plans import plans_urlpatterns  # noqa: E402

urlpatterns += plans_urlpatterns()
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
from planning import views_calendar  # noqa: E402

urlpatterns += views_calendar.urlpatterns()
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning import views_surveys as _surveys  # noqa: E402

urlpatterns += _surveys.urlpatterns
# ---- part: surveys (end) ----
