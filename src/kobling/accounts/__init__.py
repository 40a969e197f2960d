"""Accounts: invitations, login, two-factor login and passwords, and the e-mails they send."""
