//! The team's tags and the conversations that carry them.
