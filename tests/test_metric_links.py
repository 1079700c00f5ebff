"""Every registered metric links to a list that opens, for a month and for a year."""

import pytest

from core import metrics
from core.choices import Role
from core.metrics import Period

PERIODS = [Period.current_month().previous(), Period.year(Period.current_month().start.year)]


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.code)
def test_every_metric_link_opens_for_the_director(client, make_user, period):
    client.force_login(make_user(Role.DIRECTOR))
    found = metrics.all_metrics()
    assert {m.module for m in found} >= {"assets", "repairs", "safety"}
    for metric in found:
        assert metric.link is not None and metric.help, metric.key
        assert client.get(metric.link(period)).status_code == 200, metric.key
