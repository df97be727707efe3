"""Uploaded files: what a file is decided by parsing it, not by its name or first bytes.

- PDF: must parse strictly with pypdf, have at least one page, and carry no JavaScript, no
  launch or open actions and no embedded files (a file that starts with ``%PDF-`` but holds HTML
  is refused: it does not parse).
- PNG / JPEG: decoded in full by Pillow, within a pixel limit (a decompression bomb is refused).
- Size cap per file, count cap per request, quotas per application and per person: the numbers
  live in settings (``ZHIHUI_UPLOAD_*``, docs/operations.md) and nowhere else.
- Virus scanning hook: ClamAV through clamd's INSTREAM protocol when ``ZHIHUI_CLAMD`` is set
  (``unix:/run/clamav/clamd.ctl`` or ``tcp:host:port``); when it is not set, files pass with a
  warning in the log (the operator's decision, listed in docs/security.md).

Files are served by `attachment_response`: ``Content-Disposition: attachment`` and
``X-Content-Type-Options: nosniff``, never inline.
"""

from __future__ import annotations

import io
import logging
import socket
import struct
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext

log = logging.getLogger(__name__)

PDF, PNG, JPEG = "pdf", "png", "jpg"
CONTENT_TYPES = {PDF: "application/pdf", PNG: "image/png", JPEG: "image/jpeg"}

# Names in a PDF's objects that make it more than a document to read.
_ACTIVE_KEYS = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/OpenAction", "/AA",
                "/RichMedia", "/XFA", "/SubmitForm", "/ImportData", "/GoToE"}


class FileRejected(ValueError):
    """A file refused; the message names the file and why."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    files_per_request: int
    files_per_application: int
    bytes_per_application: int
    bytes_per_person: int
    image_pixels: int


def limits() -> Limits:
    return Limits(
        file_bytes=settings.ZHIHUI_UPLOAD_MAX_BYTES,
        files_per_request=settings.ZHIHUI_UPLOAD_MAX_FILES_PER_REQUEST,
        files_per_application=settings.ZHIHUI_UPLOAD_MAX_FILES_PER_APPLICATION,
        bytes_per_application=settings.ZHIHUI_UPLOAD_MAX_BYTES_PER_APPLICATION,
        bytes_per_person=settings.ZHIHUI_UPLOAD_MAX_BYTES_PER_PERSON,
        image_pixels=settings.ZHIHUI_UPLOAD_MAX_IMAGE_PIXELS,
    )


def _reject(name: str, why: str) -> FileRejected:
    return FileRejected(gettext("附件 %(name)s: %(why)s") % {"name": name, "why": why})


def _walk_pdf(obj, seen: set[int], depth: int = 0) -> str | None:
    """The first active key found under a PDF object, or None."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 60:
        return None
    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return None
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for k, v in obj.items():
            if k in _ACTIVE_KEYS:
                return str(k)
            if k in ("/Parent", "/P"):
                continue
            found = _walk_pdf(v, seen, depth + 1)
            if found:
                return found
    elif isinstance(obj, ArrayObject):
        for v in obj:
            found = _walk_pdf(v, seen, depth + 1)
            if found:
                return found
    return None


def _check_pdf(name: str, data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise _reject(name, gettext("PDF 已加密，无法检查，请上传未加密的文件"))
        if len(reader.pages) < 1:
            raise _reject(name, gettext("PDF 没有页面"))
        found = _walk_pdf(reader.trailer, set())
    except FileRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        raise _reject(name, gettext("不是有效的 PDF 文件（无法解析：%(error)s）") % {"error": type(exc).__name__})
    if found:
        raise _reject(name, gettext("PDF 含有脚本、动作或嵌入文件（%(key)s），不予接受") % {"key": found})


def _check_image(name: str, data: bytes, kind: str) -> None:
    from PIL import Image

    lim = limits()
    try:
        with Image.open(io.BytesIO(data)) as im:
            fmt = im.format
            if im.width * im.height > lim.image_pixels:
                raise _reject(name, gettext("图片像素过多（%(w)s×%(h)s）") % {"w": im.width, "h": im.height})
            im.load()
    except FileRejected:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError) as exc:
        raise _reject(name, gettext("图片无法解码（%(error)s）") % {"error": type(exc).__name__})
    expected = {PNG: "PNG", JPEG: "JPEG"}[kind]
    if fmt != expected:
        raise _reject(name, gettext("只接受 PDF、PNG、JPEG 文件（按文件内容判断，而非扩展名）"))


