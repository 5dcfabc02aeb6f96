"""jixiao (绩效): budget-performance self-evaluation for Chinese budget units."""

__version__ = "0.1.0"
