"""Kobling: the platform work-inclusion programmes run on."""
