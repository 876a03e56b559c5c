"""Print the option tables of docs/rule-packs.md from the declarations in the code.

    python docs/option_tables.py [KIND ...]

For each kind (all when none is named) this prints the section's table: option, type, required
or default, and the option's help as a first draft of the Meaning column, which the docs then
expand by hand. tests/test_docs.py checks the first three columns of every table against the
same rows, so the tables cannot drift from the code.
"""

from __future__ import annotations

import sys

from healthlint.checks import KINDS
from healthlint.schema import Option, show_value

HEADER = "| Option | Type | Required / default | Meaning |\n|---|---|---|---|"


def option_rows(options: dict[str, Option]) -> list[list[str]]:
    """The table's cells for ``options``: name, type, required or default, help."""
    if not options:
        return [["(none)", "", "", ""]]
    return [
        [
            f"`{name}`",
            option.type_name,
            "required" if option.required else f"default `{show_value(option.default)}`",
            option.help,
        ]
        for name, option in options.items()
    ]


def main(kinds: list[str]) -> None:
    for kind in kinds or KINDS:
        print(f"### `{kind}`\n\n{HEADER}")
        for row in option_rows(KINDS[kind].OPTIONS):
            print(f"| {' | '.join(row)} |")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
