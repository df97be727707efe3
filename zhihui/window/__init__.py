"""One window (一窗办理、限时办结): applications, decisions, deadlines, quotas, budgets, payments.

Every state change goes through zhihui/window/actions.py; see docs/window.md.
"""
