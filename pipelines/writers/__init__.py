"""Writing the dataset: the JSONL records and their CSV, Parquet and SQLite views.

``files`` writes a run's records (JSONL, CSV, Parquet) and calls ``sqlite`` for the database;
``fields`` holds the column lists both read; ``validation`` checks every record against its schema
before anything is written.
"""
