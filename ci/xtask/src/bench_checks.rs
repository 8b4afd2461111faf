//! What `cargo xtask bench` checks after writing the report (called from `bench::run_suite`):
//!
//! 1. **Reproducibility** — three fresh processes, one after another, re-measure a handful of
//!    cells (the blocking ones that a disturbed run gets wrong, the blocking floor, one
//!    control) with the same criterion settings; each cell of the run must agree with the
//!    median of the three within 2× (`channel_benches::repro`). The table is written to
//!    `reproducibility.md` next to the results. A full run that fails this must not be
//!    committed.
//! 2. **Claims** — every comparative sentence of chapters 4–8 is checked against the fresh
//!    `results.csv` (`channel_benches::claims`); a contradicted sentence is named with its page.
//!
//! In the smoke run the numbers mean nothing: the re-measurement runs (so the pipeline is
//! exercised) and its table is printed, but only the claims' cells are required to exist.

use std::path::Path;
use std::process::Command;

use crate::{run, tools};

/// Must match `channel_benches::repro::ROUNDS`.
const REPRO_ROUNDS: usize = 3;

/// The filter's alternatives: must match `channel_benches::repro::CELLS` (the report checks
/// that every cell has a result, so a mismatch fails loudly).
const REPRO_FILTER: &str = "^(spsc/u64/crossbeam/0|spsc/u64/std/0|spsc/u64/crossbeam/1|spsc/u64/std/1|mpsc4/u64/crossbeam/1|pingpong/u64/std/1|pingpong/u64/crossbeam/1|pingpong/u64/park/1|spsc/u64/crossbeam/1024)$";

pub fn after_report(
    root: &Path,
    work: &Path,
    out: &Path,
    criterion_args: &[String],
    smoke: bool,
) -> Result<(), String> {
    let csv = out.join("results.csv");

    let mut compare = report_bin(root);
    compare.arg("repro");
    for round in 1..=REPRO_ROUNDS {
        eprintln!(
            "==> reproducibility: re-measuring a few cells in a fresh process \
             (round {round} of {REPRO_ROUNDS})"
        );
        let repro_home = work.join(format!("repro-criterion-{round}"));
        if repro_home.exists() {
            std::fs::remove_dir_all(&repro_home)
                .map_err(|e| format!("cannot clear {}: {e}", repro_home.display()))?;
        }
        let mut bench = cargo(root);
        bench
            .args([
                "bench",
                "--locked",
                "-q",
                "-p",
                "channel_benches",
                "--benches",
                "--",
            ])
            .arg(REPRO_FILTER)
            .args(criterion_args)
            .env("CRITERION_HOME", &repro_home);
        if smoke {
            bench.env("CHANNEL_BENCHES_IDLE_MS", "20");
        }
        run(&mut bench)?;
        compare.arg("--criterion").arg(&repro_home);
    }
    compare
        .arg("--csv")
        .arg(&csv)
        .arg("--out")
        .arg(out.join("reproducibility.md"));
    if smoke {
        compare.arg("--report-only");
    }
    run(&mut compare)?;

    eprintln!(
        "==> claims: the book's comparative sentences against {}",
        csv.display()
    );
    let mut claims = report_bin(root);
    claims.arg("claims").arg("--csv").arg(&csv);
    claims.arg(if smoke { "--cells-only" } else { "--strict" });
    run(&mut claims)
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(tools::cargo());
    command.current_dir(root);
    command
}

fn report_bin(root: &Path) -> Command {
    let mut command = cargo(root);
    command.args([
        "run",
        "--locked",
        "-q",
        "-p",
        "channel_benches",
        "--bin",
        "bench_report",
        "--",
    ]);
    command
}
