"""The corroboration corpus behind one small interface, with an embedded SQLite default."""

from sourcecheck.store.base import Store, StoreError, StoreUnavailable, open_store

__all__ = ["Store", "StoreError", "StoreUnavailable", "open_store"]
