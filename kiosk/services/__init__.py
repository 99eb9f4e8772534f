"""Use cases: punch, appearance check, leave, roster, staff. Each takes its store and clock."""
