"""congbao's application layer: finding PDFs, running them in isolation, writing outputs, the CLI."""
