"""Running a batch: every PDF in isolation, its records validated, the whole run one transaction.

``batch`` drives a run; ``fileset`` says which files the dataset in OUT holds from one run to the next
(added, replaced, pruned); ``identity`` names the inputs (one name per file of a dataset); ``sources``
opens inputs (regular files only, never blocking) and gives a worker a private copy of the bytes it
hashes; ``job`` reads one file (in a worker); ``executors`` says where workers run (forked children
under ``isolation``'s budgets, or a Dask cluster); ``cache`` keeps each file's result, keyed by what was
read, the code and the ``engines``; ``staging`` switches the output folder in one step, never through a
link (``nofollow``); ``progress`` shows the run on a terminal.
"""
