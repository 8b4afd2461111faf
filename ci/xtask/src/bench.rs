//! `cargo xtask bench [--smoke]`: runs chapter 8's criterion suite (`benches/`) and regenerates
//! its report.
//!
//! * Full run: writes the committed results — `benches/results/` (CSV, machine record, tables,
//!   charts, headline figures) — which the book includes.
//! * `--smoke`: every benchmark for a few tens of milliseconds, same pipeline, output under
//!   `target/bench/smoke/` so the committed results are left alone. CI runs it.
//!
//! Before measuring it builds the suite, counts the benchmarks and prints how long the run
//! should take (warm-up + measurement + per-benchmark overhead, times the count); after, it
//! prints how long it took and passes that to the report.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::{describe, run, tools};

struct Settings {
    mode: &'static str,
    warm_up_secs: f64,
    measurement_secs: f64,
    sample_size: u32,
    resamples: u32,
    /// Seconds per benchmark outside warm-up and measurement: spawning its threads, the
    /// coordinator's hand-offs between samples, criterion's bootstrap analysis.
    overhead_secs: f64,
}

const FULL: Settings = Settings {
    mode: "full",
    warm_up_secs: 1.0,
    measurement_secs: 3.0,
    sample_size: 50,
    resamples: 10_000,
    overhead_secs: 0.6,
};

const SMOKE: Settings = Settings {
    mode: "smoke",
    warm_up_secs: 0.02,
    measurement_secs: 0.05,
    sample_size: 10,
    resamples: 1_000,
    overhead_secs: 0.03,
};

impl Settings {
    fn criterion_args(&self) -> Vec<String> {
        let mut args: Vec<String> = [
            "--warm-up-time",
            &self.warm_up_secs.to_string(),
            "--measurement-time",
            &self.measurement_secs.to_string(),
            "--sample-size",
            &self.sample_size.to_string(),
            "--nresamples",
            &self.resamples.to_string(),
            "--noplot",
        ]
        .map(str::to_owned)
        .to_vec();
        if self.mode == "smoke" {
            // One line per benchmark instead of a paragraph.
            args.extend(["--output-format".to_owned(), "bencher".to_owned()]);
        }
        args
    }
}

pub fn run_suite(root: &Path, smoke: bool) -> Result<(), String> {
    let settings = if smoke { &SMOKE } else { &FULL };
    let started = Instant::now();
    let work = root.join("target/bench").join(settings.mode);
    let criterion_home = work.join("criterion");
    let out = if smoke {
        work.join("results")
    } else {
        root.join("benches/results")
    };

    eprintln!("==> building the benchmark suite (release profile)");
    run(cargo(root).args([
        "bench",
        "--locked",
        "-p",
        "channel_benches",
        "--benches",
        "--no-run",
    ]))?;

    let count = count_benchmarks(root)?;
    let per_benchmark = settings.warm_up_secs + settings.measurement_secs + settings.overhead_secs;
    let estimate = count as f64 * per_benchmark;
    eprintln!(
        "==> {count} benchmarks × ({} s warm-up + {} s measurement + ~{} s overhead) \
         ≈ {:.0} s ({:.1} min) of measuring",
        settings.warm_up_secs,
        settings.measurement_secs,
        settings.overhead_secs,
        estimate,
        estimate / 60.0
    );

    // Stale results of renamed or removed benchmarks must not reach the report.
    if criterion_home.exists() {
        fs::remove_dir_all(&criterion_home)
            .map_err(|e| format!("cannot clear {}: {e}", criterion_home.display()))?;
    }
    let measuring = Instant::now();
    let mut bench = cargo(root);
    bench
        .args([
            "bench",
            "--locked",
            "-p",
            "channel_benches",
            "--benches",
            "--",
        ])
        .args(settings.criterion_args())
        .env("CRITERION_HOME", &criterion_home);
    if smoke {
        bench.env("CHANNEL_BENCHES_IDLE_MS", "20"); // the idle check before each benchmark
    }
    run(&mut bench)?;
    let measured = measuring.elapsed().as_secs_f64();

    eprintln!("==> writing the report to {}", out.display());
    let mut report = cargo(root);
    report
        .args([
            "run",
            "--locked",
            "-q",
            "-p",
            "channel_benches",
            "--bin",
            "bench_report",
            "--",
        ])
        .arg("--criterion")
        .arg(&criterion_home)
        .arg("--out")
        .arg(&out)
        .args(["--mode", settings.mode])
        .args(["--duration", &format!("{measured:.1}")])
        .args(["--settings", &settings.criterion_args().join(" ")]);
    run(&mut report)?;
    crate::bench_checks::after_report(root, &work, &out, &settings.criterion_args(), smoke)?;

    eprintln!(
        "==> bench ({}): {count} benchmarks measured in {:.0} s (estimated {:.0} s); {:.0} s in all",
        settings.mode,
        measured,
        estimate,
        started.elapsed().as_secs_f64()
    );
    if !smoke {
        eprintln!(
            "    commit benches/results/ (the book includes its tables, charts and headlines)"
        );
    }
    Ok(())
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(tools::cargo());
    command.current_dir(root);
    command
}

/// Criterion's `--list` prints one `name: benchmark` line per benchmark.
fn count_benchmarks(root: &Path) -> Result<usize, String> {
    let mut list = cargo(root);
    list.args([
        "bench",
        "--locked",
        "-q",
        "-p",
        "channel_benches",
        "--benches",
        "--",
        "--list",
    ]);
    let output = list
        .output()
        .map_err(|e| format!("cannot start {}: {e}", describe(&list)))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed:\n{}",
            describe(&list),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let count = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.ends_with(": benchmark"))
        .count();
    if count == 0 {
        return Err("the benchmark suite lists no benchmarks".into());
    }
    Ok(count)
}
