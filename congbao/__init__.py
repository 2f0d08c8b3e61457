"""congbao as a Python library: gazette PDFs to pandas DataFrames, legal references in any text.

A thin facade over ``extract`` (the stages) and ``pipelines`` (running them over files): the records
are the ones ``congbao extract`` writes (``docs/output-contract.md``), the frames are flattened from
them (``docs/python.md``).

- ``extract(paths)``: a ``Dataset`` (``.tasks``, ``.documents``, ``.references``, ``.agencies`` as
  DataFrames, ``.records`` as JSON records, ``.errors``) from PDFs or folders of them;
- ``load(folder)``: the same from a folder ``congbao extract`` wrote;
- ``refs(text)``: legal references (agencies, deadlines) in a text, with offsets into it.

>>> import congbao
>>> [(m["start"], m["end"], m["key"]) for m in congbao.refs("theo Quyết định số 876/QĐ-BNV ngày 10/11/2022")]
[(5, 45, '876/QĐ-BNV@2022')]
"""
from __future__ import annotations

from extract import __version__
from extract.errors import ExtractError
from extract.records import SCHEMA_VERSION

from .dataset import Dataset, extract, load
from .mentions import refs

__all__ = ["Dataset", "ExtractError", "SCHEMA_VERSION", "__version__", "extract", "load", "refs"]
