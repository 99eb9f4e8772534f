"""The wording the CLI and the screens share: how a punch, a close and a sync are said.

Faces read typed results from the services and hand them here for sentences; nothing in
this package decides a figure (the domain did), it only says it in the reader's language.
"""
