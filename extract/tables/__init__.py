"""Ruled tables: found per page from rules (``find``), reassembled across pages (``stitch``)."""
