"""The web application: units fill, check and submit; the finance bureau reviews and publishes.

A Django project laid out by feature (accounts, submissions, review, publishing, api) and
by environment (settings/{base,dev,test,prod}). Views stay thin: writes go through each
app's `services.py`, reads through `selectors.py`, and every rule lives in the library
(`jixiao.pipeline`, `jixiao.review`), so the pages, the API and the CLI agree.
"""
