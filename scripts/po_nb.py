"""List or fill the bokmål entries that `make messages` reports missing.

    python scripts/po_nb.py todo            # the missing or fuzzy entries, as JSON {msgid: ""}
    python scripts/po_nb.py apply FILE.json # fill them from {msgid: msgstr} (plurals: [one, many])

`make messages` compiles the catalogues afterwards.
"""

import json
import sys
from pathlib import Path

import polib

PO = (
    Path(__file__).resolve().parent.parent / "src" / "kobling" / "locale" / "nb" / "LC_MESSAGES" / "django.po"
)


def todo(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [
        e
        for e in catalogue
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr or (e.msgstr_plural and all(e.msgstr_plural.values()))))
    ]


def main(argv: list[str]) -> int:
    catalogue = polib.pofile(str(PO), wrapwidth=0)
    if argv[:1] == ["todo"]:
        print(
            json.dumps(
                {e.msgid: [e.msgid, e.msgid_plural] if e.msgid_plural else "" for e in todo(catalogue)},
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    if len(argv) == 2 and argv[0] == "apply":
        given = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        filled = 0
        for entry in todo(catalogue):
            text = given.get(entry.msgid)
            if not text:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: text[0], 1: text[1]}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            # The "#| msgid" lines are for fuzzy entries; a filled entry keeps none of them.
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            filled += 1
        catalogue.save(str(PO))
        print(f"filled {filled}, still missing {len(todo(catalogue))}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
