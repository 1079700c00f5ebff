import pytest

from assets import services
from assets.models import AssetCategory
from core.choices import Role


@pytest.fixture
def categories(school):
    services.categories_seed_defaults(school)
    return {c.code: c for c in AssetCategory.objects.filter(school=school)}


@pytest.fixture
def logistics(make_user):
    return make_user(Role.LOGISTICS)


@pytest.fixture
def director(make_user):
    return make_user(Role.DIRECTOR)
