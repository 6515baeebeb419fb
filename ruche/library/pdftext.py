"""The text of a PDF for the search index, extracted with pypdf in a bounded child process.

A PDF is a program of sorts: a hostile one (a decompression bomb, a content stream that
never ends, a broken cross-reference table) must not hold a web worker or its memory. The
extraction runs in a child process with a CPU-time and memory ceiling, a wall-clock
timeout, and page and character limits; whatever goes wrong, the caller gets empty text
and a warning, and the attachment is kept.

Run as `python -m ruche.library.pdftext MAX_PAGES MAX_CHARS` with the PDF on stdin.
"""

import json
import subprocess
import sys
from dataclasses import dataclass

MAX_PAGES = 300
MAX_CHARS = 500_000
SECONDS = 20
MEMORY_BYTES = 768 * 1024 * 1024


@dataclass(frozen=True)
class PdfText:
    text: str
    warning: str = ""


def pdf_text(data: bytes, *, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS,
             seconds: float = SECONDS) -> PdfText:  # fmt: skip
    """The PDF's text (at most `max_pages` pages and `max_chars` characters)."""
    command = [sys.executable, "-m", "ruche.library.pdftext", str(max_pages), str(max_chars)]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            command, input=data, capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired:
        return PdfText("", f"Text extraction stopped after {seconds:g} seconds.")
    if done.returncode != 0:
        return PdfText("", "The PDF's text could not be read (it may be malformed).")
    try:
        result = json.loads(done.stdout)
    except ValueError:
        return PdfText("", "The PDF's text could not be read (it may be malformed).")
    return PdfText(str(result.get("text", ""))[:max_chars], str(result.get("warning", ""))[:300])


def _limit_resources() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS + 1))


def _extract(data: bytes, max_pages: int, max_chars: int) -> dict[str, str]:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    logging.disable(logging.WARNING)  # pypdf logs every oddity of real-world files
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return {"text": "", "warning": "The PDF is encrypted: its text is not searchable."}
        pages = reader.pages
        chunks: list[str] = []
        size = 0
        for number, page in enumerate(pages):
            if number >= max_pages or size >= max_chars:
                warning = "Only the beginning of this long PDF is searchable."
                return {"text": "\n".join(chunks)[:max_chars], "warning": warning}
            chunk = page.extract_text() or ""
            chunks.append(chunk)
            size += len(chunk)
    except (FileNotDecryptedError, NotImplementedError):
        return {"text": "", "warning": "The PDF is encrypted: its text is not searchable."}
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, MemoryError, OSError, AssertionError) as exc:  # fmt: skip
        return {"text": "", "warning": f"The PDF's text could not be read ({type(exc).__name__})."}
    text = "\n".join(chunks)
    warning = "" if text.strip() else "This PDF has no text layer (a scan?): nothing to search."
    return {"text": text[:max_chars], "warning": warning}


def main() -> None:
    _limit_resources()
    max_pages, max_chars = int(sys.argv[1]), int(sys.argv[2])
    result = _extract(sys.stdin.buffer.read(), max_pages, max_chars)
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
