//! 练习 22：重启 panic 的工作线程，一个任务也不丢
//!
//! 实现 [`supervise`]：一个监督者（调用 `supervise` 的线程）把 `jobs` 逐个交给一个工作线程，
//! 工作线程对每个任务调用 `work`。`work` 可能 panic，panic 会带走整个工作线程。监督者要：
//!
//! * 发现工作线程死了（它的结果通道断开，`JoinHandle::join` 返回 `Err`），启动一个**新的**
//!   工作线程，并把死去的线程手里那个任务**重新交出去**；每次重启，`restarts` 加一；
//! * 同一个任务最多尝试 [`MAX_ATTEMPTS`] 次；第 `MAX_ATTEMPTS` 次仍然 panic，就把它记进
//!   `failed`，不再重试；
//! * 成功的任务恰好出现在 `done` 里一次（带着它的结果），不重复运行；
//! * 监督者自己不能 panic；返回时，它启动的工作线程都已结束。
//!
//! 运行测试：`cargo test -p exercise_22`

use crossbeam_channel::{Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

/// 一个任务最多尝试几次。
pub const MAX_ATTEMPTS: usize = 3;

/// 对一个任务做的工作；可能 panic。
pub type Work = Arc<dyn Fn(u32) -> u64 + Send + Sync + 'static>;

/// 监督的结果。
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// 完成的任务和它的结果。
    pub done: Vec<(u32, u64)>,
    /// 尝试了 `MAX_ATTEMPTS` 次都 panic 的任务。
    pub failed: Vec<u32>,
    /// 工作线程死掉、监督者启动新线程的次数。
    pub restarts: usize,
}

/// 监督者手里的一个工作线程：交任务的 Sender、收结果的 Receiver、线程句柄。
#[derive(Debug)]
#[allow(dead_code)] // 用上它之后，可以删掉这一行。
struct Worker {
    tasks: Sender<u32>,
    results: Receiver<u64>,
    thread: JoinHandle<()>,
}

/// 启动一个工作线程：它从任务通道取任务，调用 `work`，把结果送回结果通道。
#[allow(dead_code)] // 在 supervise 里用上它之后，可以删掉这一行。
fn spawn_worker(work: &Work) -> Worker {
    // TODO: 工作线程 panic 时，监督者怎样“听到”？它持有的结果通道 Sender 会怎样？
    let _ = work;
    todo!("创建两条通道，启动线程，返回 Worker")
}

/// 运行所有任务，重启死掉的工作线程，返回统计。
pub fn supervise(jobs: Vec<u32>, work: Work) -> Report {
    // TODO: 一次交出几个任务，工作线程死掉时才能确切知道它手里是哪一个？
    // TODO: recv 返回 Err 时：join 死掉的线程（它返回的 Err 能 unwrap 吗？），启动新线程，
    //       这个任务还能再试吗？
    // TODO: 任务做完之后，怎样让最后一个工作线程结束？
    let _ = (jobs, work);
    todo!("逐个交出任务，监督工作线程")
}

#[cfg(test)]
mod tests;