def check_file(name: str, data: bytes) -> str:
    """The file's kind (pdf, png, jpg) after parsing and scanning it, or FileRejected."""
    lim = limits()
    if len(data) == 0:
        raise _reject(name, gettext("文件为空"))
    if len(data) > lim.file_bytes:
        raise _reject(name, gettext("%(size).1f MB 超过上限 %(max)s MB")
                      % {"size": len(data) / 1048576, "max": lim.file_bytes // 1048576})
    if data.startswith(b"%PDF-"):
        kind = PDF
        _check_pdf(name, data)
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
        _check_image(name, data, kind)
    elif data.startswith(b"\xff\xd8\xff"):
        kind = JPEG
        _check_image(name, data, kind)
    else:
        raise _reject(name, gettext("只接受 PDF、PNG、JPEG 文件（按文件内容判断，而非扩展名）"))
    verdict = scan(data)
    if verdict is not None:
        raise _reject(name, gettext("病毒扫描未通过（%(sig)s）") % {"sig": verdict})
    return kind


def check_batch(sizes_new: list[int], *, existing_count: int = 0, existing_bytes: int = 0,
                person_bytes: int = 0) -> None:
    """Count and quota checks for files added together (one request) to one application."""
    lim = limits()
    n = len(sizes_new)
    if n > lim.files_per_request:
        raise FileRejected(gettext("一次最多上传 %(max)s 个文件，本次 %(n)s 个") % {"max": lim.files_per_request, "n": n})
    if existing_count + n > lim.files_per_application:
        raise FileRejected(gettext("每件申请最多 %(max)s 个附件（已有 %(have)s 个）")
                           % {"max": lim.files_per_application, "have": existing_count})
    total = existing_bytes + sum(sizes_new)
    if total > lim.bytes_per_application:
        raise FileRejected(gettext("每件申请的附件合计不超过 %(max)s MB")
                           % {"max": lim.bytes_per_application // 1048576})
    if person_bytes + sum(sizes_new) > lim.bytes_per_person:
        raise FileRejected(gettext("该申请人的附件合计不超过 %(max)s MB")
                           % {"max": lim.bytes_per_person // 1048576})


# --- Virus scanning hook ---------------------------------------------------------------------


def _clamd_socket(target: str) -> socket.socket:
    timeout = settings.ZHIHUI_CLAMD_TIMEOUT
    if target.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(target[5:])
        return s
    host, _, port = target.removeprefix("tcp:").rpartition(":")
    return socket.create_connection((host, int(port)), timeout=timeout)


def scan(data: bytes) -> str | None:
    """The signature clamd found, None when clean; a warning and None when no scanner is set.

    A scanner that is configured but does not answer refuses the file (fail closed)."""
    target = settings.ZHIHUI_CLAMD
    if not target:
        log.warning("upload not scanned for malware: ZHIHUI_CLAMD is not set")
        return None
    try:
        with _clamd_socket(target) as s:
            s.sendall(b"zINSTREAM\0")
            for i in range(0, len(data), 65536):
                chunk = data[i:i + 65536]
                s.sendall(struct.pack("!L", len(chunk)) + chunk)
            s.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = s.recv(4096)
                if not part:
                    break
                answer += part
    except OSError as exc:
        log.error("clamd at %s unreachable: %s", target, exc)
        return gettext("扫描服务不可用")
    text = answer.rstrip(b"\0").decode("utf-8", "replace")
    if text.endswith("OK"):
        return None
    if text.endswith("FOUND"):
        return text.split(":", 1)[-1].removesuffix("FOUND").strip()
    log.error("clamd answered %r", text)
    return gettext("扫描服务应答异常")


# --- Serving ---------------------------------------------------------------------------------


def attachment_response(fileobj, kind: str, filename: str) -> FileResponse:
    """A stored file as a download: never rendered by the browser in the app's origin."""
    resp = FileResponse(fileobj, content_type=CONTENT_TYPES[kind], as_attachment=True, filename=filename)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp
