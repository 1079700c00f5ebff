"""System check: every school-scoped model declares its Access rule and is audited."""

from auditlog.registry import auditlog
from django.apps import apps
from django.core.checks import Error, register

from core.access import Access
from core.models import SchoolScopedModel


@register()
def scoped_models_declare_access(app_configs=None, **kwargs):
    errors = []
    for model in apps.get_models():
        if not issubclass(model, SchoolScopedModel):
            continue
        if not isinstance(getattr(model, "access", None), Access):
            errors.append(Error(f"{model.__name__} has no Access rule.", id="core.E001"))
        if not auditlog.contains(model):
            errors.append(
                Error(
                    f"{model.__name__} is not registered with the audit log.",
                    hint="Call core.audit.register() in the app's ready().",
                    id="core.E002",
                )
            )
    return errors
