"""The production settings with two differences a test run needs: a secret key, and no
redirect to HTTPS, since the test client and the live server speak plain HTTP. The suite
runs with DEBUG off, as the site does online; tests/test_production_settings.py checks the
production profile itself, in a separate process."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "k3y-0f-the-test-suite-never-used-online-" * 2)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from pesknow.settings import *  # noqa: E402, F403
