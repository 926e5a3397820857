//! A progress bar on standard error for long scans.
//!
//! The engine only counts ([`Counter`]); a [`Bar`] started by the command line draws the
//! count from a background thread, at most every 100 ms and only after the scan has run
//! for half a second, so short scans print nothing. The command line starts a bar only
//! when standard error is a terminal and `--quiet` is not given; the line is cleared
//! when the bar is dropped. (A few lines of our own instead of `indicatif`: one counter
//! and one line need no terminal library.)

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Work done out of work known, updated by the engine from any thread.
#[derive(Debug, Default)]
pub struct Counter {
    total: AtomicUsize,
    done: AtomicUsize,
}

impl Counter {
    /// Sets the amount of work (parse units: module directories and files).
    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Marks one unit done.
    pub fn inc(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// `(done, total)`.
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// A bar drawing a [`Counter`] on standard error until dropped.
#[derive(Debug)]
pub struct Bar {
    counter: Arc<Counter>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Width of the bar in cells.
const WIDTH: usize = 30;

impl Bar {
    /// Starts drawing on standard error.
    pub fn start() -> Bar {
        let counter = Arc::new(Counter::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (Arc::clone(&counter), Arc::clone(&stop));
        let thread = std::thread::Builder::new()
            .name("leastpriv-progress".into())
            .spawn(move || draw_loop(&c, &s))
            .ok();
        Bar {
            counter,
            stop,
            thread,
        }
    }

    /// The counter the engine updates.
    pub fn counter(&self) -> Arc<Counter> {
        Arc::clone(&self.counter)
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn draw_loop(counter: &Counter, stop: &AtomicBool) {
    let started = Instant::now();
    let mut drawn = false;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() < Duration::from_millis(500) {
            continue;
        }
        let (done, total) = counter.get();
        if total > 0 {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{}", line(done, total));
            let _ = err.flush();
            drawn = true;
        }
    }
    if drawn {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

/// `scanning [#########-----] 12/40`
fn line(done: usize, total: usize) -> String {
    let done = done.min(total);
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "scanning [{}{}] {done}/{total}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_line() {
        assert_eq!(line(0, 3), format!("scanning [{}] 0/3", "-".repeat(WIDTH)));
        assert_eq!(
            line(1, 2),
            format!("scanning [{}{}] 1/2", "#".repeat(15), "-".repeat(15))
        );
        assert_eq!(line(5, 2), format!("scanning [{}] 2/2", "#".repeat(WIDTH)));
        let c = Counter::default();
        c.set_total(4);
        c.inc();
        assert_eq!(c.get(), (1, 4));
        drop(Bar::start());
    }
}
