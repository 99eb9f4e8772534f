"""The kiosk's Textual face: the App, its screens and widgets."""
