//! Turns criterion's saved estimates into the committed results: `results.csv`, the machine
//! record, one Markdown table and one SVG chart per study, and `headlines.md` — the figures
//! and comparisons the chapter's prose includes by anchor, so no number in the book is typed
//! by hand.

mod machine;
pub mod svg;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::catalog::{
    all_specs, AsyncKind, Cap, Imp, Msg, Runtime, Spec, Topology, BATCHER_SIZES, BATCH_SIZES,
    CORE_CAPS, HEADLINE_BATCHER, MUTEX_TOPOLOGIES, SINGLE_THREAD_BATCH, SINGLE_THREAD_CAPS,
    SINGLE_THREAD_IMPS, SIZE_CAP, SIZE_IMPS, SWEEP_CAPS, SWEEP_IMPS,
};
use crate::guard::Load;

pub use machine::Machine;

/// One benchmark's estimate of the time per iteration (one message, or one round trip).
#[derive(Clone, Copy, Debug)]
pub struct Measurement {
    pub spec: Spec,
    /// Nanoseconds per iteration: criterion's regression slope, or the mean when it has none.
    pub ns: f64,
    /// The 95 % confidence interval of `ns`.
    pub ns_low: f64,
    pub ns_high: f64,
    pub from_slope: bool,
}

impl Measurement {
    /// Millions of iterations per second.
    pub fn mps(&self) -> f64 {
        1e3 / self.ns
    }

    /// The confidence interval is wider than ±10 % of the estimate.
    pub fn noisy(&self) -> bool {
        (self.ns_high - self.ns_low) / 2.0 > 0.10 * self.ns
    }
}

/// How the results were produced, recorded with them.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// `"full"` or `"smoke"`.
    pub mode: String,
    /// Wall-clock time of the benchmark run, when the task runner measured it.
    pub duration_secs: Option<f64>,
    /// Criterion's settings as passed on the command line.
    pub settings: String,
    /// The machine's load and steal counters when the benchmarks started and ended.
    pub load_before: Option<Load>,
    pub load_after: Option<Load>,
}

impl RunInfo {
    fn is_smoke(&self) -> bool {
        self.mode != "full"
    }
}

/// Every measurement of a run, by benchmark.
#[derive(Debug, Default)]
pub struct Results {
    map: BTreeMap<Spec, Measurement>,
}

impl Results {
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn insert(&mut self, m: Measurement) {
        self.map.insert(m.spec, m);
    }

    pub fn get(&self, topology: Topology, msg: Msg, imp: Imp, cap: Cap) -> Option<&Measurement> {
        self.map.get(&Spec::new(topology, msg, imp, cap))
    }

    fn need(
        &self,
        topology: Topology,
        msg: Msg,
        imp: Imp,
        cap: Cap,
    ) -> Result<&Measurement, String> {
        self.get(topology, msg, imp, cap)
            .ok_or_else(|| format!("no result for {}", Spec::new(topology, msg, imp, cap)))
    }

    /// The results keyed like the CSV (`topology/message/implementation/capacity`).
    pub fn rows(&self) -> BTreeMap<String, crate::claims::Row> {
        self.map
            .values()
            .map(|m| {
                let row = crate::claims::Row {
                    ns: m.ns,
                    low: m.ns_low,
                    high: m.ns_high,
                };
                (m.spec.to_string(), row)
            })
            .collect()
    }

    /// Every benchmark of the catalog must have a result.
    pub fn check_complete(&self) -> Result<(), String> {
        let missing: Vec<String> = all_specs()
            .into_iter()
            .filter(|spec| !self.map.contains_key(spec))
            .map(|spec| spec.to_string())
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} of {} benchmarks have no result: {}",
                missing.len(),
                all_specs().len(),
                missing.join(", ")
            ))
        }
    }
}

/// Reads every `new/benchmark.json` + `new/estimates.json` pair under criterion's folder.
pub fn load(criterion_dir: &Path) -> Result<Results, String> {
    let by_id: BTreeMap<String, Spec> = all_specs()
        .into_iter()
        .map(|s| (s.to_string(), s))
        .collect();
    let mut results = Results::default();
    let mut files = Vec::new();
    find_benchmark_files(criterion_dir, &mut files)?;
    for file in files {
        let dir = file.parent().expect("a file has a folder");
        let benchmark = read_json(&file)?;
        let id = benchmark["full_id"]
            .as_str()
            .ok_or_else(|| format!("{}: no full_id", file.display()))?;
        let Some(&spec) = by_id.get(id) else {
            eprintln!("bench_report: ignoring {id}: not in the catalog");
            continue;
        };
        let estimates = read_json(&dir.join("estimates.json"))?;
        let (estimate, from_slope) = match &estimates["slope"] {
            Value::Null => (&estimates["mean"], false),
            slope => (slope, true),
        };
        let number = |v: &Value| {
            v.as_f64()
                .ok_or_else(|| format!("{}: malformed estimates.json", dir.display()))
        };
        results.insert(Measurement {
            spec,
            ns: number(&estimate["point_estimate"])?,
            ns_low: number(&estimate["confidence_interval"]["lower_bound"])?,
            ns_high: number(&estimate["confidence_interval"]["upper_bound"])?,
            from_slope,
        });
    }
    Ok(results)
}

