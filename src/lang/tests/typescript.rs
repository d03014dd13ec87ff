//! Decision-construct tests for typescript (to be written).
