//! Quality-control scores of conversations.
