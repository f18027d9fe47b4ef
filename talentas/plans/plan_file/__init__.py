"""The plan file: one YAML document that describes a whole action plan (its format: docs/plan-format.md).

`read_plan_file` turns text into a checked tree of `Row`s, or raises `PlanFileInvalid` listing every problem
with its place in the file (`objectives[1].actions[2].target.value: must be a number, got 'five' (line 88)`).
`plan_document` turns a plan from the database back into the file's shape and `write_plan_file` into text.
"""

from .fields import LANGUAGES, PlanFileInvalid, Problem, Row, plain_number
from .reading import read_plan_file
from .writing import plan_document, write_plan_file

__all__ = [
    "LANGUAGES",
    "PlanFileInvalid",
    "Problem",
    "Row",
    "plain_number",
    "plan_document",
    "read_plan_file",
    "write_plan_file",
]
