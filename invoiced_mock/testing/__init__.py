"""What a test holds: the harness (one mock through one API key, every aid attached), the ``unittest`` base
class, the factories, and webhook handlers (events delivered to a Python callable). The pytest plugin in
``conftest_plugin/`` is a thin layer over these.
"""