fn find_benchmark_files(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            find_benchmark_files(&path, found)?;
        } else if path.file_name().is_some_and(|n| n == "benchmark.json")
            && dir.file_name().is_some_and(|n| n == "new")
        {
            found.push(path);
        }
    }
    found.sort();
    Ok(())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Three significant digits.
pub fn fmt_value(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else if v >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

fn fmt_ratio(r: f64) -> String {
    if r >= 10.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

fn fmt_duration(secs: f64) -> String {
    let secs = secs.round() as u64;
    if secs >= 60 {
        format!("{} 分 {} 秒", secs / 60, secs % 60)
    } else {
        format!("{secs} 秒")
    }
}

/// "A 是 B 的 N 倍" or "A 只有 B 的 P%", whichever is true.
fn compare(a_label: &str, a: f64, b_label: &str, b: f64) -> String {
    let r = a / b;
    if r >= 1.0 {
        format!("{a_label}是{b_label}的 **{} 倍**", fmt_ratio(r))
    } else {
        format!("{a_label}只有{b_label}的 **{:.0}%**", r * 100.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

/// What a table cell shows.
#[derive(Clone, Copy)]
enum Unit {
    /// Millions of messages per second (bigger is better).
    Throughput,
    /// Nanoseconds per round trip (smaller is better).
    Latency,
}

impl Unit {
    fn value(self, m: &Measurement) -> f64 {
        match self {
            Unit::Throughput => m.mps(),
            Unit::Latency => m.ns,
        }
    }

    fn better(self, a: f64, b: f64) -> bool {
        match self {
            Unit::Throughput => a > b,
            Unit::Latency => a < b,
        }
    }

    fn note(self) -> &'static str {
        match self {
            Unit::Throughput => "单位：百万条消息/秒，越大越好",
            Unit::Latency => "单位：纳秒/往返，越小越好",
        }
    }

    fn axis(self) -> &'static str {
        match self {
            Unit::Throughput => "百万条消息/秒（对数刻度，越长越好）",
            Unit::Latency => "纳秒/往返（对数刻度，越短越好）",
        }
    }
}

/// A grid of measurements: rows, columns, and `None` where a combination does not exist.
struct Grid {
    title: String,
    unit: Unit,
    corner: String,
    columns: Vec<String>,
    rows: Vec<(String, bool, Vec<Option<Measurement>>)>,
    /// Cells left out because they hang: row label, column, reason.
    hangs: Vec<(String, usize, &'static str)>,
}

impl Grid {
    fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "| {} | {} |", self.corner, self.columns.join(" | "));
        let _ = writeln!(out, "| --- |{}", " ---: |".repeat(self.columns.len()));
        // The best non-floor value of each column is bold.
        let best: Vec<Option<f64>> = (0..self.columns.len())
            .map(|c| {
                self.rows
                    .iter()
                    .filter(|(_, floor, _)| !floor)
                    .filter_map(|(_, _, cells)| cells[c].as_ref().map(|m| self.unit.value(m)))
                    .fold(None, |best: Option<f64>, v| match best {
                        Some(b) if !self.unit.better(v, b) => Some(b),
                        _ => Some(v),
                    })
            })
            .collect();
        let mut any_noisy = false;
        for (label_raw, floor, cells) in &self.rows {
            let label = if *floor {
                format!("*{label_raw}*")
            } else {
                escape_md(label_raw)
            };
            let cells: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    None if self
                        .hangs
                        .iter()
                        .any(|(r, col, _)| r == label_raw && *col == c) =>
                    {
                        "卡住†".to_owned()
                    }
                    None => "—".to_owned(),
                    Some(m) => {
                        let v = self.unit.value(m);
                        let mut text = fmt_value(v);
                        if m.noisy() {
                            any_noisy = true;
                            text.push_str("\\*");
                        }
                        if !floor && best[c] == Some(v) {
                            format!("**{text}**")
                        } else {
                            text
                        }
                    }
                })
                .collect();
            let _ = writeln!(out, "| {label} | {} |", cells.join(" | "));
        }
        let _ = write!(out, "\n{}；每列最好的通道用粗体", self.unit.note());
        if self.rows.iter().any(|(_, floor, _)| *floor) {
            out.push_str(
                "；斜体行是下限，不是通道（自旋的无锁结构，或者阻塞下限：操作系统把线程挂起再唤醒的往返）",
            );
        }
        if any_noisy {
            out.push_str("；带 \\* 的数值 95% 置信区间宽于 ±10%，读的时候打个折扣");
        }
        out.push_str("。\n");
        for (_, _, why) in &self.hangs {
            let _ = writeln!(out, "\n† {why}。");
        }
        out
    }

    fn chart(&self) -> String {
        let rows: Vec<(String, Vec<Option<f64>>)> = self
            .rows
            .iter()
            .map(|(label, _, cells)| {
                (
                    label.clone(),
                    cells
                        .iter()
                        .map(|c| c.as_ref().map(|m| self.unit.value(m)))
                        .collect(),
                )
            })
            .collect();
        svg::bars(
            &self.title,
            self.unit.axis(),
            &self.columns,
            &rows,
            &fmt_value,
        )
    }
}

