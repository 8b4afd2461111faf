//! 第 6 章「工作共享与工作窃取」的测量程序。
//!
//! ```console
//! cargo run --release -p solution_12 --example sharing_vs_stealing
//! ```
//!
//! 实验一：不均匀的工作量（前一半任务重、后一半轻），2 个线程，比较静态分配、工作共享和
//! 工作窃取的墙钟时间，以及每个线程做了多少任务。实验二：大量空任务，比较每个任务的调度开销。
//!
//! 机器上可能同时有别的负载，所以各种方式**轮流**运行 `ROUNDS` 轮（一次干扰会同时波及每一种
//! 方式，而不是恰好落在其中一种上），报告墙钟时间的中位数和最快、最慢的一次，以及中位数那一次的分工。

mod schedulers;

use schedulers::{
    assert_each_task_once, per_worker, run_injected, run_sharing, run_static, run_stealing, uneven,
    Run,
};
use std::time::Duration;

const WORKERS: usize = 2;
const ROUNDS: usize = 11;

type Scheduler = fn(&[u64], usize) -> Run;

/// 一行测量：名字、调度函数、线程数。
type Row = (&'static str, Scheduler, usize);

/// 轮流运行每一行 ROUNDS 次；对每一行，按墙钟时间排序返回所有运行。
fn measure(rows: &[Row], costs: &[u64]) -> Vec<Vec<Run>> {
    let mut runs: Vec<Vec<Run>> = rows.iter().map(|_| Vec::new()).collect();
    for _ in 0..ROUNDS {
        for (row, &(_, scheduler, workers)) in rows.iter().enumerate() {
            let run = scheduler(costs, workers);
            assert_each_task_once(&run, costs.len());
            runs[row].push(run);
        }
    }
    for row in &mut runs {
        row.sort_by_key(|run| run.wall);
    }
    runs
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

/// “中位数（最快–最慢）”，单位毫秒。
fn spread(runs: &[Run]) -> String {
    format!(
        "{} ms（{}–{}）",
        ms(runs[ROUNDS / 2].wall),
        ms(runs[0].wall),
        ms(runs[ROUNDS - 1].wall)
    )
}

fn main() {
    println!(
        "机器：{} 个可用的 CPU。每种方式轮流运行 {ROUNDS} 轮；时间是中位数（最快–最慢）。\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    // 实验一：不均匀的工作量。
    let costs = uneven(2_000, 400_000, 40_000);
    let total: u64 = costs.iter().sum();
    let rows: [Row; 5] = [
        ("1 个线程（基准）", run_static, 1),
        ("静态分配", run_static, WORKERS),
        ("工作共享（共享通道）", run_sharing, WORKERS),
        ("工作窃取（crossbeam::deque）", run_stealing, WORKERS),
        ("工作窃取，任务从 Injector 进入", run_injected, WORKERS),
    ];
    println!(
        "## 实验一：2 000 个任务，前一半每个 400 000 轮，后一半每个 40 000 轮（共 {total} 轮）\n"
    );
    println!(
        "| 调度方式 | 墙钟时间 | 线程 0：任务数 / 工作量 | 线程 1：任务数 / 工作量 | 偷来的任务 |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for (&(name, _, _), runs) in rows.iter().zip(measure(&rows, &costs)) {
        let median = &runs[ROUNDS / 2];
        let mut cells: Vec<String> = per_worker(median, &costs)
            .iter()
            .map(|(tasks, rounds)| {
                format!("{tasks} / {:.0}%", *rounds as f64 * 100.0 / total as f64)
            })
            .collect();
        cells.resize(WORKERS, "—".to_string());
        let stolen = stolen_cell(name, median);
        println!(
            "| {name} | {} | {} | {} | {stolen} |",
            spread(&runs),
            cells[0],
            cells[1]
        );
    }

    // 实验二：1 000 000 个没有工作量的任务，测的是调度本身的开销。
    let tiny = vec![0u64; 1_000_000];
    let rows: [Row; 5] = [
        ("静态分配", run_static, WORKERS),
        ("工作共享（共享通道）", run_sharing, WORKERS),
        ("工作窃取（crossbeam::deque）", run_stealing, WORKERS),
        ("工作窃取，任务从 Injector 进入", run_injected, WORKERS),
        // 对照：只有 1 个线程取任务时，共享通道上没有争用。
        ("工作共享，只有 1 个线程", run_sharing, 1),
    ];
    println!("\n## 实验二：1 000 000 个空任务（只有调度开销）\n");
    println!("| 调度方式 | 墙钟时间 | 平均每个任务 | 偷来的任务（最少–最多） |");
    println!("| --- | --- | --- | --- |");
    for (&(name, _, _), runs) in rows.iter().zip(measure(&rows, &tiny)) {
        let steals = if name.starts_with("工作窃取") {
            let fewest = runs.iter().map(|r| r.stolen).min().unwrap_or(0);
            let most = runs.iter().map(|r| r.stolen).max().unwrap_or(0);
            format!("{}（{fewest}–{most}）", runs[ROUNDS / 2].stolen)
        } else {
            "—".to_string()
        };
        println!(
            "| {name} | {} | {:.1} ns | {steals} |",
            spread(&runs),
            runs[ROUNDS / 2].wall.as_secs_f64() * 1e9 / tiny.len() as f64
        );
    }
}

/// 偷来的任务数：只有工作窃取的两种方式会偷，别的方式写“—”。
fn stolen_cell(name: &str, run: &Run) -> String {
    if name.starts_with("工作窃取") {
        run.stolen.to_string()
    } else {
        "—".to_string()
    }
}
