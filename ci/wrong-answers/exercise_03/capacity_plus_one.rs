//! 错误：怕容量 0 出问题，创建通道时多给了一个位置：sync_channel(capacity + 1)
//! 期望：队列已满，第 3 个任务应被拒绝为 Busy

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
    let (tx, rx) = mpsc::sync_channel(capacity + 1);
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
