//! 第 6 章「工作共享与工作窃取」里比较的三种调度方式。
//!
//! 三个函数做同一件事：用 `workers` 个线程执行 `costs.len()` 个任务，任务 `i` 的工作量是
//! `costs[i]` 轮忙碌计算（见 [`spin`]）。它们只在一点上不同：任务怎样到达线程手里。
//! 每个函数返回 [`Run`]：每个线程按执行顺序做了哪些任务，以及并行阶段的墙钟时间。

use crossbeam::channel;
use crossbeam::deque::{Injector, Steal, Stealer, Worker};
use std::hint::black_box;
use std::ops::Range;
use std::thread;
use std::time::{Duration, Instant};

/// 确定性的忙碌计算：耗时只取决于 `rounds`，和时钟、和别的线程都无关。
pub fn spin(rounds: u64) -> u64 {
    let mut x = rounds;
    for i in 0..rounds {
        x = black_box(x.rotate_left(7) ^ i);
    }
    x
}

/// 一次运行的结果。
#[derive(Debug)]
pub struct Run {
    /// `executed[w]`：线程 `w` 依次执行的任务下标。
    pub executed: Vec<Vec<usize>>,
    /// 从启动线程到所有线程结束的时间（不含准备任务队列的时间）。
    pub wall: Duration,
    /// 从别的线程的队列里偷来的任务数（只有工作窃取的两种方式会偷）。
    pub stolen: usize,
}

/// 把 `0..len` 切成 `workers` 段连续的下标，段长最多相差 1。
pub fn partition(len: usize, workers: usize) -> Vec<Range<usize>> {
    (0..workers)
        .map(|w| (w * len / workers)..((w + 1) * len / workers))
        .collect()
}

/// 每个线程执行自己那份，返回它执行过的任务下标。
fn execute(costs: &[u64], tasks: impl Iterator<Item = usize>) -> Vec<usize> {
    tasks
        .inspect(|&i| {
            black_box(spin(costs[i]));
        })
        .collect()
}

