"""The speed-interview scheduling engine: pure Python, no Django (it imports without settings)."""