fn escape_md(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

fn core_grid(results: &Results, topology: Topology) -> Grid {
    let unit = if topology == Topology::PingPong {
        Unit::Latency
    } else {
        Unit::Throughput
    };
    let rows = Imp::core()
        .into_iter()
        .filter(|imp| CORE_CAPS.iter().any(|&cap| imp.supports(topology, cap)))
        .map(|imp| {
            let cells = CORE_CAPS
                .iter()
                .map(|&cap| results.get(topology, Msg::U64, imp, cap).copied())
                .collect();
            (imp.label(), imp.is_floor(), cells)
        })
        .collect();
    let mut hangs = Vec::new();
    for imp in Imp::core() {
        for (c, &cap) in CORE_CAPS.iter().enumerate() {
            if let Some(why) = imp.known_hang(topology, cap) {
                hangs.push((imp.label(), c, why));
            }
        }
    }
    Grid {
        title: format!("{}，u64", topology.label()),
        unit,
        corner: "实现".into(),
        columns: CORE_CAPS.iter().map(|c| c.label()).collect(),
        rows,
        hangs,
    }
}

fn capacity_grid(results: &Results) -> Grid {
    let rows = SWEEP_IMPS
        .iter()
        .map(|&imp| {
            let cells = SWEEP_CAPS
                .iter()
                .map(|&cap| results.get(Topology::Spsc, Msg::U64, imp, cap).copied())
                .collect();
            (imp.label(), false, cells)
        })
        .collect();
    Grid {
        title: "容量扫描：SPSC，u64".into(),
        unit: Unit::Throughput,
        corner: "实现".into(),
        columns: SWEEP_CAPS
            .iter()
            .map(|c| match c {
                Cap::Bounded(n) => n.to_string(),
                Cap::Unbounded => "∞".into(),
            })
            .collect(),
        rows,
        hangs: Vec::new(),
    }
}

fn size_grid(results: &Results) -> Grid {
    let rows = SIZE_IMPS
        .iter()
        .map(|&imp| {
            let cells = Msg::ALL
                .iter()
                .map(|&msg| results.get(Topology::Spsc, msg, imp, SIZE_CAP).copied())
                .collect();
            (imp.label(), imp.is_floor(), cells)
        })
        .collect();
    Grid {
        title: format!("消息大小：SPSC，{}", SIZE_CAP.label()),
        unit: Unit::Throughput,
        corner: "实现".into(),
        columns: Msg::ALL
            .iter()
            .map(|m| format!("`{}`", m.label()))
            .collect(),
        rows,
        hangs: Vec::new(),
    }
}

fn mutex_grid(results: &Results) -> Grid {
    let mut rows = Vec::new();
    for cap in CORE_CAPS {
        for imp in [Imp::Crossbeam, Imp::Std, Imp::MutexDeque] {
            let cells = MUTEX_TOPOLOGIES
                .iter()
                .map(|&t| results.get(t, Msg::U64, imp, cap).copied())
                .collect();
            rows.push((format!("{}，{}", imp.label(), cap.label()), false, cells));
        }
    }
    Grid {
        title: "通道与 Mutex<VecDeque> + Condvar，u64".into(),
        unit: Unit::Throughput,
        corner: "实现，容量".into(),
        columns: MUTEX_TOPOLOGIES
            .iter()
            .map(|t| short(*t).to_owned())
            .collect(),
        rows,
        hangs: Vec::new(),
    }
}

/// The single-thread baseline next to SPSC: the same channel, capacity and message, with the
/// sending and receiving done by one thread or by two.
fn single_thread_grid(results: &Results) -> Grid {
    let topologies = [Topology::SingleThread, Topology::Spsc];
    let rows = SINGLE_THREAD_IMPS
        .iter()
        .map(|&imp| {
            let cells = topologies
                .iter()
                .flat_map(|&t| SINGLE_THREAD_CAPS.map(|cap| (t, cap)))
                .map(|(t, cap)| results.get(t, Msg::U64, imp, cap).copied())
                .collect();
            (imp.label(), false, cells)
        })
        .collect();
    Grid {
        title: format!("单线程基线（每批 {SINGLE_THREAD_BATCH} 条）与 SPSC，u64"),
        unit: Unit::Throughput,
        corner: "实现".into(),
        columns: topologies
            .iter()
            .flat_map(|&t| SINGLE_THREAD_CAPS.map(|cap| format!("{}，{}", short(t), cap.label())))
            .collect(),
        rows,
        hangs: Vec::new(),
    }
}

fn short(topology: Topology) -> &'static str {
    match topology {
        Topology::SingleThread => "单线程",
        Topology::Spsc => "SPSC",
        Topology::Mpsc2 => "MPSC 2→1",
        Topology::Mpsc4 => "MPSC 4→1",
        Topology::Mpmc2x2 => "MPMC 2→2",
        Topology::PingPong => "乒乓",
    }
}

/// The batching table has a speedup column, so it is written by hand.
fn batching_table(results: &Results) -> Result<String, String> {
    let base = results.need(Topology::Spsc, Msg::U64, Imp::Crossbeam, Cap::Unbounded)?;
    let mut out = String::from("| 发送方式 | 百万个 `u64`/秒 | 每个 `u64` 纳秒 | 相对逐条发送 |\n| --- | ---: | ---: | ---: |\n");
    let mut imps = vec![Imp::Crossbeam];
    imps.extend(BATCH_SIZES.map(Imp::CrossbeamVec));
    imps.extend(BATCHER_SIZES.map(Imp::Batcher));
    for imp in imps {
        let m = results.need(Topology::Spsc, Msg::U64, imp, Cap::Unbounded)?;
        let label = if imp == Imp::Crossbeam {
            "逐条发送（crossbeam-channel，unbounded）".to_owned()
        } else {
            imp.label()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} 倍 |",
            escape_md(&label),
            fmt_value(m.mps()),
            fmt_value(m.ns),
            fmt_ratio(base.ns / m.ns)
        );
    }
    out.push_str("\nSPSC，unbounded；一次迭代是一个 `u64` 送达接收方（批处理时，接收方逐个读出批里的数）。\n");
    Ok(out)
}

