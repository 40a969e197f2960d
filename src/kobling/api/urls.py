from kobling.api.endpoints import api

__all__ = ["api"]
