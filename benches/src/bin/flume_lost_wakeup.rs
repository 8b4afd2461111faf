//! Counts the rounds in which an async receiver of flume 0.11 sleeps on a non-empty channel
//! (see `channel_benches::lost_wakeup`), next to async-channel and tokio as controls.
//!
//! ```text
//! cargo run --release -p channel_benches --bin flume_lost_wakeup -- [--rounds N] [--timeout-ms MS]
//! ```
//!
//! Every configuration runs `N` rounds (default 1000); a round that has not finished after
//! `MS` milliseconds (default 200) counts as stuck. Prints a Markdown table.

use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let mut rounds = 1000;
    let mut timeout_ms = 200;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (flag.as_str(), value) {
            ("--rounds", Some(v)) => rounds = v,
            ("--timeout-ms", Some(v)) => timeout_ms = v as u64,
            _ => {
                eprintln!("usage: flume_lost_wakeup [--rounds N] [--timeout-ms MS]");
                return ExitCode::FAILURE;
            }
        }
    }
    print!(
        "{}",
        channel_benches::lost_wakeup::run_table(rounds, Duration::from_millis(timeout_ms))
    );
    ExitCode::SUCCESS
}
