"""Kept only for migration 0006_group_robots, which names `core.models_robots._valid_webhook` as the
webhook field's validator (migrations are never edited). The models live in core.models.robots;
import them from core.models."""

from core.models.robots import _valid_webhook

__all__ = ["_valid_webhook"]
