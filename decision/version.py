"""The version of the app, in one place below every layer (shown in reports and the CLI)."""

__version__ = "0.1.0"
