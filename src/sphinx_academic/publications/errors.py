"""The one error type of the engine: bad input that must stop the build."""

from sphinx.errors import SphinxError


class PublicationsError(SphinxError):
    """Bad bibliography input or a bad reference to it.

    Raised (not logged) because each of these problems would otherwise drop or
    corrupt data silently; the message names the file, line, key and field.
    """

    category = "Publications error"
