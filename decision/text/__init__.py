"""Text: the catalog of messages the engine itself produces, in Dutch and English,
and locale-aware formatting of numbers, money and dates (Babel, never setlocale)."""
