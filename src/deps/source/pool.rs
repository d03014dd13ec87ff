//! A fixed pool of worker threads over a shared queue of jobs: at most `workers` jobs run at
//! once, results come back in job order.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Run `f` on every job with at most `workers` threads; `None` for a job whose worker panicked.
pub fn run_pool<J: Sync, R: Send>(
    jobs: &[J],
    workers: usize,
    f: impl Fn(&J) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let workers = workers.max(1).min(jobs.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let r = f(job);
                        if let Ok(mut all) = results.lock() {
                            all[i] = Some(r);
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            // A panicking job leaves its slot `None`; the others still finish.
            let _ = h.join();
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn bounded_and_ordered() {
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let jobs: Vec<u32> = (1..=12).collect();
        let out = run_pool(&jobs, 3, |j| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(15));
            running.fetch_sub(1, Ordering::SeqCst);
            j * 10
        });
        assert_eq!(out, (1..=12).map(|j| Some(j * 10)).collect::<Vec<_>>());
        assert_eq!(peak.load(Ordering::SeqCst), 3);
        assert_eq!(
            run_pool(&Vec::<u32>::new(), 4, |j| *j),
            Vec::<Option<u32>>::new()
        );
    }
}
