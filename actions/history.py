"""Who a change in the records' history is signed by. Editors are known from the request
(simple-history's middleware); the loader signs its own changes with the file it read."""

import threading
from contextlib import contextmanager

_loading = threading.local()


@contextmanager
def signed_by_loader(filename: str):
    _loading.filename = filename
    try:
        yield
    finally:
        _loading.filename = None


def sign(history_instance, **kwargs) -> None:
    """Connected to simple-history's pre_create_historical_record."""
    filename = getattr(_loading, "filename", None)
    if filename and not history_instance.history_change_reason:
        history_instance.history_change_reason = f"load_seeds {filename}"
