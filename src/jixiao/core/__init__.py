"""The domain core: model, money, problems, checks.

Imports nothing but the standard library and pydantic, so every surface (CLI, web,
reports, Excel) can share it and a test can enforce that it stays pure.
"""
