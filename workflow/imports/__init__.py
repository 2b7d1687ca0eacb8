"""Files that users upload to fill the database: ``tabular`` turns CSV or XLSX bytes into a grid of
strings, and one module per kind of list (``schools``) reads that grid into validated rows."""
