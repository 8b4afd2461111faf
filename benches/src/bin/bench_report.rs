//! Writes the committed results of a benchmark run (called by `cargo xtask bench`).
//!
//! ```text
//! bench_report --criterion DIR --out DIR --mode full|smoke [--duration SECS] [--settings TEXT]
//! bench_report claims --csv FILE [--strict]      # the book's speed claims against a CSV
//! bench_report repro --criterion DIR [--criterion DIR…] --csv FILE [--out FILE] [--report-only]
//!                                                # fresh re-measurements against a full run
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
    match std::env::args().nth(1).as_deref() {
        Some("claims") => return claims(),
        Some("repro") => return repro(),
        _ => {}
    }
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
    let load = |file: &str| {
        std::fs::read_to_string(criterion.join(file))
            .ok()
            .and_then(|line| channel_benches::guard::Load::parse_line(&line))
    };
    let run = RunInfo {
        mode,
        duration_secs,
        settings,
        load_before: load("load-before.txt"),
        load_after: load("load-after.txt"),
    };
    report::write_all(&results, &run, &machine, &out)?;
    eprintln!(
        "bench_report: {} results → {}",
        results.len(),
        out.display()
    );
    Ok(())
}

/// Parses `--flag value` pairs and bare `--switch`es after the subcommand.
type Options = (Vec<(String, String)>, Vec<String>);

fn options() -> Options {
    let mut pairs = Vec::new();
    let mut switches = Vec::new();
    let mut args = std::env::args().skip(2).peekable();
    while let Some(flag) = args.next() {
        match args.peek() {
            Some(v) if !v.starts_with("--") => pairs.push((flag, args.next().unwrap())),
            _ => switches.push(flag),
        }
    }
    (pairs, switches)
}

fn get(pairs: &[(String, String)], name: &str) -> Result<PathBuf, String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| PathBuf::from(v))
        .ok_or(format!("{name} is required"))
}

fn read_rows(
    csv: &Path,
) -> Result<std::collections::BTreeMap<String, channel_benches::claims::Row>, String> {
    let text =
        std::fs::read_to_string(csv).map_err(|e| format!("cannot read {}: {e}", csv.display()))?;
    channel_benches::claims::read_csv(&text)
}

/// `claims --csv FILE [--strict]`: prints every claim's verdict; fails if one does not hold.
fn claims() -> Result<(), String> {
    let (pairs, switches) = options();
    let rows = read_rows(&get(&pairs, "--csv")?)?;
    if switches.iter().any(|s| s == "--cells-only") {
        // A smoke run: the figures mean nothing, but every claim's cells must exist.
        let missing = channel_benches::claims::missing_cells(&rows);
        if missing.is_empty() {
            eprintln!(
                "claims: {} claims, every cell they compare has a result (not judged: smoke run)",
                channel_benches::claims::CLAIMS.len()
            );
            return Ok(());
        }
        return Err(format!(
            "claims compare cells the suite does not measure: {missing:?}"
        ));
    }
    let strict = switches.iter().any(|s| s == "--strict");
    let (report, ok) = channel_benches::claims::check_all(&rows, strict);
    eprint!("{report}");
    if ok {
        Ok(())
    } else {
        Err("the results contradict a sentence of the book (see above)".into())
    }
}

/// `repro --criterion DIR [--criterion DIR…] --csv FILE [--out FILE] [--report-only]`: each
/// fresh process's measurements of the reproducibility cells (one `--criterion` per round)
/// against the full run's CSV; the table is printed and, with `--out`, written there.
fn repro() -> Result<(), String> {
    let (pairs, switches) = options();
    let rounds = pairs
        .iter()
        .filter(|(k, _)| k == "--criterion")
        .map(|(_, dir)| report::load(Path::new(dir)).map(|r| r.rows()))
        .collect::<Result<Vec<_>, _>>()?;
    let full = read_rows(&get(&pairs, "--csv")?)?;
    let (table, ok) = channel_benches::repro::compare(&full, &rounds);
    eprintln!("reproducibility check (fresh processes re-measured these cells):\n\n{table}");
    if let Some((_, file)) = pairs.iter().find(|(k, _)| k == "--out") {
        std::fs::write(file, &table).map_err(|e| format!("cannot write {file}: {e}"))?;
    }
    if ok {
        Ok(())
    } else if switches.iter().any(|s| s == "--report-only") {
        eprintln!(
            "reproducibility: not judged in a smoke run (its measurements are too short to \
             compare; the verdict line above only shows that the check runs)"
        );
        Ok(())
    } else {
        Err(format!(
            "the full run does not reproduce: a cell differs from the median of its \
             re-measurements by more than {}×, so the run was disturbed (load from other programs, or a benchmark \
             that disturbed the next ones); do not commit these results — quieten the \
             machine and run `cargo xtask bench` again",
            channel_benches::repro::LIMIT
        ))
    }
}
