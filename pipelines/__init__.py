"""congbao's application layer, in three rooms: the batch runner (``runner``: finding PDFs, reading
each in isolation, the transaction), the dataset writers (``writers``: JSONL, CSV, Parquet, SQLite)
and the user's tools (``tools``: the CLI, queries, the QA report, the benchmark)."""
