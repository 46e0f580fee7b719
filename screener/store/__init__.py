"""The population store: bound patient records as Parquet long tables (docs/store.md)."""

from screener.store.read import read_patients
from screener.store.schema import SCHEMAS, TABLES
from screener.store.write import StoreWriter, is_store, load_into_store, read_meta, write_store

__all__ = ["SCHEMAS", "TABLES", "StoreWriter", "is_store", "load_into_store", "read_meta", "read_patients",
           "write_store"]
