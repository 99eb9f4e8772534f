"""Pure attendance rules.

No I/O, no clock, no store: every result here is a function of its inputs.
"""
