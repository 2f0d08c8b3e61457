"""Running a batch: every PDF in isolation, its records validated, the whole run one transaction.

``batch`` drives a run; ``job`` reads one file (in a worker); ``executors`` says where workers run
(forked children under ``isolation``'s budgets, or a Dask cluster); ``identity`` names the inputs,
``cache`` keeps each file's result, ``staging`` switches the output folder in one step and
``progress`` shows the run on a terminal.
"""
