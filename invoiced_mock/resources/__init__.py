"""Every resource the mock serves, one module each: a declaration and the hooks where its rules live.

A module only declares; :mod:`invoiced_mock.resources.catalogue` registers them all, in one place.
"""
