"""Each person's day at an event: their page, calendar file and e-mails."""
