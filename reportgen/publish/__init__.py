"""Publishing a build: PDFs typeset by WeasyPrint (`pdf`), the corporate pack joined from
them (`pack`, over `join`), every figure exported (`exports`),
the manifest written and read (`manifest`), what can be kept from the last build (`cache`,
over `digests`), and the atomic hand-over into the output folder (`writing`)."""

from reportgen.publish.exports import exports
from reportgen.publish.manifest import manifest, previous_build
from reportgen.publish.pdf import PdfJob, write_pdf, write_pdfs
from reportgen.publish.writing import publish

__all__ = ["PdfJob", "exports", "manifest", "previous_build", "publish", "write_pdf", "write_pdfs"]
