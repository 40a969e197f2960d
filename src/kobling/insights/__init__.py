"""What works: success factors and the early warning for dropping out, from the programmes' own
records, through the kobling.outcomes engine."""
