//! Decision-construct tests for java (to be written).
