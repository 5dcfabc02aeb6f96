"""The bureau's choice of scoring frameworks for its region (计分框架设置).

A finance reviewer (for their region) or the administrator (for any) picks, per kind, the
framework that scores the region's submissions, or leaves the automatic choice by fiscal
year and region (`jixiao.rules.frameworks.choose_frameworks`). `selectors.region_frameworks`
is read by `submissions.selectors` when it evaluates, so every page, the API and the
reports score a region's submissions alike.
"""
