"""``python -m newsgrep`` and the ``newsgrep`` command, with the process-wide speed settings.

Library calls never change process-wide state; the command does, here:

- the cycle collector is paused while modules load and while a command
  runs (a search makes a few hundred thousand numbers, sets and dict
  entries, and no reference cycles worth collecting: the collector's passes
  were a sixth of a search), except for `newsgrep index`, which keeps its
  young passes (what reading files leaves in cycles is collected) and only
  pauses the full ones (see :func:`pause_full_collections`);
- the process ends with ``os._exit`` once its output is flushed, skipping
  the tear-down of every module (:func:`_exit`).
"""

import contextlib
import gc
import os
import sys


def pause_full_collections() -> None:
    """No full passes of the cycle collector (for indexing processes).

    The postings an indexing process holds are millions of long-lived arrays
    and lists, and full passes over them were a sixth of the indexing time.
    Passes over young objects go on.
    """
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, 1 << 30)


def main() -> None:
    # Loading Click, Whoosh and newsgrep makes tens of thousands of objects
    # and no garbage: the cycle collector's passes over them were a tenth of
    # the start-up of a search.
    gc.disable()
    try:
        from .cli import main as cli_main
    finally:
        if "index" in sys.argv[1:2]:
            gc.enable()
            pause_full_collections()
    try:
        cli_main()
    except SystemExit as e:
        _exit(e.code)
    _exit(0)


def _exit(code) -> None:
    """End the process with ``code`` as ``SystemExit`` would, minus the tear-down.

    Freeing every object of every loaded module at exit took 15 ms, a fifth
    of a search on a small archive. When the command has started no thread
    or process whose clean-up could matter, the output is flushed and the
    process ends at once.
    """
    threading = sys.modules.get("threading")
    if "multiprocessing" in sys.modules or (threading and threading.active_count() > 1):
        raise SystemExit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when the command started (`>&-`)
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader of a pipe has gone: as cli.main does
            pass
        except OSError as e:  # a full disk, say: as grep, an error and status 2
            if stream is sys.stdout and sys.stderr is not None:
                with contextlib.suppress(OSError):
                    sys.stderr.write(f"newsgrep: error: write error: {e.strerror}\n")
                    sys.stderr.flush()
            code = 2
        except ValueError:  # closed by the command itself: Python's own exit decides
            raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":  # not when an indexing process imports it
    main()
