"""Composition: the pages that gather several apps (start pages, the menu, the participant page)."""
