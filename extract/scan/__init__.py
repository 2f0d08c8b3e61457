"""Scanned pages: pixels to words and rules.

``page`` reads one page image (grid first, then each cell), ``raster`` finds skew, rules and coloured
marks in the pixels, ``tesseract`` is the OCR adapter (the only importer of tesserocr), ``repair`` mends
what OCR misreads from what Vietnamese allows, ``lexicon`` is the word list it checks against, and
``context`` moves a syllable to the mark variant its neighbours prefer (syllable counts of real legal text).
``extract.read`` sends a page here when the page has no text layer to trust.
"""
