"""Documents generated from the code that holds the rules, so they cannot go stale.

`python -m accountledger.adapters.docgen` rewrites them; a test fails when a
checked-in copy differs from what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from accountledger.adapters.config import configuration_markdown
from accountledger.adapters.http.app import openapi_document
from accountledger.adapters.import_format import schema_text
from accountledger.adapters.traceability import traceability_markdown
from accountledger.adapters.workflows import workflows_markdown
from accountledger.domain.authority import COMMAND_ROLES
from accountledger.domain.lifecycle import COMMANDS, STATES, TERMINAL, TRANSITIONS
from accountledger.domain.machines import Lifecycle
from accountledger.domain.measures import ROW_BY_COMMAND

HEADER = """# Account lifecycle

Generated from `accountledger.domain.lifecycle.Lifecycle` by
`python -m accountledger.adapters.docgen`; do not edit by hand (a test compares).
The machine is the single source of truth: the aggregate asks a table derived from
it, and every event records the status the machine led to.
"""


def _cell(state: str, command: str) -> str:
    targets = TRANSITIONS.get((state, command), ())
    return " / ".join("=" if target == state else target for target in targets)


def transition_table() -> str:
    states = list(STATES)
    lines = [
        "| command | roles | measure | " + " | ".join(states) + " |",
        "|---|---|---|" + "---|" * len(states),
    ]
    for command in COMMANDS:
        roles = ", ".join(sorted(r.value for r in COMMAND_ROLES[command]))
        measure = "yes" if command in ROW_BY_COMMAND else ""
        cells = " | ".join(_cell(s, command) for s in states)
        lines.append(f"| {command} | {roles} | {measure} | {cells} |")
    return "\n".join(lines)


def lifecycle_markdown() -> str:
    return f"""{HEADER}
## States

{", ".join(f"`{s}`" for s in STATES)}; terminal: {", ".join(f"`{s}`" for s in TERMINAL)}.

## Transition table

Rows are commands, columns the state an account is in; a cell names the state the
command leads to (`=` stays in the same state; `a / b`: the event names which, as a
reversal restores the status its measure took away), an empty cell means the command
is refused in that state with a `TransitionRefused` naming account, state and command.

{transition_table()}

## Diagram

Transitions between different states (self-transitions are in the table above).

```mermaid
{format(Lifecycle, "mermaid").rstrip()}
```
"""


GENERATED = {
    "docs/lifecycle.md": lifecycle_markdown,
    "docs/traceability.md": traceability_markdown,
    "docs/workflows.md": workflows_markdown,
    "docs/openapi.json": openapi_document,
    "docs/import.schema.json": schema_text,
    "docs/configuration.md": configuration_markdown,
}


def main(root: str = ".") -> None:
    for path, generate in GENERATED.items():
        Path(root, path).write_text(generate(), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main(*sys.argv[1:])
