"""Rules as data: check profiles, indicator frameworks and classification tables.

Every number that differs by province or year lives in a YAML file here with its legal
reference; a region adds its own file (see `profiles.search_path`) without code changes.
"""
