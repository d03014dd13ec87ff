//! Decision-construct tests for php (to be written).
