"""Import-time workarounds for Whoosh 2.7.4, applied before any Whoosh module loads.

- Whoosh predates Python 3.12's SyntaxWarning for invalid escape sequences;
  its modules are compiled lazily, so the filter stays installed for the
  whole process and users never see those warnings.
- ``whoosh.query`` imports ``whoosh.lang.morph_en`` for its Variations
  query, which newsgrep never builds; compiling its hundreds of regular
  expressions was a tenth of the start-up of every search. A stand-in loads
  the real module on first use.
- ``whoosh.compat`` imports ``urllib.request`` (with ``http.client``,
  ``email`` and ``ssl``: 15 ms of every start-up) for a download helper
  nothing calls. While Whoosh loads, a stand-in takes its place; its helper
  imports the real module if it is ever called, and the stand-in is gone
  once Whoosh is loaded, so whatever imports ``urllib.request`` later gets
  the real one.

Every module of :mod:`newsgrep.engine` imports Whoosh inside
:func:`loading`.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
import warnings
from collections.abc import Iterator

warnings.filterwarnings("ignore", category=SyntaxWarning, module=r".*[\\/]whoosh[\\/]")


def _defer_english_morphology() -> None:
    name = "whoosh.lang.morph_en"
    if name in sys.modules:
        return
    stand_in = types.ModuleType(name)

    def variations(word):
        del sys.modules[name]
        return importlib.import_module(name).variations(word)

    stand_in.variations = variations  # type: ignore[attr-defined]
    sys.modules[name] = stand_in


@contextlib.contextmanager
def _without_urllib_request() -> Iterator[None]:
    name = "urllib.request"
    if name in sys.modules:
        yield
        return
    stand_in = types.ModuleType(name)

    def urlretrieve(*args, **kwargs):
        return importlib.import_module(name).urlretrieve(*args, **kwargs)

    stand_in.urlretrieve = urlretrieve  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


_defer_english_morphology()


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Import Whoosh modules inside this: no SyntaxWarning, no ``urllib.request``."""
    with warnings.catch_warnings(), _without_urllib_request():
        warnings.simplefilter("ignore", SyntaxWarning)
        yield
