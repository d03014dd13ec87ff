//! Decision-construct tests for javascript (to be written).
