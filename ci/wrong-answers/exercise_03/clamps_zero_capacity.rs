//! 错误：把容量 0 悄悄改成 1：没有接收者在等时，容量 0 的队列也接受了任务
//! 期望：容量 0 的通道没有缓冲区

use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};

#[derive(Debug, PartialEq, Eq)]
pub enum Rejected<T> {
    Busy(T),
    Closed(T),
}

#[derive(Debug, Clone)]
pub struct Submitter<T> {
    tx: SyncSender<T>,
}

pub fn bounded_queue<T>(capacity: usize) -> (Submitter<T>, Receiver<T>) {
    let (tx, rx) = mpsc::sync_channel(capacity.max(1));
    (Submitter { tx }, rx)
}

impl<T> Submitter<T> {
    pub fn submit(&self, job: T) -> Result<(), Rejected<T>> {
        // 关键决定：try_send 从不阻塞，而且失败时把消息放在错误里还给我们。
        self.tx.try_send(job).map_err(|error| match error {
            TrySendError::Full(job) => Rejected::Busy(job),
            TrySendError::Disconnected(job) => Rejected::Closed(job),
        })
    }
}

#[cfg(test)]
mod tests;
