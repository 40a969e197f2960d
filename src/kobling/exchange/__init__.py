"""Import and export of people in bulk: participants, mentors and employer contacts, from and to CSV and XLSX."""
