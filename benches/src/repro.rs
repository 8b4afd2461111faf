//! The reproducibility check: after a full run, a handful of cells are measured again in
//! [`ROUNDS`] fresh processes (`cargo xtask bench` runs the bench target again, filtered to
//! [`CELLS`]), and the full run's figure for each must agree with the median of the rounds
//! within [`LIMIT`]×.
//!
//! Why: the blocking cells (rendezvous, bounded(1), ping-pong) cost an OS wake-up per
//! message, so whatever else competes for the cores during a long run lands in them first. A
//! run in which they do not reproduce on their own was disturbed, and its ratios are wrong.
//!
//! Why several rounds and the median: the cells where crossbeam spins instead of sleeping
//! (bounded(1), ping-pong) have two speeds on a 2-vCPU virtual machine — both threads running
//! at once (a few hundred nanoseconds) or one of them descheduled by the host, so the other
//! parks (microseconds). One fresh process can land in the slow mode for a whole cell; the
//! median of three does not hang on it, and the table shows each round so the spread is
//! visible rather than averaged away.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::claims::Row;

/// The cells re-measured: the blocking ones the first full run got wrong, the blocking
/// floor, and one non-blocking cell as a control.
pub const CELLS: [&str; 9] = [
    "spsc/u64/crossbeam/0",
    "spsc/u64/std/0",
    "spsc/u64/crossbeam/1",
    "spsc/u64/std/1",
    "mpsc4/u64/crossbeam/1",
    "pingpong/u64/std/1",
    "pingpong/u64/crossbeam/1",
    "pingpong/u64/park/1",
    "spsc/u64/crossbeam/1024",
];

/// The largest disagreement allowed, either way.
pub const LIMIT: f64 = 2.0;

/// How many fresh processes re-measure the cells.
pub const ROUNDS: usize = 3;

/// Criterion's filter (a regular expression over benchmark ids) that selects [`CELLS`].
pub fn filter() -> String {
    let alternatives: Vec<String> = CELLS.iter().map(|c| regex_escape(c)).collect();
    format!("^({})$", alternatives.join("|"))
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// Compares the fresh rounds with the full run: a Markdown table (each round, their median,
/// the ratio) and whether every cell's full-run figure is within [`LIMIT`]× of the median.
pub fn compare(full: &BTreeMap<String, Row>, rounds: &[BTreeMap<String, Row>]) -> (String, bool) {
    let mut out = String::from(
        "| 基准 | 完整运行（纳秒） | 各轮单独重测（纳秒） | 重测中位数 | 完整 ÷ 中位数 |\n\
         | --- | ---: | ---: | ---: | ---: |\n",
    );
    let mut ok = !rounds.is_empty();
    let mut worst: f64 = 1.0;
    for cell in CELLS {
        let mut fresh: Vec<f64> = rounds
            .iter()
            .filter_map(|round| round.get(cell).map(|r| r.ns))
            .collect();
        let each = fresh
            .iter()
            .map(|ns| format!("{ns:.1}"))
            .collect::<Vec<_>>()
            .join(" / ");
        match full.get(cell) {
            Some(f) if !fresh.is_empty() && fresh.len() == rounds.len() => {
                let median = median(&mut fresh);
                let ratio = f.ns / median;
                let off = ratio.max(1.0 / ratio);
                worst = worst.max(off);
                let flag = if off > LIMIT {
                    ok = false;
                    " ✗"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "| {cell} | {:.1} | {each} | {median:.1} | {ratio:.2}{flag} |",
                    f.ns
                );
            }
            f => {
                ok = false;
                let _ = writeln!(
                    out,
                    "| {cell} | {} | {} | — | 缺结果 ✗ |",
                    f.map_or("—".into(), |f| format!("{:.1}", f.ns)),
                    if each.is_empty() { "—" } else { &each }
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{} 轮重测；完整运行与中位数的最大偏差 {worst:.2} 倍（允许 {LIMIT} 倍）：{}",
        rounds.len(),
        if ok { "通过" } else { "不通过" }
    );
    (out, ok)
}

/// The middle value (the mean of the two middle ones for an even count); sorts `values`.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(ns: f64) -> BTreeMap<String, Row> {
        CELLS
            .iter()
            .map(|c| {
                (
                    c.to_string(),
                    Row {
                        ns,
                        low: ns,
                        high: ns,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn within_the_limit_either_way_passes() {
        assert!(compare(&rows(100.0), &[rows(60.0)]).1);
        assert!(compare(&rows(60.0), &[rows(100.0)]).1);
    }

    #[test]
    fn a_cell_off_by_more_than_the_limit_fails_and_is_marked() {
        let mut fresh = rows(100.0);
        fresh.get_mut("pingpong/u64/std/1").unwrap().ns = 30.0;
        let (table, ok) = compare(&rows(100.0), &[fresh.clone()]);
        assert!(!ok);
        assert!(
            table.contains("| pingpong/u64/std/1 | 100.0 | 30.0 | 30.0 | 3.33 ✗ |"),
            "{table}"
        );
        fresh.remove("spsc/u64/std/0");
        let (table, ok) = compare(&rows(100.0), &[fresh]);
        assert!(!ok);
        assert!(table.contains("缺结果"), "{table}");
    }

    #[test]
    fn one_slow_round_does_not_decide_but_the_median_does() {
        let mut slow = rows(100.0);
        slow.get_mut("pingpong/u64/crossbeam/1").unwrap().ns = 700.0;
        let (table, ok) = compare(&rows(100.0), &[rows(90.0), slow.clone(), rows(110.0)]);
        assert!(ok, "{table}");
        assert!(
            table.contains(
                "| pingpong/u64/crossbeam/1 | 100.0 | 90.0 / 700.0 / 110.0 | 110.0 | 0.91 |"
            ),
            "{table}"
        );
        // Two slow rounds out of three: the full run's figure is not what the machine does.
        let (_, ok) = compare(&rows(100.0), &[rows(90.0), slow.clone(), slow]);
        assert!(!ok);
    }

    #[test]
    fn a_round_missing_a_cell_or_no_round_at_all_fails() {
        let mut partial = rows(100.0);
        partial.remove("spsc/u64/std/1");
        assert!(!compare(&rows(100.0), &[rows(100.0), partial]).1);
        assert!(!compare(&rows(100.0), &[]).1);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn the_task_runner_uses_this_filter() {
        let xtask = include_str!("../../ci/xtask/src/bench_checks.rs");
        assert!(
            xtask.contains(&format!("const REPRO_FILTER: &str = \"{}\";", filter())),
            "ci/xtask/src/bench_checks.rs must filter to exactly repro::CELLS: {}",
            filter()
        );
        assert!(
            xtask.contains(&format!("const REPRO_ROUNDS: usize = {ROUNDS};")),
            "ci/xtask/src/bench_checks.rs must run repro::ROUNDS rounds"
        );
    }

    #[test]
    fn the_filter_selects_exactly_the_cells() {
        let f = filter();
        assert!(f.starts_with("^(spsc/u64/crossbeam/0|"), "{f}");
        assert_eq!(f.matches('|').count(), CELLS.len() - 1);
    }
}
