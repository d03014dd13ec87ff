//! Decision-construct tests for rust (to be written).
