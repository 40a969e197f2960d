"""Refresh the translation catalogues: extract, fill English, report missing bokmål, compile.

Usage: python scripts/i18n.py            (needs GNU gettext: apt-get install gettext)
The English catalogue is the source text itself, so it is filled automatically; bokmål is
translated by hand, and this script lists what is still missing.
"""

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kobling"
KOBLING = [sys.executable, "-m", "kobling"]


def entries(text: str) -> list[str]:
    return re.split(r"\n\n+", text.strip())


def fill_english(path: Path) -> None:
    blocks = entries(path.read_text(encoding="utf-8"))
    out = [blocks[0]]
    for block in blocks[1:]:
        block = block.replace("#, fuzzy\n", "").replace("#, fuzzy, ", "#, ")
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', block, re.M)
        if plural:
            block = re.sub(
                r'^msgstr\[0\] (?:".*"\n?)+',
                "msgstr[0] " + msgid.group(1).rstrip("\n") + "\n",
                block,
                flags=re.M,
            )
            block = re.sub(
                r'^msgstr\[1\] (?:".*"\n?)+', "msgstr[1] " + plural.group(1).rstrip("\n"), block, flags=re.M
            )
        elif msgid:
            block = re.sub(
                r'^msgstr (?:".*"\n?)+', "msgstr " + msgid.group(1).rstrip("\n"), block, flags=re.M
            )
        out.append(block.rstrip("\n"))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")


def translations(block: str) -> list[str]:
    """The text of each msgstr in an entry, with continuation lines joined."""
    found = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
    return ["".join(re.findall(r'"(.*)"', text)) for text in found]


def missing(path: Path) -> list[str]:
    result = []
    for block in entries(path.read_text(encoding="utf-8"))[1:]:
        if "#, fuzzy" in block or not all(translations(block)):
            result.append(next((line for line in block.splitlines() if line.startswith("msgid")), block))
    return result


def main() -> int:
    subprocess.run(
        [
            *KOBLING,
            "makemessages",
            "-l",
            "nb",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
            "-i",
            "static/*",
        ],
        cwd=PACKAGE,
        check=True,
    )
    fill_english(PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po")
    todo = missing(PACKAGE / "locale" / "nb" / "LC_MESSAGES" / "django.po")
    subprocess.run([*KOBLING, "compilemessages"], cwd=PACKAGE, check=True)
    for line in todo:
        print("missing nb:", line)
    print(f"{len(todo)} bokmål entries missing or fuzzy")
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
