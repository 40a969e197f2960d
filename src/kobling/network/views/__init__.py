"""The network's pages: its start page and directory (`home`), the question board (`questions`) and
the meetups (`meetups`).

Every view resolves the reader's seat first (selectors.seat_for), which is a 404 for anyone who is
not in the programme's network; pages that show people also refuse a partner company's contact.
"""
