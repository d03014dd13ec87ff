//! Decision-construct tests for csharp (to be written).
