"""The `accountledger` command line's entry point.

A call of a verb of `cli_reads.READS` (`show`) that parses from that table runs here
through `cli_base.execute`, without typer, pydantic or the rest of the CLI imported;
every other call goes to the typer app (`cli_app.py`), which answers it as it always
has. The app and its verbs are still reached from here (`cli.app`, `cli._app_for`):
module `__getattr__`.
"""

import gc
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accountledger.adapters.cli_app import app  # noqa: F401


def main() -> None:
    """Run the CLI with the process's arguments and exit with its code."""
    sys.exit(run(ending=True))


def run(args: list[str] | None = None, *, ending: bool = False) -> int:
    """Run the CLI on `args` (default: the process's); a usage mistake is one line too
    (JSON with --json), exit 2. The exit code is returned (tests drive this). `ending`:
    the process exits right after (`main`)."""
    given = sys.argv[1:] if args is None else args
    code = _without_typer(given, ending)
    if code is None:
        from accountledger.adapters.cli_app import run_app

        code = run_app(given)
    return code


def _without_typer(given: list[str], ending: bool = False) -> int | None:
    """The exit code of a read verb run from its table, or None: typer's to answer."""
    if not given or given[0].startswith("-"):
        return None
    # The cycle collector is held off for the read (issue 16: a CLI call's start-up):
    # importing the library and the aggregate makes tens of thousands of objects that
    # live as long as the process (classes, functions, their dicts), and the collector
    # walked them over forty times during the imports, freeing a few hundred import
    # temporaries in all. A read of one account is short and bounded. Then, in a process
    # about to exit (`ending`), what is left is frozen: the collections at exit would
    # walk every object once more only for the OS to take the memory back; the read has
    # closed its store (`Call.close`) and the standard streams are flushed at exit as
    # ever. Otherwise (typer's turn, or a caller that goes on) the collector is back.
    enabled = gc.isenabled()
    gc.disable()
    code = None
    try:
        code = _read(given)
    finally:
        if ending and code is not None:
            gc.freeze()
        if enabled:
            gc.enable()
    return code


def _read(given: list[str]) -> int | None:
    from accountledger.adapters.cli_reads import READS, parse

    verb = READS.get(given[0])
    options = None if verb is None else parse(verb, given[1:])
    if verb is None or options is None:
        return None
    from accountledger.adapters.cli_base import execute

    return execute(verb.run, verb.render, False, options)


def __getattr__(name: str) -> Any:
    """The typer app and the rest of `cli_app` (`cli.app`, as before it moved there);
    never the import system's own questions (`__path__`, `__spec__`)."""
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from accountledger.adapters import cli_app

    return getattr(cli_app, name)
