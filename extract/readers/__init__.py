"""The PDF engines behind one protocol: ``base`` (raw page types, ``SourcePdf``), one adapter per engine.

``pdfium`` (pypdfium2, the default reader and the renderer of scanned pages) and ``pdfplumber``
(pdfplumber and pdfminer, the oracle): each is the only module that imports its library.
"""
