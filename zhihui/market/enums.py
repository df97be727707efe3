"""Choices, limits and thresholds of the human-resources market: one place for each fact."""

from __future__ import annotations

# -- the screen's public endpoint -----------------------------------------------------------
MAX_POSTINGS_PER_REQUEST = 1000
MAX_POSTING_CHARS = 20000

# (requests, window in seconds) per client (account, or address when anonymous)
RATE_LIMITS = {
    "screen": (120, 60),
    "board": (120, 60),  # public job board pages and search
    "contact": (30, 3600),  # contact details shown to a logged-in seeker
}
