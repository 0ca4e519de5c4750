"""The numeric core: pure functions, numpy arrays in and numpy arrays out.

Rows are alternatives (koppelkansen), columns are criteria. Nothing here knows
about workshops, files, storage or text; the domain layer above turns a workshop
into these arrays. ``normalize`` holds the one favourability mapping, ``methods``
the one method registry, ``ranking`` the one tie tolerance.
"""
