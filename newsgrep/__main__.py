"""``python -m newsgrep`` and the ``newsgrep`` command."""

import contextlib
import gc
import os
import sys


def main():
    # Loading Click, Whoosh and newsgrep makes tens of thousands of objects
    # and no garbage: the cycle collector's passes over them were a tenth of
    # the start-up of a search. It is back on before the command runs.
    gc.disable()
    try:
        from .cli import main as cli_main
    finally:
        gc.enable()
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
                    sys.stderr.write(f"newsgrep: error: cannot write the output: {e.strerror}\n")
                    sys.stderr.flush()
            code = 2
        except ValueError:  # closed by the command itself: Python's own exit decides
            raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":  # not when an indexing process imports it
    main()
