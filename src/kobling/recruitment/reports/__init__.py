"""The organisers' reports: the event report, the series of events (with a chart, CSV and XLSX) and
the employers' history (`figures` counts, `export` writes the files, `views` shows the pages)."""
