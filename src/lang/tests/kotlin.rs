//! Decision-construct tests for kotlin (to be written).
