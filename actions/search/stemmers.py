"""Snowball stemmers, one per thread and algorithm.

A Snowball stemmer keeps the word it is stemming in its own state, so threads sharing one
corrupt each other's words: an IndexError in a threaded server, seen when a browser sent
two searches at once."""

import threading

import snowballstemmer

_this_thread = threading.local()


def stemmer(algorithm: str):
    """This thread's stemmer for a Snowball algorithm ("english", "spanish", …)."""
    stemmers = _this_thread.__dict__.setdefault("stemmers", {})
    if algorithm not in stemmers:
        stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmers[algorithm]
