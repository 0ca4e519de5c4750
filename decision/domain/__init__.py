"""The domain: a workshop and what a team does with it.

Frozen dataclasses (``model``), the rules that change a workshop (``operations``,
``merge``), and what the numeric core says about it in workshop terms: the
ranking (``analysis``), why (``explain``), how firm (``sensitivity``), how far
the scoring is (``progress``) and what changed (``changelog``).
"""
