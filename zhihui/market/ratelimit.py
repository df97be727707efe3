"""A fixed-window rate limit per client address (Django's cache), for the public board, the
contact details and the public screen endpoint. Limits live in `enums.RATE_LIMITS`."""

from __future__ import annotations

import time

from django.core.cache import cache


def client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return "ip" + (request.META.get("REMOTE_ADDR") or "?")


def hit(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one request; False when the client is over `limit` in the current window."""
    window = int(time.time() // window_seconds)
    key = f"market-rl:{scope}:{client_key(request)}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 5):
        return True
    try:
        n = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window_seconds + 5)
        n = 1
    return n <= limit
