"""Issue 13, found item 1: what an uploaded file can do to the server and to staff.

A file that starts with %PDF- but holds HTML and script, a PDF with JavaScript, the EICAR test
string (refused by the scanning hook, here a stand-in clamd speaking the INSTREAM protocol),
20 files in one request, 23 files on one application: all refused; files are served as
attachments with nosniff."""

from __future__ import annotations

import io
import socket
import struct
import threading

import pytest

from tests.factories import pdf_bytes, png_bytes
from zhihui.core import files
from zhihui.window import actions
from zhihui.window.models import Application, Attachment

pytestmark = pytest.mark.django_db

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
HTML_AS_PDF = b"%PDF-1.4\n<html><body><script>fetch('/api/v1/registry/persons')</script></body></html>\n"


def _pdf_with_javascript() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('x');")})
    w._root_object[NameObject("/OpenAction")] = w._add_object(action)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _pdf_with_embedded_file() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.add_attachment("run.exe", b"MZ\x90\x00")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "name,data,why",
    [
        ("html.pdf", HTML_AS_PDF, "不是有效的 PDF"),
        ("js.pdf", _pdf_with_javascript(), "脚本"),
        ("embedded.pdf", _pdf_with_embedded_file(), "嵌入文件"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "图片无法解码"),
        ("eicar.pdf", EICAR, "只接受 PDF"),
    ],
)
def test_a_file_is_what_it_parses_as(fake_engine, citizen, service, media, name, data, why):
    with pytest.raises(actions.WindowError, match=why):
        actions.submit(citizen, service, person=citizen.person, files=[(name, data)])
    assert Application.objects.count() == 0 and Attachment.objects.count() == 0


class FakeClamd:
    """A clamd stand-in on a local TCP port: reads zINSTREAM chunks, answers FOUND for EICAR."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.scanned = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _recv_exact(self, conn, n):
        buf = b""
        while len(buf) < n:
            part = conn.recv(n - len(buf))
            if not part:
                raise EOFError
            buf += part
        return buf

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                assert self._recv_exact(conn, 10) == b"zINSTREAM\0"
                data = b""
                while True:
                    (n,) = struct.unpack("!L", self._recv_exact(conn, 4))
                    if n == 0:
                        break
                    data += self._recv_exact(conn, n)
                self.scanned += 1
                if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data:
                    conn.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")
                else:
                    conn.sendall(b"stream: OK\0")

    def close(self):
        self.sock.close()


def _pdf_carrying(text: bytes) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    stream = StreamObject()
    stream.set_data(text)
    w._root_object[NameObject("/PieceInfo")] = w._add_object(stream)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_the_scanning_hook_refuses_eicar_through_clamd(fake_engine, citizen, service, media, settings):
    clamd = FakeClamd()
    try:
        settings.ZHIHUI_CLAMD = f"tcp:127.0.0.1:{clamd.port}"
        with pytest.raises(actions.WindowError, match="病毒扫描未通过.*EICAR"):
            actions.submit(citizen, service, person=citizen.person, files=[("eicar.pdf", _pdf_carrying(EICAR))])
        app, _ = actions.submit(citizen, service, person=citizen.person, files=[("ok.pdf", pdf_bytes())])
        assert app.attachments.count() == 1 and clamd.scanned == 2
    finally:
        clamd.close()


def test_a_configured_scanner_that_does_not_answer_refuses(fake_engine, citizen, service, media, settings):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there
    settings.ZHIHUI_CLAMD = f"tcp:127.0.0.1:{port}"
    with pytest.raises(actions.WindowError, match="扫描服务不可用"):
        actions.submit(citizen, service, person=citizen.person, files=[("ok.pdf", pdf_bytes())])


def test_without_a_scanner_files_pass_with_a_warning(fake_engine, citizen, service, media, settings, caplog):
    settings.ZHIHUI_CLAMD = ""
    app, _ = actions.submit(citizen, service, person=citizen.person, files=[("ok.pdf", pdf_bytes())])
    assert app.attachments.count() == 1
    assert "not scanned" in caplog.text


def test_twenty_files_in_one_request_are_refused(fake_engine, citizen, service, media, client_for):
    c = client_for(citizen)
    uploads = []
    for i in range(20):
        f = io.BytesIO(pdf_bytes())
        f.name = f"{i}.pdf"
        uploads.append(f)
    r = c.post("/window/apply/", {"service": service.code, "idempotency_key": "many", "attachments": uploads})
    assert r.status_code == 400
    assert Application.objects.count() == 0 and Attachment.objects.count() == 0
    uploads = []
    for i in range(6):
        f = io.BytesIO(pdf_bytes())
        f.name = f"{i}.pdf"
        uploads.append(f)
    r = c.post("/window/apply/", {"service": service.code, "idempotency_key": "six", "attachments": uploads})
    assert r.status_code == 422 and "一次最多上传 5 个文件" in r.content.decode()
    assert Application.objects.count() == 0


def test_an_application_has_a_count_and_size_quota(fake_engine, citizen, service, media, settings):
    app, _ = actions.submit(citizen, service, person=citizen.person, files=[("a.pdf", pdf_bytes())])
    for i in range(settings.ZHIHUI_UPLOAD_MAX_FILES_PER_APPLICATION - 1):
        actions.add_attachment(citizen, app, (f"{i}.png", png_bytes((8, 8 + i))))
    with pytest.raises(actions.WindowError, match="每件申请最多 15 个附件"):
        actions.add_attachment(citizen, app, ("23.pdf", pdf_bytes()))
    assert app.attachments.count() == 15
    # bytes: a small quota makes the point without megabytes of test data
    settings.ZHIHUI_UPLOAD_MAX_FILES_PER_APPLICATION = 100
    settings.ZHIHUI_UPLOAD_MAX_BYTES_PER_APPLICATION = sum(app.attachments.values_list("size", flat=True)) + 10
    with pytest.raises(actions.WindowError, match="附件合计不超过"):
        actions.add_attachment(citizen, app, ("big.pdf", pdf_bytes(3)))


def test_a_person_has_a_quota_across_applications(fake_engine, citizen, service, media, settings):
    app, _ = actions.submit(citizen, service, person=citizen.person, files=[("a.pdf", pdf_bytes())])
    settings.ZHIHUI_UPLOAD_MAX_BYTES_PER_PERSON = app.attachments.get().size + 10
    with pytest.raises(actions.WindowError, match="该申请人的附件合计不超过"):
        actions.add_attachment(citizen, app, ("b.pdf", pdf_bytes()))


def test_files_are_served_as_attachments_never_inline(fake_engine, citizen, service, media, client_for):
    app, _ = actions.submit(citizen, service, person=citizen.person, files=[("a.pdf", pdf_bytes())])
    att = app.attachments.get()
    r = client_for(citizen).get(f"/window/a/{app.number}/files/{att.pk}/")
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment;")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Type"] == "application/pdf"


def test_the_caps_live_in_settings(settings):
    lim = files.limits()
    assert lim.file_bytes == settings.ZHIHUI_UPLOAD_MAX_BYTES
    assert lim.files_per_request == 5
