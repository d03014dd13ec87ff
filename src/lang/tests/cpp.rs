//! Decision-construct tests for cpp (to be written).
