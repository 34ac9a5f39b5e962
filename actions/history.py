"""Why a change in the records' history was made. Editors are known from the request
(simple-history's middleware); the loader and merges also say what they did: "load_seeds
001.txt", "merged Ministry of Labor of Ecuador into Ministry of Labour"."""

import threading
from contextlib import contextmanager

_signature = threading.local()


@contextmanager
def signed(reason: str):
    """Every historical record written inside gets this reason, unless it has its own."""
    outer = getattr(_signature, "reason", None)
    _signature.reason = reason
    try:
        yield
    finally:
        _signature.reason = outer


def sign(history_instance, **kwargs) -> None:
    """Connected to simple-history's pre_create_historical_record."""
    reason = getattr(_signature, "reason", None)
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason[:100]
