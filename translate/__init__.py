"""babelpress: offline translation and multilingual publishing.

The library lives in this package (one module per pipeline stage); the
``babelpress`` command in :mod:`translate.cli` is a thin layer over it.
"""

__version__ = "0.1.0"
