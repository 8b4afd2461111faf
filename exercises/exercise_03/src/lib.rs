//! 练习 03：满了就拒绝，而不是卡住
//!
//! 一个服务把任务放进容量有限的队列（`sync_channel`）。队列满时，提交者不应被卡住，
//! 而应立刻得到“忙”的答复，并**拿回自己的任务**（比如稍后重试，或告诉用户稍后再来）。
//!
//! 实现 [`bounded_queue`] 和 [`Submitter::submit`]。
//!
//! 运行测试：`cargo test -p exercise_03`

use std::sync::mpsc::{Receiver, SyncSender};

/// 任务没有被放进队列的原因。两种情况都把任务原样交还给调用者。
#[derive(Debug, PartialEq, Eq)]
pub enum Rejected<T> {
    /// 队列已满（容量为 0 时：此刻没有接收者在等）。稍后重试可能成功。
    Busy(T),
    /// 接收端已经不存在，以后也不可能成功。
    Closed(T),
}

/// 提交任务的一方。
#[derive(Debug, Clone)]
pub struct Submitter<T> {
    tx: SyncSender<T>,
}

/// 创建容量为 `capacity` 的任务队列：返回提交者和取任务的接收端。
pub fn bounded_queue<T>(capacity: usize) -> (Submitter<T>, Receiver<T>) {
    // TODO: 哪个函数创建有界通道？
    let _ = capacity;
    todo!("创建有界通道，把 SyncSender 包进 Submitter")
}

impl<T> Submitter<T> {
    /// 立即返回：放进队列则 `Ok(())`，否则 `Err(Rejected)`，任务原样交还。
    pub fn submit(&self, job: T) -> Result<(), Rejected<T>> {
        // TODO: send 在队列满时会怎样？有没有一个从不阻塞的发送方法？
        // TODO: 它的错误类型里装着什么？怎样把任务取出来交还？
        let _ = (&self.tx, job);
        todo!("不阻塞地发送，把两种错误映射成 Rejected")
    }
}

#[cfg(test)]
mod tests;
