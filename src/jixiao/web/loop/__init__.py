"""The performance loop on the web.

绩效目标 filing and approval, 调整, 运行监控 rounds and warnings, 复核 with calibration
(docs/targets-monitoring.md).
"""
