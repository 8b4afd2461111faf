//! The whole suite as one criterion target: every [`Spec`] of the catalog, each timed with
//! `iter_custom` over persistent threads (see `channel_benches::rig`).
//!
//! Run it through `cargo xtask bench` (or `--smoke`), which also writes the report. The
//! defaults below are the full run's settings; the task runner passes them explicitly.

use std::collections::BTreeMap;

use channel_benches::catalog::{all_specs, Spec};
use channel_benches::guard;
use channel_benches::rig::{self, Round};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn channels(c: &mut Criterion) {
    // The process's threads before any benchmark: criterion's own and this one. Every
    // benchmark must start with exactly these, all idle (see `channel_benches::guard`).
    let baseline = guard::live_threads();
    let idle = idle_window();
    record_load("load-before.txt");
    warn_if_busy();
    // Keep criterion's groups together, in catalog order.
    let mut groups: BTreeMap<String, Vec<Spec>> = BTreeMap::new();
    for spec in all_specs() {
        groups.entry(spec.group()).or_default().push(spec);
    }
    for (name, specs) in groups {
        let mut group = c.benchmark_group(name);
        // One iteration is one message delivered (one round trip for ping-pong).
        group.throughput(Throughput::Elements(1));
        for spec in specs {
            // Built lazily, so `--list` or a filter that skips it spawns nothing.
            let mut rig: Option<Box<dyn Round>> = None;
            let id = BenchmarkId::new(spec.imp.key(), spec.cap.key());
            let mut checked = false;
            group.bench_function(id, |b| {
                if !checked {
                    // Only benchmarks that run (not filtered out) pay for the idle window.
                    quiet_or_die(spec, baseline, idle);
                    checked = true;
                }
                let rig = rig.get_or_insert_with(|| rig::build(spec));
                b.iter_custom(|iters| rig.round(iters));
            });
            // Dropping the rig ends its threads before the next benchmark starts.
            drop(rig);
        }
        group.finish();
    }
    record_load("load-after.txt");
}

/// Says so, loudly, when the machine is already busy: on a loaded machine the cells where a
/// thread waits measure the scheduler, not the channel (spinning hand-offs get slower, wake-ups
/// of an idle virtual CPU get cheaper), and the book's comparisons may not hold. Busy means
/// busy now, over a short window: the 1-minute load average right after a full run still
/// counts that run, so it would cry wolf before the reproducibility rounds.
fn warn_if_busy() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    if let Some(busy) = guard::busy_cores_over(std::time::Duration::from_millis(500)) {
        if busy > 0.25 * cores {
            eprintln!(
                "\nWARNING: other programs keep {busy:.2} of {cores} cores busy right now. \
                 The blocking and spinning cells will measure them. Results of a busy \
                 machine fail the reproducibility check or contradict the book's claims; \
                 stop the other work and run again.\n"
            );
        }
    }
}

/// Writes the machine's load average and CPU steal counters next to criterion's results
/// (`$CRITERION_HOME/{file}`), for the report's machine table.
fn record_load(file: &str) {
    let (Some(home), Some(load)) = (std::env::var_os("CRITERION_HOME"), guard::Load::read()) else {
        return;
    };
    let path = std::path::Path::new(&home).join(file);
    let _ = std::fs::create_dir_all(&home);
    if let Err(e) = std::fs::write(&path, load.to_line()) {
        panic!("cannot write {}: {e}", path.display());
    }
}

/// How long the process must stay idle before each benchmark: `CHANNEL_BENCHES_IDLE_MS`
/// (the task runner shortens it for the smoke run), 100 ms by default.
fn idle_window() -> std::time::Duration {
    let ms = std::env::var("CHANNEL_BENCHES_IDLE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    std::time::Duration::from_millis(ms)
}

/// Fails the run, loudly, when an earlier benchmark left a thread alive or spinning: every
/// figure measured after that would include the competition for the cores.
fn quiet_or_die(spec: Spec, baseline: Option<usize>, idle: std::time::Duration) {
    if let Some(baseline) = baseline {
        if let Err(disturbance) = guard::check_quiet(baseline, idle) {
            panic!("\n\nbenchmark {spec} cannot start: {disturbance}.\n\n");
        }
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
        .sample_size(50)
        .nresamples(10_000)
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = channels
}
criterion_main!(benches);
