//! Decision-construct tests for c (to be written).
