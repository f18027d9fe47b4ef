"""Writes of monitoring, one module per concept. Every function checks the caller's right, validates, writes in one
transaction, keeps the audit trail and tells the dashboards (through `mark_data_changed`) when a published figure
changed. Import the module you need: `from talentas.monitoring.services import values`."""
