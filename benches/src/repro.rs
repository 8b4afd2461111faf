//! The reproducibility check: after a full run, a handful of cells are measured again in a
//! fresh process (`cargo xtask bench` runs the bench target once more, filtered to
//! [`CELLS`]), and each must agree with the full run within [`LIMIT`]×.
//!
//! Why: the blocking cells (rendezvous, bounded(1), ping-pong) cost an OS wake-up per
//! message, so whatever else competes for the cores during a long run lands in them first. A
//! run in which they do not reproduce on their own was disturbed, and its ratios are wrong.

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

/// Compares the fresh measurements with the full run's: a Markdown table of ratios and
/// whether every cell is within [`LIMIT`]×.
pub fn compare(full: &BTreeMap<String, Row>, fresh: &BTreeMap<String, Row>) -> (String, bool) {
    let mut out = String::from(
        "| 基准 | 完整运行（纳秒） | 单独重测（纳秒） | 完整 ÷ 重测 |\n| --- | ---: | ---: | ---: |\n",
    );
    let mut ok = true;
    let mut worst: f64 = 1.0;
    for cell in CELLS {
        match (full.get(cell), fresh.get(cell)) {
            (Some(f), Some(r)) => {
                let ratio = f.ns / r.ns;
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
                    "| {cell} | {:.1} | {:.1} | {ratio:.2}{flag} |",
                    f.ns, r.ns
                );
            }
            (f, r) => {
                ok = false;
                let _ = writeln!(
                    out,
                    "| {cell} | {} | {} | 缺结果 ✗ |",
                    f.map_or("—".into(), |f| format!("{:.1}", f.ns)),
                    r.map_or("—".into(), |r| format!("{:.1}", r.ns))
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\n最大偏差 {worst:.2} 倍（允许 {LIMIT} 倍）：{}",
        if ok { "通过" } else { "不通过" }
    );
    (out, ok)
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
        assert!(compare(&rows(100.0), &rows(60.0)).1);
        assert!(compare(&rows(60.0), &rows(100.0)).1);
    }

    #[test]
    fn a_cell_off_by_more_than_the_limit_fails_and_is_marked() {
        let mut fresh = rows(100.0);
        fresh.get_mut("pingpong/u64/std/1").unwrap().ns = 30.0;
        let (table, ok) = compare(&rows(100.0), &fresh);
        assert!(!ok);
        assert!(
            table.contains("| pingpong/u64/std/1 | 100.0 | 30.0 | 3.33 ✗ |"),
            "{table}"
        );
        fresh.remove("spsc/u64/std/0");
        assert!(compare(&rows(100.0), &fresh).0.contains("缺结果"));
    }

    #[test]
    fn the_task_runner_uses_this_filter() {
        let xtask = include_str!("../../ci/xtask/src/bench_checks.rs");
        assert!(
            xtask.contains(&format!("const REPRO_FILTER: &str = \"{}\";", filter())),
            "ci/xtask/src/bench_checks.rs must filter to exactly repro::CELLS: {}",
            filter()
        );
    }

    #[test]
    fn the_filter_selects_exactly_the_cells() {
        let f = filter();
        assert!(f.starts_with("^(spsc/u64/crossbeam/0|"), "{f}");
        assert_eq!(f.matches('|').count(), CELLS.len() - 1);
    }
}
