//! 错误：一开始就把所有任务塞进无界的任务通道，工作线程死时不知道它拿走了哪些
//! 期望：一次只交出一个任务

use crossbeam_channel::{bounded, Receiver, Sender};
use std::collections::VecDeque;
use std::sync::Arc;
use std::thread::{self, JoinHandle};

pub const MAX_ATTEMPTS: usize = 3;

pub type Work = Arc<dyn Fn(u32) -> u64 + Send + Sync + 'static>;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub done: Vec<(u32, u64)>,
    pub failed: Vec<u32>,
    pub restarts: usize,
}

#[derive(Debug)]
struct Worker {
    tasks: Sender<u32>,
    results: Receiver<u64>,
    thread: JoinHandle<()>,
}

// ANCHOR: solution
fn spawn_worker(work: &Work) -> Worker {
    let (tasks, task_rx) = crossbeam_channel::unbounded::<u32>();
    let (result_tx, results) = bounded::<u64>(1);
    let work = Arc::clone(work);
    let thread = thread::spawn(move || {
        for job in task_rx {
            // 这里不拦 panic：work panic 时，这个线程连同 result_tx 一起消失，
            // 监督者的 recv 随即返回 Err——这就是它得知“工作线程死了”的方式。
            if result_tx.send(work(job)).is_err() {
                break;
            }
        }
    });
    Worker {
        tasks,
        results,
        thread,
    }
}

pub fn supervise(jobs: Vec<u32>, work: Work) -> Report {
    let mut report = Report::default();
    // 每个任务带着已经尝试过的次数。
    let mut queue: VecDeque<(u32, usize)> = jobs.into_iter().map(|job| (job, 0)).collect();
    let mut worker = spawn_worker(&work);
    for &(job, _) in &queue {
        let _ = worker.tasks.send(job);
    }
    while let Some((job, attempts)) = queue.pop_front() {
        match worker.results.recv() {
            Ok(result) => report.done.push((job, result)),
            Err(_) => {
                let dead = std::mem::replace(&mut worker, spawn_worker(&work));
                // join 返回 Err（里面是 panic 的内容）；它已经说完了要说的，不再 unwrap。
                let _ = dead.thread.join();
                report.restarts += 1;
                if attempts + 1 < MAX_ATTEMPTS {
                    queue.push_front((job, attempts + 1));
                } else {
                    report.failed.push(job);
                }
            }
        }
    }
    // 没有任务了：drop 任务通道的 Sender，工作线程的 for 循环结束，再 join 它。
    drop(worker.tasks);
    let _ = worker.thread.join();
    report
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
