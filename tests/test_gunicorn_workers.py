"""A gunicorn worker leaves what its first pages loaded out of the garbage collector's full
passes, once: what later requests leave behind stays collectable."""

import gc
from types import SimpleNamespace

from pesknow import gunicorn


def serve(worker, requests: int) -> None:
    for _ in range(requests):
        gunicorn.post_request(worker, None, {}, None)


def test_a_worker_freezes_what_its_first_pages_loaded_and_nothing_after():
    gc.unfreeze()
    worker = SimpleNamespace()
    try:
        serve(worker, gunicorn.SETTLED_AFTER_REQUESTS - 1)
        assert gc.get_freeze_count() == 0
        serve(worker, 1)
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # the modules, settings and app this test process has loaded
        later = [[n] for n in range(5000)]  # objects made by later requests
        serve(worker, 2 * gunicorn.SETTLED_AFTER_REQUESTS)
        # not frozen again: the count can only fall, as frozen objects are freed
        assert gc.get_freeze_count() <= frozen
        del later
    finally:
        gc.unfreeze()
