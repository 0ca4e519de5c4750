"""Durable storage of workshops, live rounds, the PIN guard and the change log."""