fn batching_chart(results: &Results) -> Result<String, String> {
    let mut imps = vec![Imp::Crossbeam];
    imps.extend(BATCH_SIZES.map(Imp::CrossbeamVec));
    imps.extend(BATCHER_SIZES.map(Imp::Batcher));
    let mut rows = Vec::new();
    for imp in imps {
        let m = results.need(Topology::Spsc, Msg::U64, imp, Cap::Unbounded)?;
        let label = if imp == Imp::Crossbeam {
            "逐条发送".to_owned()
        } else {
            imp.label()
        };
        rows.push((label, vec![Some(m.mps())]));
    }
    Ok(svg::bars(
        "批处理：SPSC，u64，crossbeam-channel unbounded",
        Unit::Throughput.axis(),
        &["百万个 u64/秒".to_owned()],
        &rows,
        &fmt_value,
    ))
}

fn capacity_chart(results: &Results) -> String {
    let grid = capacity_grid(results);
    let series: Vec<(String, Vec<Option<f64>>)> = grid
        .rows
        .iter()
        .map(|(label, _, cells)| {
            (
                label.clone(),
                cells.iter().map(|c| c.map(|m| m.mps())).collect(),
            )
        })
        .collect();
    svg::lines(
        &grid.title,
        "容量（∞ = unbounded）",
        "百万条消息/秒（对数刻度）",
        &grid.columns,
        &series,
    )
}

// ---------------------------------------------------------------------------------------------
// Headlines

struct Headlines {
    text: String,
}

impl Headlines {
    fn add(&mut self, anchor: &str, body: &str) {
        let _ = write!(
            self.text,
            "<!-- ANCHOR: {anchor} -->\n{}\n<!-- ANCHOR_END: {anchor} -->\n\n",
            body.trim_end()
        );
    }
}

fn mps(m: &Measurement) -> String {
    format!("{} 百万条/秒", fmt_value(m.mps()))
}

