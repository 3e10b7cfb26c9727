//! The inbox's views: filtered pages and their counts.
