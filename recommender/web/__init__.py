"""The consumer web form (server-rendered, Chinese and English): register ``web`` on the app."""

from .views import web

__all__ = ["web"]
