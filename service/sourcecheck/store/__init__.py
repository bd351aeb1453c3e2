"""The corroboration corpus behind one small interface, with an embedded SQLite default.

The interface (`base`) sits at the bottom and imports no backend; the factory lives here, above both
backends, so nothing imports it back."""

from sourcecheck.store.base import UNKNOWN_VERSION, Store, StoreError, StoreUnavailable

__all__ = ["UNKNOWN_VERSION", "Store", "StoreError", "StoreUnavailable", "open_store"]


def open_store(location: str) -> Store:
    """A SQLite file path (the default) or a postgresql:// URL."""
    if location.startswith(("postgresql://", "postgres://")):
        from sourcecheck.store.postgres import PostgresStore

        return PostgresStore(location)
    from sourcecheck.store.sqlite import SqliteStore

    return SqliteStore(location)
