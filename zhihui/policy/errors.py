"""Errors raised by the policy engine."""

from __future__ import annotations


class PackageError(Exception):
    """A policy package on disk is malformed (manifest, parameters, schema or rules)."""


class ProfileError(ValueError):
    """A profile breaks the package's schema. `field` is the dotted path of the offending field."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)
