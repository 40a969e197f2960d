"""What works: success factors and the risk of dropping out, from a programme's own outcomes.

A pure engine like `kobling.matching`: no Django, no settings, no database. `kobling analyse-outcomes
FILE.csv` (`cli.py`) and the web page call the same code:

- `table.py` reads the CSV (one person a row: `id` first, `outcome` last, factors between, their kind
  inferred) and refuses bad input with `InputError`;
- `association.py` compares each factor level with everyone else among the finished (risk ratios,
  odds ratios per standard deviation for numbers, Benjamini–Hochberg q-values, the small-number rule);
- `risk.py` estimates each participating person's calibrated risk of dropping out and the reasons;
- `engine.py` puts the answer together; `wording.py` says it in plain, non-causal words.
"""
