"""Reads of monitoring, one module per concept. Each says how many queries it makes; none grows with the number of
values (automatic indicators ask their module metric, which aggregates in the database, one query per figure).
Import the module you need: `from talentas.monitoring.selectors import dashboard`."""