fn headlines(results: &Results, run: &RunInfo, machine: &Machine) -> Result<String, String> {
    use Topology::*;
    let mut h = Headlines {
        text: "<!-- 由 `cargo xtask bench` 生成，不要手工修改。 -->\n\n".into(),
    };
    let spsc = |imp, cap| results.need(Spsc, Msg::U64, imp, cap);
    let big = Cap::Bounded(1024);

    // Where and how it was measured.
    let mut env = format!(
        "测量环境：{}，{} 个逻辑核，{}，{}（UTC），共 {} 个基准",
        machine.cpu,
        machine.cores,
        machine.rustc,
        machine.date,
        results.len()
    );
    if let Some(secs) = run.duration_secs {
        let _ = write!(env, "，用时 {}", fmt_duration(secs));
    }
    env.push('。');
    if run.is_smoke() {
        env.push_str(
            "\n\n> [!WARNING]\n> 这是**冒烟运行**的数据（每个基准只测了几十毫秒），只用来检查流程，\
             数字不可引用。运行 `cargo xtask bench` 得到正式结果。",
        );
    }
    h.add("machine", &env);
    h.add(
        "duration",
        &match run.duration_secs {
            Some(secs) => format!(
                "这次{}运行测了 {} 个基准，用时 {}。",
                if run.is_smoke() { "冒烟" } else { "完整" },
                results.len(),
                fmt_duration(secs)
            ),
            None => format!("这次运行测了 {} 个基准。", results.len()),
        },
    );

    // 1. The best channel against the SPSC ring floor.
    let floor = spsc(Imp::Rtrb, big)?;
    let best = Imp::core()
        .into_iter()
        .filter(|imp| imp.between_threads())
        .filter_map(|imp| results.get(Spsc, Msg::U64, imp, big))
        .min_by(|a, b| a.ns.total_cmp(&b.ns))
        .ok_or("no channel result for SPSC bounded(1024)")?;
    h.add(
        "floor_spsc",
        &format!(
            "SPSC、bounded(1024)、`u64`：在两个线程之间传递消息的通道里，最快的是 **{}**，{}\
             （每条 {} 纳秒）；rtrb 环形缓冲区（下限）{}（每条 {} 纳秒）。最快的通道达到了\
             下限吞吐量的 **{:.0}%**。",
            best.spec.imp.label(),
            mps(best),
            fmt_value(best.ns),
            mps(floor),
            fmt_value(floor.ns),
            100.0 * floor.ns / best.ns
        ),
    );

    // 2. Rendezvous: crossbeam bounded(0) against bounded(1024).
    let zero = spsc(Imp::Crossbeam, Cap::Bounded(0))?;
    let roomy = spsc(Imp::Crossbeam, big)?;
    let one = spsc(Imp::Crossbeam, Cap::Bounded(1))?;
    h.add(
        "rendezvous",
        &format!(
            "crossbeam-channel，SPSC，`u64`：bounded(0) {}（每条 {} 纳秒），bounded(1) {}，\
             bounded(1024) {}（每条 {} 纳秒）。{}。",
            mps(zero),
            fmt_value(zero.ns),
            mps(one),
            mps(roomy),
            fmt_value(roomy.ns),
            compare(
                "bounded(1024) 的吞吐量",
                roomy.mps(),
                " bounded(0) ",
                zero.mps()
            )
        ),
    );

    // 3. Exercise 19's batching speedup.
    let per_item = spsc(Imp::Crossbeam, Cap::Unbounded)?;
    let batcher = spsc(Imp::Batcher(HEADLINE_BATCHER), Cap::Unbounded)?;
    h.add(
        "batching",
        &format!(
            "练习 19 的 `Batcher`（max_items = {HEADLINE_BATCHER}）每秒送达 {} 百万个 `u64`，\
             逐条发送每秒 {} 百万个：{}。",
            fmt_value(batcher.mps()),
            fmt_value(per_item.mps()),
            compare("批处理的吞吐量", batcher.mps(), "逐条发送", per_item.mps())
        ),
    );

    // Ping-pong: the best channel against the atomic floor.
    let atomic = results.need(PingPong, Msg::U64, Imp::Atomic, Cap::Bounded(1))?;
    let fastest_trip = Imp::core()
        .into_iter()
        .filter(|imp| imp.between_threads())
        .flat_map(|imp| CORE_CAPS.map(|cap| results.get(PingPong, Msg::U64, imp, cap)))
        .flatten()
        .min_by(|a, b| a.ns.total_cmp(&b.ns))
        .ok_or("no ping-pong result")?;
    h.add(
        "floor_pingpong",
        &format!(
            "一次往返，线程之间最快的通道（{}，{}）用 {} 纳秒；两个线程轮流改一个原子变量\
             （下限）用 {} 纳秒。{}。",
            fastest_trip.spec.imp.label(),
            fastest_trip.spec.cap.label(),
            fmt_value(fastest_trip.ns),
            fmt_value(atomic.ns),
            compare("最快的通道的往返时间", fastest_trip.ns, "下限", atomic.ns)
        ),
    );

    // std against crossbeam, after Rust 1.67.
    let mut lines = Vec::new();
    for topology in [Spsc, Mpsc2, Mpsc4] {
        for cap in CORE_CAPS {
            let s = results.need(topology, Msg::U64, Imp::Std, cap)?;
            let c = results.need(topology, Msg::U64, Imp::Crossbeam, cap)?;
            lines.push(format!(
                "| {} | {} | {} | {} | {:.2} |",
                short(topology),
                cap.label(),
                fmt_value(s.mps()),
                fmt_value(c.mps()),
                s.mps() / c.mps()
            ));
        }
    }
    h.add(
        "std_vs_crossbeam",
        &format!(
            "| 拓扑 | 容量 | std（百万条/秒） | crossbeam（百万条/秒） | std ÷ crossbeam |\n\
             | --- | --- | ---: | ---: | ---: |\n{}",
            lines.join("\n")
        ),
    );

    // Oversubscription: more threads than cores.
    let spsc_cb = spsc(Imp::Crossbeam, big)?;
    let mpsc2_cb = results.need(Mpsc2, Msg::U64, Imp::Crossbeam, big)?;
    let mpsc_cb = results.need(Mpsc4, Msg::U64, Imp::Crossbeam, big)?;
    let mpmc_cb = results.need(Mpmc2x2, Msg::U64, Imp::Crossbeam, big)?;
    h.add(
        "oversubscription",
        &format!(
            "crossbeam-channel，bounded(1024)：SPSC（2 个线程）{}，MPSC 2→1（3 个线程）{}，\
             MPSC 4→1（5 个线程）{}，MPMC 2→2（4 个线程）{}。这台机器有 {} 个逻辑核。",
            mps(spsc_cb),
            mps(mpsc2_cb),
            mps(mpsc_cb),
            mps(mpmc_cb),
            machine.cores
        ),
    );

    // Two producers against four, next to SPSC, for the channels between threads.
    let mut lines = Vec::new();
    for imp in Imp::core().into_iter().filter(|imp| imp.between_threads()) {
        for cap in CORE_CAPS {
            let [one, two, four] =
                [Spsc, Mpsc2, Mpsc4].map(|t| results.need(t, Msg::U64, imp, cap));
            let (one, two, four) = (one?, two?, four?);
            lines.push(format!(
                "| {} | {} | {} | {} | {} | {:.2} |",
                imp.label(),
                cap.label(),
                fmt_value(one.mps()),
                fmt_value(two.mps()),
                fmt_value(four.mps()),
                four.mps() / two.mps()
            ));
        }
    }
    h.add(
        "producers",
        &format!(
            "| 实现 | 容量 | SPSC（2 个线程） | MPSC 2→1（3 个线程） | MPSC 4→1（5 个线程） | 4→1 ÷ 2→1 |\n\
             | --- | --- | ---: | ---: | ---: | ---: |\n{}\n\n\
             单位：百万条消息/秒，越大越好；最后一列小于 1 表示 4 个生产者比 2 个慢。这台机器有 {} 个逻辑核。",
            lines.join("\n"),
            machine.cores
        ),
    );

    // The single-thread baseline against SPSC: the queue operations alone, then across cores.
    let mut parts = Vec::new();
    for cap in SINGLE_THREAD_CAPS {
        let alone = results.need(SingleThread, Msg::U64, Imp::Crossbeam, cap)?;
        let across = spsc(Imp::Crossbeam, cap)?;
        parts.push(format!(
            "{}：单线程每条 {} 纳秒（{}），SPSC 每条 {} 纳秒（{}），{}",
            cap.label(),
            fmt_value(alone.ns),
            mps(alone),
            fmt_value(across.ns),
            mps(across),
            compare("单线程的吞吐量", alone.mps(), " SPSC ", across.mps())
        ));
    }
    h.add(
        "single_thread",
        &format!(
            "crossbeam-channel，`u64`，同一个线程每次先连发 {SINGLE_THREAD_BATCH} 条、再全部收回，\
             对比一个线程发、另一个线程收——{}。",
            parts.join("；")
        ),
    );

    // Async runtimes.
    let tokio = |runtime, topology| {
        results.need(
            topology,
            Msg::U64,
            Imp::Async(AsyncKind::Tokio, runtime),
            big,
        )
    };
    let (ct, mt) = (Runtime::CurrentThread, Runtime::MultiThread2);
    let flume_sync = spsc(Imp::Flume, big)?;
    let flume_mt = spsc(Imp::Async(AsyncKind::Flume, mt), big)?;
    h.add(
        "runtime",
        &format!(
            "tokio mpsc，bounded(1024)：SPSC 在 current_thread 上 {}，在 multi_thread×2 上 {}；\
             乒乓往返在 current_thread 上 {} 纳秒，在 multi_thread×2 上 {} 纳秒。\
             同一个 flume 通道，SPSC bounded(1024)：两个线程之间 {}，multi_thread×2 运行时的两个任务之间 {}。",
            mps(tokio(ct, Spsc)?),
            mps(tokio(mt, Spsc)?),
            fmt_value(tokio(ct, PingPong)?.ns),
            fmt_value(tokio(mt, PingPong)?.ns),
            mps(flume_sync),
            mps(flume_mt)
        ),
    );

    // Message size: copying against boxing.
    let size = |msg| results.need(Spsc, msg, Imp::Crossbeam, SIZE_CAP);
    let (small, b128, b1024, boxed) = (
        size(Msg::U64)?,
        size(Msg::Bytes128)?,
        size(Msg::Bytes1024)?,
        size(Msg::Boxed1024)?,
    );
    h.add(
        "size",
        &format!(
            "crossbeam-channel，SPSC，{}：`u64` {}，`[u8; 128]` {}，`[u8; 1024]` {}，\
             `Box<[u8; 1024]>` {}。按字节算，`[u8; 1024]` 每秒搬运 {:.1} GB。{}。",
            SIZE_CAP.label(),
            mps(small),
            mps(b128),
            mps(b1024),
            mps(boxed),
            b1024.mps() * 1024.0 / 1000.0,
            compare(
                "装箱发送 1 KiB 的吞吐量",
                boxed.mps(),
                "直接发送 `[u8; 1024]` ",
                b1024.mps()
            )
        ),
    );

    // Channel against Mutex<VecDeque> + Condvar.
    let mutex = |t| results.need(t, Msg::U64, Imp::MutexDeque, big);
    let channel = |t| results.need(t, Msg::U64, Imp::Crossbeam, big);
    let mut parts = Vec::new();
    for t in MUTEX_TOPOLOGIES {
        let (c, m) = (channel(t)?, mutex(t)?);
        parts.push(format!(
            "{}：通道 {}，`Mutex<VecDeque>` {}（{}）",
            short(t),
            fmt_value(c.mps()),
            fmt_value(m.mps()),
            compare("通道", c.mps(), "它", m.mps())
        ));
    }
    h.add(
        "mutex",
        &format!("bounded(1024)，百万条/秒——{}。", parts.join("；")),
    );

    // The capacity at which crossbeam gets 90 % of its best throughput.
    let sweep: Vec<(Cap, f64)> = SWEEP_CAPS
        .iter()
        .filter_map(|&cap| {
            results
                .get(Spsc, Msg::U64, Imp::Crossbeam, cap)
                .map(|m| (cap, m.mps()))
        })
        .collect();
    let top = sweep.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let knee = sweep
        .iter()
        .find(|(_, v)| *v >= 0.9 * top)
        .map(|(cap, _)| cap.label())
        .ok_or("empty capacity sweep")?;
    h.add(
        "capacity_knee",
        &format!(
            "在这次运行里，crossbeam-channel（SPSC，`u64`）的容量到 **{knee}** 时，吞吐量就达到了\
             扫描中最高值（{} 百万条/秒）的 90%。",
            fmt_value(top)
        ),
    );

    waiting_headlines(results, &mut h)?;

    Ok(h.text)
}

