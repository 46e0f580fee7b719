"""Stage 4: the typed rule IR, and its canonical text."""

from screener.ir.nodes import *  # noqa: F401,F403
from screener.ir.nodes import __all__  # noqa: F401
