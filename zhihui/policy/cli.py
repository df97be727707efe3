"""`zhihui benefits screen` (the contract's command) and `zhihui benefits list`.

Both run without Django (needs_django=False): the engine is a plain library.

    zhihui benefits screen --as-of 2025-06-30 [--input FILE] [--output FILE] [--all] [--package P]
    zhihui benefits list [--as-of DATE] [--json] [--package P]

Another app can add subcommands to the same group: `benefits_group(subparsers)` returns the
group's sub-parsers action (creating the group if needed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

CHUNK = 10_000  # lines evaluated together (bounds memory on very large inputs)
PARALLEL_MIN = 20_000  # below this, one process is faster than forking


# The city's package, as the web app uses it (config/settings.py reads the same variable).
DEFAULT_PACKAGE = os.environ.get("ZHIHUI_POLICY_PACKAGE", "jiyuan")

def _date(s: str) -> dt.date:
    from zhihui.policy.dates import parse_date

    try:
        return parse_date(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e))


def benefits_group(subparsers):
    parser = subparsers.choices.get("benefits")
    if parser is None:
        parser = subparsers.add_parser(
            "benefits", help="policy benefits: screen profiles, list the policy package",
            description="Policy benefits (政策待遇) of the policy package.")
    group = getattr(parser, "_zhihui_group", None)
    if group is None:
        group = parser.add_subparsers(dest="benefits_command", metavar="SUBCOMMAND")
        parser._zhihui_group = group
    return group


def register(subparsers) -> None:
    group = benefits_group(subparsers)
    s = group.add_parser(
        "screen",
        help="screen JSON Lines profiles against the policy package (contract: benefits.md)",
        description="Read one profile per line (JSON Lines), write one result per line, in "
                    "order. Bad lines give {\"id\", \"line\", \"error\"}; the exit status is 0 "
                    "when every line was processed.",
    )
    s.add_argument("--as-of", required=True, type=_date, metavar="YYYY-MM-DD",
                   help="date at which facts are judged and parameters are taken")
    s.add_argument("--input", default="-", metavar="FILE", help="JSON Lines input (default: stdin)")
    s.add_argument("--output", default="-", metavar="FILE", help="JSON Lines output (default: stdout)")
    s.add_argument("--all", dest="include_extra", action="store_true",
                   help="also list the package's benefits beyond the contract")
    s.add_argument("--package", default=DEFAULT_PACKAGE, help="policy package name or directory (default: $ZHIHUI_POLICY_PACKAGE or jiyuan)")
    s.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="processes for large inputs (default: the CPU count, at most 4)")
    s.set_defaults(func=cmd_screen, needs_django=False)

    t = group.add_parser("test", help="run the package's test cases (tests/*.yaml)")
    t.add_argument("--package", default=DEFAULT_PACKAGE, help="policy package name or directory (default: $ZHIHUI_POLICY_PACKAGE or jiyuan)")
    t.set_defaults(func=cmd_test, needs_django=False)

    ls = group.add_parser("list", help="list the package's benefits and their parameters")
    ls.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                    help="also show the value in force on this date")
    ls.add_argument("--json", action="store_true", help="machine-readable catalogue")
    ls.add_argument("--package", default=DEFAULT_PACKAGE, help="policy package name or directory (default: $ZHIHUI_POLICY_PACKAGE or jiyuan)")
    ls.set_defaults(func=cmd_list, needs_django=False)


def _lines(data: bytes) -> list[bytes]:
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark some editors write
        data = data[3:]
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def screen_bytes(pkg, data: bytes, as_of: dt.date, include_extra: bool = False) -> bytes:
    """JSON Lines in -> JSON Lines out (the whole command minus the file handling)."""
    out: list[bytes] = []
    screen_stream(pkg, data, as_of, include_extra, out.append)
    return b"".join(out)


def screen_stream(pkg, data: bytes, as_of: dt.date, include_extra: bool, write,
                  jobs: int = 1, out=None) -> None:
    """Screen JSON Lines `data` chunk by chunk, calling write(bytes) for each chunk, in order.
    With jobs > 1 and a large input, forked worker processes take equal shares of the lines
    (each writes a temporary file that is copied out in order; with `out`, a binary file
    object that `write` belongs to, the copy is done by the kernel)."""
    import gc

    lines = _lines(data)
    gc_was = gc.isenabled()
    gc.disable()  # the parsed profiles are acyclic: collector passes over them only cost time
    try:
        if jobs > 1 and len(lines) >= PARALLEL_MIN and hasattr(os, "fork"):
            from zhihui.policy import kernels

            kernels.load()  # once, before the fork: the workers inherit the machine code
            _screen_parallel(pkg, lines, as_of, include_extra, write, jobs, out)
        else:
            _screen_lines(pkg, lines, 0, as_of, include_extra, write)
    finally:
        if gc_was:
            gc.enable()


def _copy_out(path: str, write, out) -> None:
    if out is not None:
        try:
            out.flush()
            fd = out.fileno()
            with open(path, "rb") as src:
                size = os.fstat(src.fileno()).st_size
                sent = 0
                while sent < size:
                    k = os.sendfile(fd, src.fileno(), sent, size - sent)
                    if k == 0:
                        break
                    sent += k
                if sent == size:
                    return
                raise OSError("short sendfile")
        except (OSError, AttributeError, ValueError):
            pass  # not a real file descriptor (or nothing sent): copy through Python
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            write(block)


def _screen_parallel(pkg, lines, as_of, include_extra, write, jobs: int, out=None) -> None:
    import tempfile

    share = -(-len(lines) // jobs)
    parts = [(k * share, min(len(lines), (k + 1) * share)) for k in range(jobs)]
    parts = [p for p in parts if p[0] < p[1]]
    children = []
    with tempfile.TemporaryDirectory(prefix="zhihui-screen-") as tmp:
        for k, (lo, hi) in enumerate(parts[1:], start=1):
            path = os.path.join(tmp, f"part{k}")
            pid = os.fork()
            if pid == 0:  # child: screen its share into its own file, then leave at once
                code = 1
                try:
                    with open(path, "wb") as fh:
                        _screen_lines(pkg, lines[lo:hi], lo, as_of, include_extra, fh.write)
                    code = 0
                finally:
                    os._exit(code)
            children.append((pid, path, lo, hi))
        lo, hi = parts[0]
        _screen_lines(pkg, lines[lo:hi], lo, as_of, include_extra, write)
        for pid, path, lo, hi in children:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                _copy_out(path, write, out)
            else:  # a worker failed: do its share here, so the output stays complete
                _screen_lines(pkg, lines[lo:hi], lo, as_of, include_extra, write)


def _screen_lines(pkg, lines, offset, as_of, include_extra, write) -> None:
    import orjson

    from zhihui.policy.package import _BadLine

    loads = orjson.loads
    for start in range(0, len(lines), CHUNK):
        objs = []
        for raw in lines[start:start + CHUNK]:
            try:
                objs.append(loads(raw))
            except orjson.JSONDecodeError as e:
                objs.append(_BadLine(f"line is not valid JSON: {e}" if raw.strip()
                                     else "line is empty (expected a JSON object)"))
        nums = range(offset + start + 1, offset + start + len(objs) + 1)
        results = pkg._screen_objects(objs, list(nums), as_of, include_extra, as_json=True)
        results.append(b"")  # so the join below ends with a newline
        write(b"\n".join(results))
        del results


def cmd_screen(args) -> int:
    from zhihui.policy import PackageError, load_package

    try:
        pkg = load_package(args.package)
    except PackageError as e:
        print(f"zhihui benefits screen: {e}", file=sys.stderr)
        return 2
    try:
        if args.input == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.input, "rb") as fh:
                data = fh.read()
    except OSError as e:
        print(f"zhihui benefits screen: --input: {e}", file=sys.stderr)
        return 2
    jobs = args.jobs or min(4, os.cpu_count() or 1)
    try:
        if args.output == "-":
            sys.stdout.flush()
            screen_stream(pkg, data, args.as_of, args.include_extra, sys.stdout.buffer.write, jobs,
                          sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            with open(args.output, "wb", buffering=1 << 22) as fh:
                screen_stream(pkg, data, args.as_of, args.include_extra, fh.write, jobs, fh)
    except OSError as e:
        print(f"zhihui benefits screen: --output: {e}", file=sys.stderr)
        return 2
    return 0


def cmd_list(args) -> int:
    from zhihui.policy import PackageError, load_package

    try:
        pkg = load_package(args.package)
    except PackageError as e:
        print(f"zhihui benefits list: {e}", file=sys.stderr)
        return 2
    desc = pkg.describe(args.as_of)
    if args.json:
        import orjson

        sys.stdout.buffer.write(orjson.dumps(desc, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    w = sys.stdout.write
    w(f"{desc['package']}  {desc['title_zh']}\n")
    for b in desc["benefits"]:
        tag = "contract" if b["contract"] else "extra"
        w(f"\n{b['id']}  [{b['kind']}, {tag}]  {b['title_zh']} — {b['title_en']}\n")
        w(f"  where: {', '.join(b['references'])}  ({', '.join(b['requirements'])})\n")
        if b["payment"]:
            w(f"  paid: {b['payment']}\n")
        for p in b["parameters"]:
            hist = "; ".join(
                f"{h['value'] if h['value'] is not None else 'unset'} "
                f"[{h['valid_from']}..{h['valid_to'] or ''}]" for h in p["history"])
            now = ""
            if "value_at_as_of" in p:
                v = p["value_at_as_of"]
                now = f"  (on {args.as_of}: {v if v is not None else 'unset'})"
            w(f"  - {p['id']} ({p['type']}, {p['unit']}, {p['reference']}): {hist}{now}\n")
    return 0


def cmd_test(args) -> int:
    from zhihui.policy import PackageError, load_package
    from zhihui.policy.testing import check_case, load_cases

    try:
        pkg = load_package(args.package)
        cases = load_cases(pkg)
    except PackageError as e:
        print(f"zhihui benefits test: {e}", file=sys.stderr)
        return 2
    failed = 0
    for case in cases:
        problems = check_case(pkg, case)
        if problems:
            failed += 1
            print(f"FAIL {case.id}")
            for p in problems:
                print(f"     {p}")
    print(f"{pkg.label}: {len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0
