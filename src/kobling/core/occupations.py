"""Loads STYRK-08 from core/data/styrk08.csv (see core/data/README.md for the source)."""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "styrk08.csv"


def read_rows() -> list[dict]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_occupations(occupation_model) -> int:
    """Insert or update every row; parents first, since the codes are sorted."""
    rows = sorted(read_rows(), key=lambda r: (int(r["level"]), r["code"]))
    existing = set(occupation_model.objects.values_list("code", flat=True))
    if not existing:
        occupation_model.objects.bulk_create(
            occupation_model(
                code=r["code"],
                level=int(r["level"]),
                parent_id=r["code"][:-1] if len(r["code"]) > 1 else None,
                title_nb=r["title_nb"],
                title_en=r["title_en"],
            )
            for r in rows
        )
        return len(rows)
    for row in rows:
        code = row["code"]
        values = {
            "level": int(row["level"]),
            "parent_id": code[:-1] if len(code) > 1 else None,
            "title_nb": row["title_nb"],
            "title_en": row["title_en"],
        }
        if code in existing:
            occupation_model.objects.filter(code=code).update(**values)
        else:
            occupation_model.objects.create(code=code, **values)
    return len(rows)
