"""Import and export of people in bulk: participants, mentors and employer contacts, from and to CSV
and XLSX (issue 12). Composition layer: it uses the apps' models, validators and services, and nothing
imports it but kobling/urls.py."""
