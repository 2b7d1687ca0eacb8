"""Turning data into files and keeping files: letter and checklist builders, renderers, storage.

Builders here are pure: a context prepared by ``workflow.queries`` goes in, bytes come out.
Nothing in this package queries the database.
"""
