"""The swimlane flowchart: a Qt drawing of `procedures.flowchart` (no layout here)."""
