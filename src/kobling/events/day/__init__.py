"""The event's day: check-in, no-shows, late employers and re-planning the rest of the day."""
