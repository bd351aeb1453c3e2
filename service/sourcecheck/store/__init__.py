"""The corroboration corpus behind one small interface, with an embedded SQLite default."""

from sourcecheck.store.base import UNKNOWN_VERSION, Store, StoreError, StoreUnavailable, open_store

__all__ = ["UNKNOWN_VERSION", "Store", "StoreError", "StoreUnavailable", "open_store"]
