"""File formats: the package JSON, Excel (step tables, cost workbook, SUT template), BPMN 2.0."""
