"""What today still needs in the canteen: items of the canteen staff's home page (core.todo)."""

from django.urls import reverse  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

# ---- part: menus (begin) ----
# todo.register(TodoItem(...))  (menus)
# ---- part: menus (end) ----
# ---- part: samples (begin) ----
# todo.register(TodoItem(...))  (samples)
# ---- part: samples (end) ----
# ---- part: acceptance (begin) ----
# todo.register(TodoItem(...))  (acceptance)
# ---- part: acceptance (end) ----
# ---- part: hygiene (begin) ----
from canteen.todo_hygiene import hygiene_items
from core import todo
from core.todo import TodoItem  # noqa: F401

todo.register(*hygiene_items())
# ---- part: hygiene (end) ----
