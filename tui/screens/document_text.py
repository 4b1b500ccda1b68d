"""Small text helpers of the document screen (now in the core's ``annotations.segments``)."""

from __future__ import annotations

from annotations.segments import trimmed as trimmed
