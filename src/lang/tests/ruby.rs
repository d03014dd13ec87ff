//! Decision-construct tests for ruby (to be written).