/// The rows of the machine table that depend on the run: the blocking floors (what one
/// wake-up round trip costs on this machine) and the load around the run.
fn run_conditions(results: &Results, run: &RunInfo) -> String {
    let mut out = String::new();
    for imp in [Imp::Park, Imp::Condvar] {
        if let Some(m) = results.get(Topology::PingPong, Msg::U64, imp, Cap::Bounded(1)) {
            let _ = writeln!(
                out,
                "| {} | 每次往返 {} 纳秒（95% 区间 {}–{}） |",
                imp.label(),
                fmt_value(m.ns),
                fmt_value(m.ns_low),
                fmt_value(m.ns_high)
            );
        }
    }
    let load = |l: &Option<Load>| {
        l.map(|l| {
            format!(
                "{:.2} / {:.2} / {:.2}",
                l.loadavg[0], l.loadavg[1], l.loadavg[2]
            )
        })
        .unwrap_or_else(|| "未记录".to_owned())
    };
    let _ = writeln!(
        out,
        "| 负载（1/5/15 分钟平均） | 开始时 {}；结束时 {} |",
        load(&run.load_before),
        load(&run.load_after)
    );
    let steal = match (run.load_before, run.load_after) {
        (Some(before), Some(after)) => format!(
            "运行期间 {:.2}% 的 CPU 时间被宿主机拿走（/proc/stat 的 steal）",
            before.steal_percent_until(&after)
        ),
        _ => "未记录".to_owned(),
    };
    let _ = writeln!(out, "| CPU steal | {steal} |");
    out
}

