"""The printed reports (ReportLab): guides, booklet, sheet, comparison, TUPA, portfolio."""
