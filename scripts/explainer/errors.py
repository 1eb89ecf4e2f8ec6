"""The errors that stop a command, each with a message for the user (never a traceback).

One place for them, so that the command line and the MkDocs adapter can catch every one
without importing the stages that raise them. Problems with one article are not errors:
they are [Diagnostic][explainer.model.Diagnostic]s, and the build goes on.
"""

from __future__ import annotations


class ExplainerError(Exception):
    """A problem that stops a command; the message says what to install or fix."""


class SourcesError(ExplainerError):
    """The sources folder as a whole cannot be used (it is missing, or two files clash)."""


class CslError(ExplainerError):
    """The CSL processor could not run; the message says what to install or fix."""


class ExportError(ExplainerError):
    """An export cannot be made; the message says what is missing."""


class ModelError(ExplainerError):
    """A model file that is missing, damaged or made for other features."""


class CorpusError(ExplainerError):
    """An annotated corpus file that is not in the schema; the message names file and line."""
