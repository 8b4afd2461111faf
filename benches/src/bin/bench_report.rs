//! Writes the committed results of a benchmark run (called by `cargo xtask bench`).
//!
//! ```text
//! bench_report --criterion DIR --out DIR --mode full|smoke [--duration SECS] [--settings TEXT]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use channel_benches::report::{self, Machine, RunInfo};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_report: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut criterion = None;
    let mut out = None;
    let mut mode = "full".to_owned();
    let mut duration_secs = None;
    let mut settings = String::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--criterion" => criterion = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--mode" => mode = value()?,
            "--duration" => {
                duration_secs = Some(value()?.parse().map_err(|e| format!("--duration: {e}"))?)
            }
            "--settings" => settings = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let criterion = criterion.ok_or("--criterion DIR is required")?;
    let out = out.ok_or("--out DIR is required")?;

    let results = report::load(&criterion)?;
    results.check_complete()?;
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ lives in the workspace");
    let machine = Machine::collect(workspace);
    let run = RunInfo {
        mode,
        duration_secs,
        settings,
    };
    report::write_all(&results, &run, &machine, &out)?;
    eprintln!(
        "bench_report: {} results → {}",
        results.len(),
        out.display()
    );
    Ok(())
}
