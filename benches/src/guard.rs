//! Guards against a disturbed run: what `/proc` says about this process and the machine.
//!
//! Why it exists: the first full run's blocking figures were 2–31× slower than the same cells
//! measured alone. On 2 cores a blocking hand-off costs an OS wake-up, and anything else that
//! wants a core — a thread left over from an earlier benchmark, a runtime that was not shut
//! down, another program — lands directly in those cells. So the bench target checks, before
//! every benchmark, that the process has exactly the threads it started with and that none of
//! them burns CPU while nothing is being measured, and the report records the machine's load
//! and CPU steal before and after the run.

use std::fs;
use std::time::{Duration, Instant};

/// Live threads of this process (`Threads:` in `/proc/self/status`); `None` off Linux.
pub fn live_threads() -> Option<usize> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))?
        .trim()
        .parse()
        .ok()
}

/// CPU time this process's threads have used so far, in nanoseconds of run time: the first
/// field of `/proc/self/task/*/schedstat` (precise, unlike the 10 ms ticks of `/proc/self/stat`).
/// Threads that have exited are not counted, which is right for a check on live threads.
pub fn process_cpu_time() -> Option<Duration> {
    let mut total = 0u64;
    for task in fs::read_dir("/proc/self/task").ok()?.flatten() {
        let Ok(schedstat) = fs::read_to_string(task.path().join("schedstat")) else {
            continue; // the thread ended while we were reading
        };
        total += schedstat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

/// Why the process is not quiet between benchmarks.
#[derive(Debug, PartialEq)]
pub enum Disturbance {
    /// More (or fewer) threads than when the suite started.
    Threads { baseline: usize, now: usize },
    /// The process used this much CPU while it should have been idle.
    Spinning { busy: Duration, window: Duration },
}

impl std::fmt::Display for Disturbance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Disturbance::Threads { baseline, now } => write!(
                f,
                "the process has {now} live threads, the suite started with {baseline}: \
                 a thread or runtime of an earlier benchmark is still alive and would compete \
                 for the cores with this one"
            ),
            Disturbance::Spinning { busy, window } => write!(
                f,
                "the process used {busy:?} of CPU in an idle window of {window:?}: a thread of \
                 an earlier benchmark is still spinning"
            ),
        }
    }
}

/// Checks that the process has `baseline` threads and that they stay idle for `window`
/// (the calling thread sleeps; more than a quarter of the window in CPU time means that some
/// other thread of the process is running). Retries the thread count briefly, because a
/// thread that was joined may take a moment to leave the kernel's count.
pub fn check_quiet(baseline: usize, window: Duration) -> Result<(), Disturbance> {
    let Some(mut now) = live_threads() else {
        return Ok(()); // not Linux: nothing to read
    };
    let deadline = Instant::now() + Duration::from_millis(200);
    while now != baseline && Instant::now() < deadline {
        std::thread::yield_now();
        now = live_threads().unwrap_or(baseline);
    }
    if now != baseline {
        return Err(Disturbance::Threads { baseline, now });
    }
    if let Some(before) = process_cpu_time() {
        std::thread::sleep(window);
        let busy = process_cpu_time().unwrap_or(before).saturating_sub(before);
        // The calling thread itself runs a little (reading /proc, waking up): allow 2 ms.
        if busy > window / 4 + Duration::from_millis(2) {
            return Err(Disturbance::Spinning { busy, window });
        }
    }
    Ok(())
}

/// The machine's state: load averages and CPU steal so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Load {
    /// 1-, 5- and 15-minute load averages (`/proc/loadavg`).
    pub loadavg: [f64; 3],
    /// Steal and total jiffies of all CPUs since boot (`/proc/stat`, line `cpu`).
    pub steal: u64,
    pub total: u64,
}

