//! Decision-construct tests for go (to be written).