/// The blocking floor against the channels' ping-pong, and std against crossbeam across the
/// capacity sweep: where waits are frequent and where they are rare.
fn waiting_headlines(results: &Results, h: &mut Headlines) -> Result<(), String> {
    use Topology::*;
    let one = Cap::Bounded(1);
    let park = results.need(PingPong, Msg::U64, Imp::Park, one)?;
    let condvar = results.need(PingPong, Msg::U64, Imp::Condvar, one)?;
    let std = results.need(PingPong, Msg::U64, Imp::Std, one)?;
    let cb = results.need(PingPong, Msg::U64, Imp::Crossbeam, one)?;
    let best_blocking = Imp::core()
        .into_iter()
        .filter(|imp| imp.between_threads())
        .filter_map(|imp| results.get(PingPong, Msg::U64, imp, one))
        .min_by(|a, b| a.ns.total_cmp(&b.ns))
        .ok_or("no ping-pong result")?;
    h.add(
        "blocking_floor",
        &format!(
            "阻塞下限：两个线程轮流 park、互相 unpark，一次往返（两次挂起、两次唤醒）{} 纳秒；\
             用 `Mutex` + `Condvar` 轮流，{} 纳秒。同样一来一回，bounded(1) 的乒乓：\
             std::sync::mpsc {} 纳秒（阻塞下限的 {:.1} 倍），crossbeam-channel {} 纳秒\
             （阻塞下限的 {:.2} 倍）；线程之间最快的通道（{}）{} 纳秒，是阻塞下限的 {:.2} 倍。",
            fmt_value(park.ns),
            fmt_value(condvar.ns),
            fmt_value(std.ns),
            std.ns / park.ns,
            fmt_value(cb.ns),
            cb.ns / park.ns,
            best_blocking.spec.imp.label(),
            fmt_value(best_blocking.ns),
            best_blocking.ns / park.ns
        ),
    );

    let mut lines = Vec::new();
    for cap in SWEEP_CAPS {
        let s = results.need(Spsc, Msg::U64, Imp::Std, cap)?;
        let c = results.need(Spsc, Msg::U64, Imp::Crossbeam, cap)?;
        let verdict = if s.ns_low > c.ns_high {
            "crossbeam 快（区间不重叠）"
        } else if c.ns_low > s.ns_high {
            "std 快（区间不重叠）"
        } else {
            "分不出（区间重叠）"
        };
        lines.push(format!(
            "| {} | {} | {} | {:.2} | {verdict} |",
            cap.label(),
            fmt_value(s.mps()),
            fmt_value(c.mps()),
            c.mps() / s.mps()
        ));
    }
    h.add(
        "wait_sweep",
        &format!(
            "| 容量 | std（百万条/秒） | crossbeam（百万条/秒） | crossbeam ÷ std | 95% 区间 |\n\
             | --- | ---: | ---: | ---: | --- |\n{}\n\n\
             SPSC、`u64`，同一次运行的容量扫描。容量越小，一方越常因为满或空而等待。",
            lines.join("\n")
        ),
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes every output file into `out`.
pub fn write_all(
    results: &Results,
    run: &RunInfo,
    machine: &Machine,
    out: &Path,
) -> Result<(), String> {
    let tables = out.join("tables");
    let charts = out.join("charts");
    // Tables and charts are regenerated from scratch: a renamed study leaves nothing stale.
    for dir in [&tables, &charts] {
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
        }
    }
    for dir in [out, &tables, &charts] {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let write = |path: PathBuf, text: String| {
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };

    write(out.join("results.csv"), csv(results))?;
    write(
        out.join("machine.md"),
        machine.markdown(run, results.len()) + &run_conditions(results, run),
    )?;
    write(out.join("headlines.md"), headlines(results, run, machine)?)?;
    write(out.join("handmade.md"), crate::handmade::report(results)?)?;

    for topology in Topology::CORE {
        let grid = core_grid(results, topology);
        write(
            tables.join(format!("core-{}.md", topology.key())),
            grid.markdown(),
        )?;
        write(
            charts.join(format!("core-{}.svg", topology.key())),
            grid.chart(),
        )?;
    }
    let grid = single_thread_grid(results);
    write(tables.join("single-thread.md"), grid.markdown())?;
    write(charts.join("single-thread.svg"), grid.chart())?;
    let grid = capacity_grid(results);
    write(tables.join("capacity.md"), grid.markdown())?;
    write(charts.join("capacity.svg"), capacity_chart(results))?;
    let grid = size_grid(results);
    write(tables.join("message-size.md"), grid.markdown())?;
    write(charts.join("message-size.svg"), grid.chart())?;
    let grid = mutex_grid(results);
    write(tables.join("mutex.md"), grid.markdown())?;
    write(charts.join("mutex.svg"), grid.chart())?;
    write(tables.join("batching.md"), batching_table(results)?)?;
    write(charts.join("batching.svg"), batching_chart(results)?)?;
    Ok(())
}

fn csv(results: &Results) -> String {
    let mut out = String::from(
        "topology,message,implementation,capacity,ns_per_iteration,ns_low,ns_high,million_per_second,estimator\n",
    );
    for m in results.map.values() {
        let _ = writeln!(
            out,
            "{},{},{},{},{:.3},{:.3},{:.3},{:.4},{}",
            m.spec.topology.key(),
            m.spec.msg.key(),
            m.spec.imp.key(),
            m.spec.cap.key(),
            m.ns,
            m.ns_low,
            m.ns_high,
            m.mps(),
            if m.from_slope { "slope" } else { "mean" }
        );
    }
    out
}

/// A complete set of made-up results, for the generator's own tests.
#[cfg(test)]
fn fake_results() -> Results {
    let mut results = Results::default();
    for (i, spec) in all_specs().into_iter().enumerate() {
        let ns = 10.0 + (i % 17) as f64 * 7.0;
        results.insert(Measurement {
            spec,
            ns,
            ns_low: ns * 0.98,
            ns_high: ns * if i % 5 == 0 { 1.3 } else { 1.02 },
            from_slope: true,
        });
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file_from_a_complete_run() {
        let results = fake_results();
        results.check_complete().unwrap();
        let out = std::env::temp_dir().join(format!("bench-report-test-{}", std::process::id()));
        let run = RunInfo {
            mode: "smoke".into(),
            duration_secs: Some(75.0),
            settings: "test".into(),
            load_before: Load::parse_line("0.50 0.40 0.30 100 10000"),
            load_after: Load::parse_line("1.50 0.90 0.50 150 20000"),
        };
        write_all(&results, &run, &Machine::fake(), &out).unwrap();
        let headlines = fs::read_to_string(out.join("headlines.md")).unwrap();
        for anchor in [
            "machine",
            "duration",
            "floor_spsc",
            "rendezvous",
            "batching",
            "floor_pingpong",
            "std_vs_crossbeam",
            "oversubscription",
            "producers",
            "single_thread",
            "runtime",
            "size",
            "mutex",
            "capacity_knee",
            "blocking_floor",
            "wait_sweep",
        ] {
            assert!(
                headlines.contains(&format!("ANCHOR: {anchor} ")),
                "{anchor}"
            );
        }
        assert!(headlines.contains("1 分 15 秒"));
        let table = fs::read_to_string(out.join("tables/core-spsc.md")).unwrap();
        assert!(table.contains("| crossbeam-channel |"), "{table}");
        assert!(table.contains("\\*"), "noisy values are marked");
        let mpsc2 = fs::read_to_string(out.join("tables/core-mpsc2.md")).unwrap();
        assert!(mpsc2.contains("| kanal |"), "{mpsc2}");
        let single = fs::read_to_string(out.join("tables/single-thread.md")).unwrap();
        assert!(single.contains("单线程，bounded(1024)"), "{single}");
        assert!(
            single.contains("| Mutex&lt;VecDeque&gt; + Condvar |"),
            "{single}"
        );
        assert!(!single.contains('—'), "every cell has a result: {single}");
        for chart in ["core-mpsc2.svg", "single-thread.svg"] {
            assert!(out.join("charts").join(chart).exists(), "{chart}");
        }
        let machine = fs::read_to_string(out.join("machine.md")).unwrap();
        for row in [
            "| 阻塞下限：park/unpark 乒乓 | 每次往返",
            "| 负载（1/5/15 分钟平均） | 开始时 0.50 / 0.40 / 0.30；结束时 1.50",
            "| CPU steal | 运行期间 0.50%",
        ] {
            assert!(machine.contains(row), "{row} missing from:\n{machine}");
        }
        let pingpong = fs::read_to_string(out.join("tables/core-pingpong.md")).unwrap();
        assert!(
            pingpong.contains("| *阻塞下限：Mutex + Condvar 乒乓* |"),
            "{pingpong}"
        );
        let mpmc = fs::read_to_string(out.join("tables/core-mpmc2x2.md")).unwrap();
        assert!(mpmc.contains("卡住†") && mpmc.contains("\n† "), "{mpmc}");
        fs::remove_dir_all(out).unwrap();
    }

    #[test]
    fn an_incomplete_run_is_refused() {
        let mut results = fake_results();
        results.map.pop_first();
        assert!(results.check_complete().is_err());
    }

    #[test]
    fn comparisons_say_which_way() {
        assert!(compare("甲", 30.0, "乙", 10.0).contains("3.0 倍"));
        assert!(compare("甲", 5.0, "乙", 10.0).contains("50%"));
    }
}