// ANCHOR: static
/// 静态分配：事先把任务切成 `workers` 段，每个线程只做自己那一段。
pub fn run_static(costs: &[u64], workers: usize) -> Run {
    let start = Instant::now();
    let executed = thread::scope(|s| {
        let handles: Vec<_> = partition(costs.len(), workers)
            .into_iter()
            .map(|share| s.spawn(move || execute(costs, share)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    Run {
        executed,
        wall: start.elapsed(),
        stolen: 0,
    }
}
// ANCHOR_END: static

// ANCHOR: sharing
/// 工作共享：所有任务放进一个共享的队列（MPMC 通道），空闲的线程从里面取下一个。
pub fn run_sharing(costs: &[u64], workers: usize) -> Run {
    let (tx, rx) = channel::unbounded();
    for i in 0..costs.len() {
        tx.send(i).unwrap();
    }
    // 任务都已入队：drop 发送端，队列取空后 `rx.iter()` 就会结束。
    drop(tx);
    let start = Instant::now();
    let executed = thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let rx = rx.clone();
                s.spawn(move || execute(costs, rx.iter()))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    Run {
        executed,
        wall: start.elapsed(),
        stolen: 0,
    }
}
// ANCHOR_END: sharing

// ANCHOR: find_task
/// 任务是从哪里找到的。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Local,
    Injector,
    Stolen,
}

/// 找下一个任务：自己的队列 → 全局的 Injector → 别人的队列。
/// 返回 `None` 表示此刻哪里都没有任务。
pub fn find_task<T>(
    local: &Worker<T>,
    injector: &Injector<T>,
    stealers: &[Stealer<T>],
) -> Option<(T, Source)> {
    // 1. 自己的队列：不和任何人竞争，最便宜。
    if let Some(task) = local.pop() {
        return Some((task, Source::Local));
    }
    loop {
        let mut contended = false;
        // 2. 全局的 Injector：拿一批搬进自己的队列，并直接取出其中一个。
        match injector.steal_batch_and_pop(local) {
            Steal::Success(task) => return Some((task, Source::Injector)),
            Steal::Retry => contended = true,
            Steal::Empty => {}
        }
        // 3. 别人的队列：从另一端偷一个。
        for stealer in stealers {
            match stealer.steal() {
                Steal::Success(task) => return Some((task, Source::Stolen)),
                Steal::Retry => contended = true,
                Steal::Empty => {}
            }
        }
        // Retry 只说明和别的线程撞上了，不说明没有任务：再找一轮。
        if !contended {
            return None;
        }
    }
}
// ANCHOR_END: find_task

// ANCHOR: stealing
/// 工作窃取：起点和静态分配一样——每个线程的队列里预先放好自己那一段；
/// 区别在于，自己的做完了，就去别人的队列里偷。
pub fn run_stealing(costs: &[u64], workers: usize) -> Run {
    let locals: Vec<Worker<usize>> = partition(costs.len(), workers)
        .into_iter()
        .map(|share| {
            let local = Worker::new_lifo();
            share.for_each(|i| local.push(i));
            local
        })
        .collect();
    // 外部提交的任务从这里进入；这个实验里所有任务事先分好了，它始终是空的。
    run_with_queues(costs, locals, Injector::new())
}
// ANCHOR_END: stealing

// ANCHOR: injected
/// 工作窃取，任务从全局的 Injector 进入：每个线程的队列起初是空的，
/// 它们从 Injector 一批一批地搬任务，自己的做完了、Injector 也空了，才去偷。
pub fn run_injected(costs: &[u64], workers: usize) -> Run {
    let injector = Injector::new();
    for i in 0..costs.len() {
        injector.push(i);
    }
    let locals = (0..workers).map(|_| Worker::new_lifo()).collect();
    run_with_queues(costs, locals, injector)
}
// ANCHOR_END: injected

// ANCHOR: run_with_queues
/// 每个线程一个本地队列，用 `find_task` 找任务，顺便数一数偷了几个。
fn run_with_queues(costs: &[u64], locals: Vec<Worker<usize>>, injector: Injector<usize>) -> Run {
    let stealers: Vec<Stealer<usize>> = locals.iter().map(Worker::stealer).collect();
    let start = Instant::now();
    let per_thread: Vec<(Vec<usize>, usize)> = thread::scope(|s| {
        let handles: Vec<_> = locals
            .into_iter()
            .map(|local| {
                let (injector, stealers) = (&injector, &stealers);
                // 任务在执行中不会产生新任务，所以“哪里都找不到”就说明全部做完了。
                s.spawn(move || {
                    let mut stolen = 0;
                    let tasks = std::iter::from_fn(|| {
                        let (task, source) = find_task(&local, injector, stealers)?;
                        stolen += usize::from(source == Source::Stolen);
                        Some(task)
                    });
                    let done = execute(costs, tasks);
                    (done, stolen)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let stolen = per_thread.iter().map(|(_, n)| n).sum();
    Run {
        executed: per_thread.into_iter().map(|(done, _)| done).collect(),
        wall: start.elapsed(),
        stolen,
    }
}
// ANCHOR_END: run_with_queues

/// 不均匀的工作量：前一半任务每个 `heavy` 轮，后一半每个 `light` 轮。
/// 静态分配给两个线程时，第一个线程分到全部重活。
pub fn uneven(tasks: usize, heavy: u64, light: u64) -> Vec<u64> {
    (0..tasks)
        .map(|i| if i < tasks / 2 { heavy } else { light })
        .collect()
}

/// 检查每个任务恰好执行了一次。
pub fn assert_each_task_once(run: &Run, tasks: usize) {
    let mut all: Vec<usize> = run.executed.iter().flatten().copied().collect();
    all.sort_unstable();
    assert_eq!(
        all,
        (0..tasks).collect::<Vec<_>>(),
        "每个任务应恰好执行一次"
    );
}

/// 每个线程做了多少个任务、多少轮计算。
pub fn per_worker(run: &Run, costs: &[u64]) -> Vec<(usize, u64)> {
    run.executed
        .iter()
        .map(|done| (done.len(), done.iter().map(|&i| costs[i]).sum()))
        .collect()
}
