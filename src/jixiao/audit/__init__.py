"""Audit published self-evaluation reports: arithmetic, consistency and hygiene findings.

Entry points: `audit_path`, `audit_bytes`, `audit_document`; `evaluate.evaluate_corpus`
scores the auditor against a hand-checked corpus. See docs.md in this folder.
"""

from jixiao.audit.engine import AuditResult, audit_bytes, audit_document, audit_path

__all__ = ["AuditResult", "audit_bytes", "audit_document", "audit_path"]
