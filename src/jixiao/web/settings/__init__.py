"""Settings by environment: base (shared), dev (`jixiao serve`), test, prod."""