impl Load {
    pub fn read() -> Option<Load> {
        let loadavg = fs::read_to_string("/proc/loadavg").ok()?;
        let mut parts = loadavg.split_whitespace().map(|p| p.parse::<f64>().ok());
        let loadavg = [parts.next()??, parts.next()??, parts.next()??];
        let stat = fs::read_to_string("/proc/stat").ok()?;
        let (steal, total) = parse_cpu_line(stat.lines().find(|l| l.starts_with("cpu "))?)?;
        Some(Load {
            loadavg,
            steal,
            total,
        })
    }

    /// The share of CPU time stolen by the hypervisor between `self` and `later`, in percent.
    pub fn steal_percent_until(&self, later: &Load) -> f64 {
        let total = later.total.saturating_sub(self.total);
        if total == 0 {
            return 0.0;
        }
        later.steal.saturating_sub(self.steal) as f64 * 100.0 / total as f64
    }

    /// `"1.23 0.98 0.50"`, for the record.
    pub fn to_line(&self) -> String {
        format!(
            "{:.2} {:.2} {:.2} {} {}",
            self.loadavg[0], self.loadavg[1], self.loadavg[2], self.steal, self.total
        )
    }

    /// Reads back [`Load::to_line`].
    pub fn parse_line(line: &str) -> Option<Load> {
        let mut parts = line.split_whitespace();
        let mut next_f = || parts.next()?.parse::<f64>().ok();
        let loadavg = [next_f()?, next_f()?, next_f()?];
        let steal = next_f()? as u64;
        let total = next_f()? as u64;
        Some(Load {
            loadavg,
            steal,
            total,
        })
    }
}

/// How many cores other programs (and this one) keep busy right now: the share of non-idle
/// time on the `cpu` line of `/proc/stat` over `window`, times the cores. Unlike the load
/// average, which still counts the last minute of a run that has just ended, this sees only
/// the window itself. `None` off Linux.
pub fn busy_cores_over(window: Duration) -> Option<f64> {
    let read = || -> Option<(u64, u64)> {
        let stat = fs::read_to_string("/proc/stat").ok()?;
        busy_and_total(stat.lines().find(|l| l.starts_with("cpu "))?)
    };
    let (busy0, total0) = read()?;
    std::thread::sleep(window);
    let (busy1, total1) = read()?;
    let total = total1.saturating_sub(total0);
    if total == 0 {
        return None;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    Some(busy1.saturating_sub(busy0) as f64 / total as f64 * cores)
}

/// The `cpu` line → (busy, total) jiffies; busy is everything but idle and iowait.
fn busy_and_total(line: &str) -> Option<(u64, u64)> {
    let values: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    let total: u64 = values.iter().take(8).sum();
    let idle = values.get(3)? + values.get(4)?;
    Some((total - idle, total))
}

/// `cpu  user nice system idle iowait irq softirq steal guest guest_nice` → (steal, total).
/// Guest time is already counted in user time, so the total is the first eight fields.
fn parse_cpu_line(line: &str) -> Option<(u64, u64)> {
    let values: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    let steal = *values.get(7)?;
    let total = values.iter().take(8).sum();
    Some((steal, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_cpu_line() {
        let line = "cpu  100 5 50 800 10 1 2 30 7 0";
        assert_eq!(parse_cpu_line(line), Some((30, 998)));
        assert_eq!(parse_cpu_line("cpu 1 2"), None);
    }

    #[test]
    fn busy_is_everything_but_idle_and_iowait() {
        let line = "cpu  100 5 50 800 10 1 2 30 7 0";
        assert_eq!(busy_and_total(line), Some((188, 998)));
    }

    #[test]
    fn steal_share_between_two_readings() {
        let before = Load {
            loadavg: [1.0, 1.0, 1.0],
            steal: 10,
            total: 1000,
        };
        let after = Load {
            loadavg: [2.0, 1.5, 1.0],
            steal: 60,
            total: 2000,
        };
        assert!((before.steal_percent_until(&after) - 5.0).abs() < 1e-9);
        assert_eq!(Load::parse_line(&after.to_line()), Some(after));
    }
}
