"""shift-kiosk engine: config, clock, rules, store and services. Free of any UI import."""

__version__ = "0.1.0"
