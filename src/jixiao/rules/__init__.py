"""Rules as data: every rule file, found on one search path and read by one reader.

Profiles, frameworks, review rules, report rules, grade bands, leftover patterns and
identities live in YAML files here, each value with its legal reference; a region adds or
overrides any of them by putting a directory on JIXIAO_RULES_PATH (one sub-folder per
kind) without code changes. `reader.RuleReader` is the one reader (file:line problems).

For callers without a profile (the auditor): `grade_bands()` and `leftover_patterns()`.
"""

from jixiao.rules.grades import grade_bands
from jixiao.rules.leftovers import leftover_patterns
from jixiao.rules.reader import search_path

__all__ = ["grade_bands", "leftover_patterns", "search_path"]
