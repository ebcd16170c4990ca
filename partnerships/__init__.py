"""Partnerships."""
