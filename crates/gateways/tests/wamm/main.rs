//! WAMM engine-level tests.
