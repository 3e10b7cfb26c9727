//! Canned replies: the team's and each operator's own.
