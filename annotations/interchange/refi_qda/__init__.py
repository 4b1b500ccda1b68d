"""REFI-QDA (QDA-XML 1.0): ``.qdpx`` project and ``.qdc`` codebook export (``write``), ``.qdpx``
import (``read``); the names and GUIDs both use are in ``names``.

NVivo, ATLAS.ti, MAXQDA and QualCoder read these. What we write, valid against the REFI
``Project.xsd`` and ``Codebook.xsd``:
- ``project.qde`` at the zip's root; each document's text as ``sources/<guid>.txt``, UTF-8
  without a byte-order mark, referenced as ``plainTextPath="internal://<guid>.txt"``;
- users (one per coder), the codebook with colours and hierarchy, one ``TextSource`` per
  document (named by its id, described by its title, with its dateline date as the ``dateline``
  variable), one ``PlainTextSelection`` per annotation with a ``Coding`` per code, and each
  note twice: as the selection's ``Description`` (QualCoder and ATLAS.ti show it as the coding
  memo) and as a project ``Note`` referenced from the selection (the standard's place);
- positions in code points, end exclusive, as in casereader itself.

GUIDs are stable across repeated exports: UUIDv5 of stable ids (an annotation's own UUID is
its selection's GUID), so a re-export updates rather than duplicates in the receiving tool.
Annotations that cannot be placed in the current text (orphans, or documents missing from the
corpus) are left out; ``unplaceable`` lists them so the caller can say so.

Import (``read.read_qdpx``, ``codebook.read_qdc``) reads what other tools write, liberally but
safely, and as far as it can: the archive through ``safety.SafeZip``, the XML through
``safety.parse_xml``; positions in the unit the evidence supports per source (``positions``:
UTF-16 for NVivo, code points for the rest); memos from every place tools keep them
(``notes``); what cannot be imported listed with its reason (``Imported.skipped``).
Modules: ``write``, ``read`` (projects), ``codebook`` (.qdc), ``elements`` (XML and codes),
``positions``, ``notes``, ``texts`` (texts inside the archive), ``names``.
"""

from .read import read_qdpx
from .write import export_qdc, export_qdpx

__all__ = ["export_qdc", "export_qdpx", "read_qdpx"]
