"""HTML to PDF with WeasyPrint, loading nothing from outside the given document."""

from typing import Any


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError("PDF exports load nothing from outside")


def html_to_pdf(html: str) -> bytes:
    """A PDF of `html`; images, style sheets and fonts by URL are refused (no SSRF)."""
    from weasyprint import HTML  # imported late: it is slow to load

    return bytes(HTML(string=html, url_fetcher=_refuse).write_pdf())
