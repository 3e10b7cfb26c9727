//! The facts and messages a report is computed from, read for a period.
