//! The run's interruption flag (README "Outputs and interruption"): set once by the Ctrl-C /
//! SIGTERM handler, polled by every long stage, which then stops early.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by a Ctrl-C handler (or a caller) to abandon parses in progress.
pub static CANCEL: AtomicBool = AtomicBool::new(false);

/// Whether the run was interrupted (Ctrl-C or SIGTERM; README "Outputs and interruption"):
/// every long stage polls this and stops early.
pub fn cancelled() -> bool {
    CANCEL.load(Ordering::Relaxed)
}

/// Developer pause (README "Development and testing"): in debug builds only,
/// `QUARTERDECK_TEST_PAUSE=outputs` holds the run for up to 5 s at that point (polling the
/// interruption), so that a test can signal it there. Release builds compile it to nothing.
pub fn test_pause(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("QUARTERDECK_TEST_PAUSE")
        .is_ok_and(|v| v.split(',').any(|s| s.trim() == point))
    {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !cancelled() && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}
