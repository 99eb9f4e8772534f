"""The `kiosk` subcommands. They get their services from `CliState`, built in kiosk.cli."""
