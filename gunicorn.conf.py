"""gunicorn settings, read automatically from the working directory:

    .venv/bin/gunicorn config.wsgi:application          # see docs/operations.md

Command-line options override these. Sync workers, one per core by default: the heaviest open
endpoint (POST /api/v1/benefits/screen) is pure CPU.
"""

import gc
import os

bind = os.environ.get("ZHIHUI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ZHIHUI_WEB_WORKERS", "0")) or (os.cpu_count() or 1)
worker_class = "sync"
timeout = 60
# Access log lines carry the path without its query string (%(U)s, not %(r)s): a search term
# such as an identity number never lands in the log (issue 12, found 6). Enable with --access-logfile.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'


def post_worker_init(worker):
    """Load the policy package and its compiled kernels now (not on the first request), then
    move everything loaded so far (Django, the package: ~100,000 objects) out of the garbage
    collector's reach.
    Without gc.freeze() each full collection rescans them: a 40-80 ms pause every ~2,000
    requests, which set the p99 of the screening API under load (docs/performance.md)."""
    try:
        from django.conf import settings

        from zhihui.policy import kernels, load_package

        load_package(getattr(settings, "ZHIHUI_POLICY_PACKAGE", "jiyuan"))
        kernels.load()  # the engine's compiled kernels (see zhihui/policy/kernels.py)
    except Exception as e:  # the web app must start even if the package cannot load
        worker.log.warning("policy package not preloaded: %s", e)
    gc.collect()
    gc.freeze()
    worker.log.info("worker ready: policy package loaded, %d objects frozen", gc.get_freeze_count())
