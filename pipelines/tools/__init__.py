"""The user's tools: the ``congbao`` command line (``cli``), queries of the dataset (``query``), the
QA report (``report``) and the benchmark (``bench``)."""
