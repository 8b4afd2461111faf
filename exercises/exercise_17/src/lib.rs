//! 练习 17：能优雅关闭的线程池
//!
//! 实现 [`Pool`]：固定数目的工作线程从一个共享队列里取任务执行。
//!
//! * 任务 panic 不能让工作线程死掉：它被计入 `panicked`，这个线程继续干活。
//! * [`Pool::shutdown`] 有两种方式：
//!   - `Drain`：不再接收新任务，把队列里的任务全部做完，再等工作线程结束；
//!   - `Abort`：先把队列里**还没开始**的任务立刻取出、drop 并计入 `discarded`
//!     （它们捕获的东西随之释放），再等正在运行的任务结束。
//! * 不变量：每个提交的任务恰好落在 `completed`、`panicked`、`discarded` 之一。
//!
//! 运行测试：`cargo test -p exercise_17`

use crossbeam_channel::{Receiver, Sender};
use std::thread::JoinHandle;

/// 一个任务：只运行一次的闭包。
pub type Job = Box<dyn FnOnce() + Send + 'static>;

/// 关停方式。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shutdown {
    /// 做完所有已提交的任务。
    Drain,
    /// 丢弃还没开始的任务，只等正在运行的。
    Abort,
}

/// 关停时的统计。
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// 正常运行完的任务数。
    pub completed: usize,
    /// 运行时 panic 的任务数。
    pub panicked: usize,
    /// 没有运行就被丢弃的任务数（只有 Abort 会丢弃）。
    pub discarded: usize,
}

/// 线程池。
#[derive(Debug)]
#[allow(dead_code)] // 实现 new 之后，这些字段就都用上了，可以删掉这一行。
pub struct Pool {
    /// 任务通道唯一的 Sender。
    jobs: Sender<Job>,
    /// 池子自己留的一个 Receiver：Abort 时用它取出还没开始的任务。
    queue: Receiver<Job>,
    /// 工作线程。每个线程结束时返回它自己的统计（discarded 总是 0）。
    workers: Vec<JoinHandle<Report>>,
}

impl Pool {
    /// 启动 `workers` 个工作线程（至少 1 个）。
    pub fn new(workers: usize) -> Pool {
        // TODO: 多个工作线程要从同一个队列取任务，每个任务只给其中一个：用什么通道？
        // TODO: 每个工作线程 move 进去的是什么？
        let _ = workers;
        todo!("创建任务通道，启动工作线程")
    }

    /// 提交一个任务。
    pub fn submit<F>(&self, job: F)
    where
        F: FnOnce() + Send + 'static,
    {
        // TODO: 闭包要先变成 Job（Box）才能放进通道。send 在这里可能失败吗？
        let _ = job;
        todo!("把任务放进队列")
    }

    /// 关停线程池，返回统计。
    pub fn shutdown(self, mode: Shutdown) -> Report {
        // TODO: 工作线程的循环什么时候结束？要让它们结束，首先要 drop 什么？
        // TODO: Abort：还没开始的任务在哪里？怎样在 join 工作线程**之前**把它们取出来 drop 掉？
        // TODO: 每个工作线程返回自己的 Report：怎样把它们加起来？
        let _ = mode;
        todo!("按 mode 关停：drop Sender，（Abort 时）丢弃队列里的任务，join 工作线程")
    }
}

/// 一个工作线程的循环：不断取任务执行，直到队列断开且取空；返回这个线程的统计。
#[allow(dead_code)] // 在 Pool::new 里用上它之后，可以删掉这一行。
fn work(queue: Receiver<Job>) -> Report {
    // TODO: 任务 panic 时，怎样不让 panic 把这个线程带走？（std::panic 里有个函数能“接住” panic）
    let _ = queue;
    todo!("循环取任务，执行，统计 completed 和 panicked")
}

#[cfg(test)]
mod tests;
