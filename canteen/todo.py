"""What today still needs in the canteen: items of the canteen staff's home page (core.todo)."""

from django.urls import reverse  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

from core import todo  # noqa: F401
from core.todo import TodoItem  # noqa: F401

# ---- part: menus (begin) ----
# todo.register(TodoItem(...))  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# todo.register(TodoItem(...))  (samples)
# ---- part: samples (end) ----


# ---- part: acceptance (begin) ----
def _acceptance_todo() -> None:
    from canteen import todo_acceptance  # noqa: F401  (registers the acceptance items)


_acceptance_todo()
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# todo.register(TodoItem(...))  (hygiene)
# ---- part: hygiene (end) ----
