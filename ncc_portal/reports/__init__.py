"""The PDF report engine: report records, the kinds of report, rendering with WeasyPrint."""
