//! The contact card's custom fields and their values.
