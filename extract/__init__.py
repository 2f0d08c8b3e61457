"""congbao's library: pure stages from a gazette PDF to typed records (see ``extract.pipeline``)."""
from __future__ import annotations

__version__ = "0.1.0"
