"""Turning any exception a worker meets into a KioskError the screens can translate."""

from __future__ import annotations

import logging

from kiosk.errors import KioskError, StoreError

log = logging.getLogger("kiosk")


def as_kiosk_error(err: BaseException) -> KioskError:
    """Expected failures pass through; anything else becomes `internal`, logged with its
    traceback for IT, and shown to the person as one translated sentence."""
    if isinstance(err, KioskError):
        return err
    log.exception("unexpected failure in the kiosk", exc_info=err)
    return StoreError("internal", detail=type(err).__name__)


def log_failure(err: BaseException) -> None:
    """For a failure already shown elsewhere (a sync's error is in its ledger): keep only
    the traceback of an unexpected one, for IT."""
    as_kiosk_error(err)
