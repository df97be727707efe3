"""Compile the policy engine's kernels ahead of time, for this machine:

    python -m zhihui.policy.kernel_build      # make install runs it

writes zhihui/policy/_kernels_aot*.so (numba's pycc; ~6 s), which zhihui.policy.kernels uses
when it was built from the current kernel_code.py. Built with `target_cpu = "host"`: build it
on the machine that runs it (like the virtualenv); do not copy it to another.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from zhihui.policy import kernel_code

AOT_MODULE = "_kernels_aot"


def build(output_dir: Path | None = None) -> Path:
    from numba.core.errors import NumbaPendingDeprecationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumbaPendingDeprecationWarning)
        from numba.pycc import CC

        cc = CC(AOT_MODULE)
    cc.output_dir = str(output_dir or Path(__file__).parent)
    cc.verbose = False
    cc.target_cpu = "host"
    for name, signature in kernel_code.SIGNATURES.items():
        cc.export(name, signature)(getattr(kernel_code, name))
    scope: dict = {}
    exec(f"def source_hash():\n    return {kernel_code.source_hash()}\n", scope)  # compiled in
    cc.export("source_hash", "i8()")(scope["source_hash"])
    cc.compile()
    return Path(cc.output_dir) / cc.output_file


if __name__ == "__main__":
    print(f"kernels compiled ahead of time: {build()}")
